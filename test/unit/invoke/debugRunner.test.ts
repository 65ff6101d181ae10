// The script Debug Locally runs under the node debugger: it must load CommonJS and ES module handlers
// from the source folder, support callback handlers, pass the environment, and report errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEBUG_RUNNER_SOURCE } from '../../../src/vscode/invoke/debugRunner';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-debug-'));
  writeFileSync(join(dir, 'runner.cjs'), DEBUG_RUNNER_SOURCE);
  mkdirSync(join(dir, 'code/lib'), { recursive: true });
  mkdirSync(join(dir, 'layer/nodejs/node_modules/greet'), { recursive: true });
  writeFileSync(join(dir, 'layer/nodejs/node_modules/greet/index.js'), 'exports.greet = (n) => "hi " + n;\n');
  writeFileSync(join(dir, 'code/app.js'), "const { greet } = require('greet');\nexports.handler = async (event, context) => ({ msg: greet(event.name), stage: process.env.STAGE, fn: context.functionName, left: context.getRemainingTimeInMillis() > 0 });\n");
  writeFileSync(join(dir, 'code/lib/esm.mjs'), 'export const handler = async (event) => ({ esm: true, n: event.n * 2 });\n');
  writeFileSync(join(dir, 'code/cb.js'), 'exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { cb: event.x }), 5); };\n');
  writeFileSync(join(dir, 'code/bad.js'), 'exports.handler = async () => { const e = new Error("broken"); e.name = "Boom"; throw e; };\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

function run(handler: string, event: unknown): Promise<Record<string, unknown>> {
  const eventFile = join(dir, 'event.json');
  const resultFile = join(dir, `result-${handler.replace(/\W/g, '_')}.json`);
  writeFileSync(eventFile, JSON.stringify(event));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(dir, 'runner.cjs')], {
      cwd: join(dir, 'code'),
      timeout: 30_000,
      env: { PATH: process.env.PATH, NODE_PATH: join(dir, 'layer/nodejs/node_modules'), STAGE: 'dev', AWS_LAMBDA_FUNCTION_NAME: 'demo-Fn', AWS_LAMBDA_FUNCTION_TIMEOUT: '3', LWB_CODE_DIR: join(dir, 'code'), LWB_HANDLER: handler, LWB_EVENT_FILE: eventFile, LWB_RESULT_FILE: resultFile },
    }, (err) => {
      if (err) return reject(err);
      resolve(JSON.parse(readFileSync(resultFile, 'utf8')) as Record<string, unknown>);
    });
  });
}

test('CommonJS handler with a layer module on NODE_PATH, the environment and a context', async () => {
  const r = await run('app.handler', { name: 'Ada' });
  assert.equal(r.ok, true);
  assert.deepEqual(r.result, { msg: 'hi Ada', stage: 'dev', fn: 'demo-Fn', left: true });
  assert.match(String(r.requestId), /^[0-9a-f-]{36}$/);
});

test('ES module handler in a subfolder, and a callback handler', async () => {
  assert.deepEqual((await run('lib/esm.handler', { n: 21 })).result, { esm: true, n: 42 });
  assert.deepEqual((await run('cb.handler', { x: 7 })).result, { cb: 7 });
});

test('errors come back with type, message and a stack pointing at the handler file', async () => {
  const r = await run('bad.handler', {});
  assert.equal(r.ok, false);
  const e = r.error as { errorType: string; errorMessage: string; trace: string[] };
  assert.equal(e.errorType, 'Boom');
  assert.equal(e.errorMessage, 'broken');
  assert.ok(e.trace.some((l) => l.includes(join(dir, 'code/bad.js'))), e.trace.join('\n'));
  const missing = await run('nope.handler', {});
  assert.equal((missing.error as { errorType: string }).errorType, 'Runtime.ImportModuleError');
  const notFn = await run('app.other', {});
  assert.equal((notFn.error as { errorType: string }).errorType, 'Runtime.HandlerNotFound');
});
