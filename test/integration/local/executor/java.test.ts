// Java functions (java11..java25) on the machine's JDK through the executor and through the AWS CLI
// v2: every handler signature Lambda accepts, JSON to and from typed parameters, the user's own
// Context, Lambda's error shape with the Java stack trace, the runtime client compiled once and cached.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWS_CLI, startLocal, type LocalHarness } from '../harness';
import { CliFunctions } from './cli-functions';
import { fixture, type Fixture } from './helpers';
import { compile, CONTEXT_HANDLER, coreJar, filesOf, hasJdk, SOURCES } from './java-functions';

type J = Record<string, unknown>;
const noJdk = !hasJdk() && 'no JDK here (apt-get install openjdk-17-jdk-headless)';

describe('executor: java runner', { skip: noJdk }, () => {
  let f: Fixture;
  let cache: string;
  let code: string;
  const savedCache = process.env.LAMBDA_WORKBENCH_CACHE;
  before(() => {
    cache = mkdtempSync(join(tmpdir(), 'lwb-java-cache-'));
    process.env.LAMBDA_WORKBENCH_CACHE = cache;
    f = fixture();
    code = f.code({});
    coreJar(join(code, 'lib', 'core.jar'));
    compile(code, SOURCES);
    compile(code, CONTEXT_HANDLER, [join(code, 'lib', 'core.jar')]);
  });
  after(async () => {
    await f.close();
    if (savedCache === undefined) delete process.env.LAMBDA_WORKBENCH_CACHE;
    else process.env.LAMBDA_WORKBENCH_CACHE = savedCache;
    rmSync(cache, { recursive: true, force: true });
  });

  it('runs a stream handler named by its class alone, compiling the runtime client once into the cache', async () => {
    const fn = f.fn({ codeDir: code, runtime: 'java17', handler: 'example.StreamHandler', functionName: 'jstream', memorySize: 256 });
    const r = await f.invoke(fn, { a: [1, 'x'] }, { requestId: 'js-1' });
    assert.equal(r.functionError, undefined, r.payload.toString());
    assert.deepEqual(r.json, { echo: { a: [1, 'x'] }, java: '17' });
    assert.match(r.logs, /^START RequestId: js-1 Version: \$LATEST\nstream got \{"a":\[1,"x"\]\}\nEND RequestId: js-1\n/);
    assert.match(f.sink.messages('/aws/lambda/jstream')[0]!, /^INIT_START Runtime Version: java:\d+\.local\t/);
    const clients = readdirSync(join(cache, 'java')).filter((n) => n.startsWith('runtime-client-'));
    assert.equal(clients.length, 1);
    const compiledAt = statSync(join(cache, 'java', clients[0]!)).mtimeMs;
    await f.executor.invalidate('jstream'); // the next invoke is a cold start
    const r2 = await f.invoke(fn, 7);
    assert.deepEqual(r2.json, { echo: 7, java: '17' });
    assert.deepEqual(
      readdirSync(join(cache, 'java')).filter((n) => !n.startsWith('.')),
      clients,
    );
    assert.equal(statSync(join(cache, 'java', clients[0]!)).mtimeMs, compiledAt, 'the cached runtime client is reused, not rebuilt');
  });

  it('maps JSON to a POJO parameter and the POJO result back, on one instance across invokes', async () => {
    const fn = f.fn({ codeDir: code, runtime: 'java17', handler: 'example.Orders::create', functionName: 'jpojo', memorySize: 256 });
    const order = {
      customer: 'Ada',
      express: true,
      items: [
        { sku: 'A-1', qty: 2 },
        { SKU: 'B-2', qty: 3 },
      ],
      unknown: 1,
    };
    const r = await f.invoke(fn, order);
    assert.equal(r.functionError, undefined, r.payload.toString());
    assert.deepEqual(r.json, { customer: 'Ada', totalItems: 5, express: true, skus: ['A-1', 'B-2'] });
    await f.invoke(fn, order);
    assert.match((await f.invoke(fn, order)).logs, /\ncall 3 for Ada\n/);
  });

  it('maps Map, List, String, numbers and booleans, records, enums and arrays, static methods and void', async () => {
    const run = async (method: string, payload: unknown): Promise<unknown> => {
      const r = await f.invoke(
        f.fn({ codeDir: code, runtime: 'java17', handler: `example.Types::${method}`, functionName: `jt-${method}`, memorySize: 256 }),
        payload,
      );
      assert.equal(r.functionError, undefined, r.payload.toString());
      return r.json;
    };
    assert.deepEqual(await run('map', { a: 1, b: { c: [true, null, 1.5] } }), { a: 1, b: { c: [true, null, 1.5] }, seen: 2 });
    assert.deepEqual(await run('list', [1, 2, 3]), [2, 4, 6]);
    assert.equal(await run('upper', 'shout'), 'SHOUT');
    assert.equal(await run('square', 50000), 2500000000);
    assert.equal(await run('not', false), true);
    assert.equal(await run('half', 5), 2.5);
    assert.equal(await run('nothing', {}), null);
    assert.deepEqual(await run('flip', { x: 1, y: 2, size: 'SMALL' }), { x: 2, y: 1, size: 'LARGE' });
    assert.deepEqual(await run('lengths', ['a', 'abc']), [1, 3]);
  });

  it("implements the user's Context (aws-lambda-java-core from lib/*.jar), its logger writing one log event", async () => {
    const fn = f.fn({ codeDir: code, runtime: 'java17', handler: 'example.WithContext::handleRequest', functionName: 'jctx', memorySize: 256 });
    const r = await f.invoke(fn, { who: 'Grace' }, { requestId: 'jc-1' });
    assert.equal(r.functionError, undefined, r.payload.toString());
    const j = r.json as J;
    assert.deepEqual(
      [j.id, j.fn, j.version, j.arn, j.mem, j.group],
      ['jc-1', 'jctx', '$LATEST', 'arn:aws:lambda:us-east-1:000000000000:function:jctx', 256, '/aws/lambda/jctx'],
    );
    assert.match(j.stream as string, /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
    assert.ok((j.remaining as number) > 0 && (j.remaining as number) <= 3000);
    assert.match(r.logs, /\nlogged for Grace\nsecond line\nEND RequestId: jc-1\n/);
  });

  it("answers a thrown exception in Lambda's shape: type, message, Java stack trace, cause", async () => {
    const fn = f.fn({ codeDir: code, runtime: 'java17', handler: 'example.Fails', functionName: 'jfail', memorySize: 256 });
    const r = await f.invoke(fn, { id: 42 });
    assert.equal(r.functionError, 'Unhandled');
    const e = r.json as { errorMessage: string; errorType: string; stackTrace: string[]; cause: { errorMessage: string; errorType: string } };
    assert.deepEqual(Object.keys(e), ['errorMessage', 'errorType', 'stackTrace', 'cause']);
    assert.equal(e.errorType, 'java.lang.IllegalStateException');
    assert.equal(e.errorMessage, 'order 42 is closed');
    assert.equal(e.stackTrace[0], 'example.Fails.handleRequest(Fails.java:5)');
    assert.ok(!e.stackTrace.some((l) => l.includes('lambdaworkbench')), e.stackTrace.join('\n'));
    assert.deepEqual([e.cause.errorType, e.cause.errorMessage], ['java.io.IOException', 'disk full']);
    assert.match(
      r.logs,
      /\norder 42 is closed: java\.lang\.IllegalStateException\njava\.lang\.IllegalStateException: order 42 is closed\n\tat example\.Fails\.handleRequest\(Fails\.java:5\)\n/,
    );
  });

  it('reports a missing class and a missing method as init errors', async () => {
    const r = await f.invoke(f.fn({ codeDir: code, runtime: 'java17', handler: 'example.Nope::handleRequest' }));
    assert.deepEqual([(r.json as J).errorType, (r.json as J).errorMessage], ['java.lang.ClassNotFoundException', 'Class not found: example.Nope']);
    const r2 = await f.invoke(f.fn({ codeDir: code, runtime: 'java17', handler: 'example.Orders::missing' }));
    assert.equal((r2.json as J).errorMessage, 'No public method named missing with appropriate method signature found on class example.Orders');
  });

  it('says in the log when the machine runs an older Java than the runtime names', async () => {
    const fn = f.fn({ codeDir: code, runtime: 'java99', handler: 'example.Types::upper', functionName: 'jnew', memorySize: 256 });
    const r = await f.invoke(fn, 'x');
    assert.equal(r.json, 'X');
    assert.match(f.sink.messages('/aws/lambda/jnew')[1]!, /^WARNING: java99 runs on this machine's Java [\d.]+, older than the Java 99 it names/);
  });
});

describe('java functions through the AWS CLI v2', { skip: noJdk || (!existsSync(AWS_CLI) && 'no AWS CLI v2 at /usr/bin/aws') }, () => {
  let h: LocalHarness;
  let cli: CliFunctions;
  let classes: string;
  before(async () => {
    h = await startLocal();
    cli = new CliFunctions(h);
    classes = mkdtempSync(join(tmpdir(), 'lwb-java-classes-'));
    compile(classes, { 'example/StreamHandler.java': SOURCES['example/StreamHandler.java']!, 'example/Orders.java': SOURCES['example/Orders.java']! });
  });
  after(async () => {
    await h.stop();
    cli.close();
    rmSync(classes, { recursive: true, force: true });
  });

  it('invokes a stream handler and a POJO handler compiled with javac, without any Lambda library', async () => {
    await cli.create('java-stream', 'java17', 'example.StreamHandler::handleRequest', filesOf(classes), ['--memory-size', '512']);
    const s = await cli.invoke('java-stream', { hello: 'stream' });
    assert.equal(s.meta['StatusCode'], 200);
    assert.equal(s.meta['FunctionError'], undefined, s.payload);
    assert.deepEqual(JSON.parse(s.payload), { echo: { hello: 'stream' }, java: '17' });
    assert.match(s.logs, /\nstream got \{"hello":"stream"\}\nEND RequestId/);
    await cli.create('java-pojo', 'java17', 'example.Orders::create', filesOf(classes), ['--memory-size', '512']);
    const p = await cli.invoke('java-pojo', { customer: 'Lin', items: [{ sku: 'C-3', qty: 4 }] });
    assert.equal(p.meta['FunctionError'], undefined, p.payload);
    assert.deepEqual(JSON.parse(p.payload), { customer: 'Lin', totalItems: 4, express: false, skus: ['C-3'] });
  });
});

describe('a java function where there is no JDK', { skip: !existsSync(AWS_CLI) && 'no AWS CLI v2 at /usr/bin/aws' }, () => {
  it('says what to install instead of failing bare', async () => {
    const h = await startLocal({ env: { LAMBDA_WORKBENCH_JAVA_HOME: '/nonexistent/jdk' } });
    const cli = new CliFunctions(h);
    try {
      await cli.create('java-none', 'java17', 'example.StreamHandler', { 'example/StreamHandler.class': Buffer.alloc(0) });
      const r = await h.cli(['lambda', 'invoke', '--function-name', 'java-none', join(h.dataDir, 'out.json')]);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /\(InvalidRuntimeException\)/);
      assert.match(r.stderr, /java17 needs a JDK: apt-get install openjdk-17-jdk-headless/);
    } finally {
      await h.stop();
      cli.close();
    }
  });
});
