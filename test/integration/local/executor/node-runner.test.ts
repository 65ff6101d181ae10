import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, type Fixture } from './helpers';

describe('executor: nodejs runner', () => {
  let f: Fixture;
  before(() => {
    f = fixture();
  });
  after(() => f.close());

  it('runs an async CommonJS handler with a context object and warm reuse', async () => {
    const dir = f.code({
      'index.js': `let count = 0;
exports.handler = async (event, context) => {
  count++;
  console.log('hello', event.name);
  return { count, name: event.name, fn: context.functionName, id: context.awsRequestId, arn: context.invokedFunctionArn,
    mem: context.memoryLimitInMB, group: context.logGroupName, remaining: context.getRemainingTimeInMillis(),
    waits: context.callbackWaitsForEmptyEventLoop };
};`,
    });
    const fn = f.fn({ codeDir: dir, functionName: 'cjs' });
    const a = await f.invoke(fn, { name: 'a' }, { requestId: 'req-1' });
    assert.equal(a.functionError, undefined);
    const ja = a.json as Record<string, unknown>;
    assert.deepEqual(
      { ...ja, remaining: undefined },
      { count: 1, name: 'a', fn: 'cjs', id: 'req-1', arn: fn.functionArn, mem: '128', group: '/aws/lambda/cjs', remaining: undefined, waits: true },
    );
    assert.ok((ja.remaining as number) > 0 && (ja.remaining as number) <= 3000);
    const b = await f.invoke(fn, { name: 'b' });
    assert.equal((b.json as { count: number }).count, 2, 'the second invoke reuses the warm environment');
    assert.equal(f.executor.stats().environments, 1);
    assert.match(a.logs, /^START RequestId: req-1 Version: \$LATEST\n/);
    assert.match(a.logs, /\treq-1\tINFO\thello a\n/);
    assert.match(
      a.logs,
      /END RequestId: req-1\nREPORT RequestId: req-1\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: \d+\.\d\d ms\t\n$/,
    );
    assert.doesNotMatch(b.logs, /Init Duration/, 'a warm invoke has no Init Duration');
  });

  it('runs ESM handlers: .mjs and .js under "type": "module"', async () => {
    const mjs = f.code({ 'app/main.mjs': 'export const go = async (e) => ({ esm: true, v: e.v });' });
    const r1 = await f.invoke(f.fn({ codeDir: mjs, handler: 'app/main.go' }), { v: 1 });
    assert.deepEqual(r1.json, { esm: true, v: 1 });
    const typed = f.code({
      'package.json': '{"type":"module"}',
      'index.js': 'export async function handler() { return import.meta.url.startsWith("file:"); }',
    });
    const r2 = await f.invoke(f.fn({ codeDir: typed }));
    assert.equal(r2.json, true);
    const cjs = f.code({ 'h.cjs': 'module.exports.nested = { fn: async () => "cjs" };' });
    const r3 = await f.invoke(f.fn({ codeDir: cjs, handler: 'h.nested.fn' }));
    assert.equal(r3.json, 'cjs');
  });

  it('supports callback handlers, waiting for the empty event loop unless told not to', async () => {
    const dir = f.code({
      'index.js': `exports.handler = (event, context, callback) => {
  if (event.noWait) { context.callbackWaitsForEmptyEventLoop = false; setTimeout(() => {}, 60000); }
  else setTimeout(() => console.log('timer ran'), 20);
  callback(null, { ok: true });
};`,
    });
    const fn = f.fn({ codeDir: dir });
    const r = await f.invoke(fn, {});
    assert.deepEqual(r.json, { ok: true });
    assert.match(r.logs, /INFO\ttimer ran\n[\s\S]*END RequestId/, 'the response waited for the pending timer');
    const r2 = await f.invoke(fn, { noWait: true });
    assert.deepEqual(r2.json, { ok: true });
  });

  it('answers handler errors as Lambda does, with an Invoke Error log line', async () => {
    const dir = f.code({ 'index.js': `exports.handler = async () => { const e = new TypeError('bad thing'); throw e; };` });
    const r = await f.invoke(f.fn({ codeDir: dir }));
    assert.equal(r.functionError, 'Unhandled');
    const err = r.json as { errorType: string; errorMessage: string; trace: string[] };
    assert.equal(err.errorType, 'TypeError');
    assert.equal(err.errorMessage, 'bad thing');
    assert.ok(Array.isArray(err.trace) && err.trace[0] === 'TypeError: bad thing');
    assert.match(r.logs, /\tERROR\tInvoke Error \t\{"errorType":"TypeError","errorMessage":"bad thing","stack":\["TypeError: bad thing/);
    assert.match(r.logs, /Status: error\tError Type: TypeError\t\n$/);
  });

  it('reports Runtime.ImportModuleError and Runtime.HandlerNotFound, then starts fresh', async () => {
    const missing = await f.invoke(f.fn({ codeDir: f.code({ 'other.js': '' }) }));
    assert.equal(missing.functionError, 'Unhandled');
    assert.equal((missing.json as { errorType: string }).errorType, 'Runtime.ImportModuleError');
    assert.match((missing.json as { errorMessage: string }).errorMessage, /Cannot find module 'index'/);
    assert.match(missing.logs, /INIT_REPORT Init Duration: [\d.]+ ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError/);
    const notFound = await f.invoke(f.fn({ codeDir: f.code({ 'index.js': 'exports.other = () => 1;' }) }));
    assert.deepEqual(
      [(notFound.json as { errorType: string }).errorType, (notFound.json as { errorMessage: string }).errorMessage],
      ['Runtime.HandlerNotFound', 'index.handler is undefined or not exported'],
    );
    const syntax = await f.invoke(f.fn({ codeDir: f.code({ 'index.js': 'exports.handler = async () => {' }) }));
    assert.equal((syntax.json as { errorType: string }).errorType, 'Runtime.UserCodeSyntaxError');
  });

  it('formats multi-line console output as one event and honours the JSON log format', async () => {
    const dir = f.code({
      'index.js': `exports.handler = async () => { console.warn('line1\\nline2'); console.debug('dbg'); console.info({ a: 1 }); return 1; };`,
    });
    const text = await f.invoke(f.fn({ codeDir: dir, functionName: 'multi' }));
    const events = f.sink.messages('/aws/lambda/multi');
    assert.ok(
      events.some((m) => /\tWARN\tline1\nline2\n$/.test(m)),
      'one event holds both lines',
    );
    assert.match(text.logs, /\tDEBUG\tdbg\n/);
    const json = await f.invoke(f.fn({ codeDir: dir, functionName: 'jsonfmt', logFormat: 'JSON', applicationLogLevel: 'INFO' }));
    const lines = json.logs
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines[0].type, 'platform.start');
    const app = lines.filter((l) => l.level);
    assert.deepEqual(
      app.map((l) => [l.level, l.message]),
      [
        ['WARN', 'line1\nline2'],
        ['INFO', { a: 1 }],
      ],
      'DEBUG is filtered below INFO',
    );
    const report = lines.find((l) => l.type === 'platform.report') as { record: { metrics: Record<string, number>; status: string } };
    assert.equal(report.record.status, 'success');
    assert.equal(report.record.metrics.memorySizeMB, 128);
    assert.ok(report.record.metrics.initDurationMs > 0);
  });
});
