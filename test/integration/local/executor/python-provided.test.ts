import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, type Fixture } from './helpers';

describe('executor: python runner', () => {
  let f: Fixture;
  before(() => {
    f = fixture();
  });
  after(() => f.close());

  it("runs handler(event, context), logs like Lambda's python runtime, stays warm", async () => {
    const dir = f.code({
      'app/lambda_function.py': `import logging, os
logger = logging.getLogger()
logger.setLevel(logging.INFO)
count = 0
def lambda_handler(event, context):
    global count
    count += 1
    print("printed", event["x"])
    logger.info("info line\\nsecond")
    return {"count": count, "id": context.aws_request_id, "fn": context.function_name, "mem": context.memory_limit_in_mb,
            "arn": context.invoked_function_arn, "remaining": context.get_remaining_time_in_millis(), "stream": context.log_stream_name,
            "tz": os.environ["TZ"], "region": os.environ["AWS_REGION"]}
`,
    });
    const fn = f.fn({ codeDir: dir, runtime: 'python3.12', handler: 'app/lambda_function.lambda_handler', functionName: 'py' });
    const r = await f.invoke(fn, { x: 5 }, { requestId: 'py-1' });
    assert.equal(r.functionError, undefined, r.payload.toString());
    const j = r.json as Record<string, unknown>;
    assert.equal(j.count, 1);
    assert.equal(j.id, 'py-1');
    assert.equal(j.fn, 'py');
    assert.equal(j.mem, '128');
    assert.equal(j.tz, ':UTC');
    assert.ok((j.remaining as number) > 0 && (j.remaining as number) <= 3000);
    assert.match(
      r.logs,
      /^START RequestId: py-1 Version: \$LATEST\nprinted 5\n\[INFO\]\t\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\tpy-1\tinfo line\nsecond\nEND RequestId: py-1\nREPORT RequestId: py-1\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: [\d.]+ ms\t\n$/,
    );
    const r2 = await f.invoke(fn, { x: 6 });
    assert.equal((r2.json as { count: number }).count, 2);
  });

  it('answers errors with errorType, errorMessage and stackTrace', async () => {
    const dir = f.code({ 'lambda_function.py': `def lambda_handler(event, context):\n    raise ValueError("bad value")\n` });
    const r = await f.invoke(f.fn({ codeDir: dir, runtime: 'python3.12', handler: 'lambda_function.lambda_handler' }), {}, { requestId: 'pe-1' });
    assert.equal(r.functionError, 'Unhandled');
    const e = r.json as { errorType: string; errorMessage: string; requestId: string; stackTrace: string[] };
    assert.deepEqual([e.errorType, e.errorMessage, e.requestId], ['ValueError', 'bad value', 'pe-1']);
    assert.match(e.stackTrace[0], /File ".*lambda_function.py", line 2, in lambda_handler\n {4}raise ValueError/);
    assert.match(r.logs, /\[ERROR\] ValueError: bad value\nTraceback \(most recent call last\):\n {2}File/);
  });

  it('reports Runtime.ImportModuleError and Runtime.HandlerNotFound', async () => {
    const none = f.code({ 'other.py': '' });
    const r = await f.invoke(f.fn({ codeDir: none, runtime: 'python3.12', handler: 'lambda_function.lambda_handler' }));
    assert.equal((r.json as { errorType: string }).errorType, 'Runtime.ImportModuleError');
    assert.match((r.json as { errorMessage: string }).errorMessage, /^Unable to import module 'lambda_function': No module named 'lambda_function'/);
    const r2 = await f.invoke(f.fn({ codeDir: none, runtime: 'python3.12', handler: 'other.handler' }));
    assert.deepEqual(r2.json, {
      errorMessage: "Handler 'handler' missing on module 'other'",
      errorType: 'Runtime.HandlerNotFound',
      requestId: '',
      stackTrace: [],
    });
  });

  it('puts layers on sys.path as /opt/python would', async () => {
    const layer = f.code({ 'python/shared_lib.py': 'NAME = "from layer"\n' });
    const dir = f.code({ 'lambda_function.py': 'import shared_lib\ndef lambda_handler(e, c):\n    return shared_lib.NAME\n' });
    const r = await f.invoke(f.fn({ codeDir: dir, runtime: 'python3.12', handler: 'lambda_function.lambda_handler', layerDirs: [layer] }));
    assert.equal(r.json, 'from layer');
  });
});

describe('executor: provided runtime', () => {
  let f: Fixture;
  before(() => {
    f = fixture();
  });
  after(() => f.close());

  it("runs the function's bootstrap against the Runtime API with every header", async () => {
    // A custom runtime written in shell + node one-liners would be fragile; this one is a node script
    // named bootstrap, as a Go or Rust binary would be: it only speaks HTTP to AWS_LAMBDA_RUNTIME_API.
    const bootstrap = `#!${process.execPath}
const http = require('http');
const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const call = (method, path, body, headers = {}) => new Promise((res, rej) => {
  const r = http.request({ host, port, method, path: '/2018-06-01/runtime' + path, headers }, (m) => { let b = ''; m.on('data', (c) => b += c); m.on('end', () => res({ status: m.statusCode, headers: m.headers, body: b })); });
  r.on('error', rej); r.end(body);
});
(async () => {
  for (;;) {
    const n = await call('GET', '/invocation/next');
    const id = n.headers['lambda-runtime-aws-request-id'];
    console.log('custom runtime got', id);
    const ev = JSON.parse(n.body);
    if (ev.fail) { await call('POST', '/invocation/' + id + '/error', JSON.stringify({ errorType: 'Custom.Failure', errorMessage: 'asked to fail' }), { 'Lambda-Runtime-Function-Error-Type': 'Custom.Failure' }); continue; }
    const wrong = await call('POST', '/invocation/not-this-one/response', '1');
    await call('POST', '/invocation/' + id + '/response', JSON.stringify({ headers: n.headers, wrongStatus: wrong.status, handler: process.env._HANDLER }));
  }
})();
`;
    const dir = f.code({ bootstrap }, { bootstrap: 0o755 });
    const fn = f.fn({ codeDir: dir, runtime: 'provided.al2023', handler: 'my.handler' });
    const ctx = Buffer.from(JSON.stringify({ custom: { k: 'v' } })).toString('base64');
    const r = await f.invoke(fn, { a: 1 }, { requestId: 'prov-1', clientContext: ctx });
    assert.equal(r.functionError, undefined, r.payload.toString());
    const j = r.json as { headers: Record<string, string>; wrongStatus: number; handler: string };
    assert.equal(j.handler, 'my.handler');
    assert.equal(j.wrongStatus, 400);
    assert.equal(j.headers['lambda-runtime-aws-request-id'], 'prov-1');
    assert.equal(j.headers['lambda-runtime-invoked-function-arn'], fn.functionArn);
    assert.ok(Number(j.headers['lambda-runtime-deadline-ms']) > Date.now());
    assert.match(j.headers['lambda-runtime-trace-id'], /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    assert.deepEqual(JSON.parse(j.headers['lambda-runtime-client-context']), { custom: { k: 'v' } });
    assert.match(r.logs, /custom runtime got prov-1\n/);
    const bad = await f.invoke(fn, { fail: true });
    assert.equal(bad.functionError, 'Unhandled');
    assert.deepEqual(bad.json, { errorType: 'Custom.Failure', errorMessage: 'asked to fail' });
    assert.match(bad.logs, /Status: error\tError Type: Custom.Failure\t\n$/);
  });

  it('says why a bootstrap cannot start (not executable)', async () => {
    const dir = f.code({ bootstrap: '#!/bin/sh\necho hi\n' }, { bootstrap: 0o644 });
    const r = await f.invoke(f.fn({ codeDir: dir, runtime: 'provided.al2023' }));
    assert.equal(r.functionError, 'Unhandled');
    assert.equal((r.json as { errorType: string }).errorType, 'Runtime.InvalidEntrypoint');
    assert.match((r.json as { errorMessage: string }).errorMessage, /permission denied \(make it executable/);
  });

  it('asks for debugpy to debug python when the interpreter lacks it', async (t) => {
    const { execFileSync } = await import('node:child_process');
    // The python named by LAMBDA_WORKBENCH_PYTHON is taken as is (no search for another interpreter
    // of its version that has debugpy, as there is without it): name the PATH python3, which lacks it.
    const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
    try {
      execFileSync(python, ['-c', 'import debugpy'], { stdio: 'ignore' });
      t.skip(`debugpy is installed for ${python}`);
      return;
    } catch {
      // expected: this python has no debugpy
    }
    const before = process.env.LAMBDA_WORKBENCH_PYTHON;
    process.env.LAMBDA_WORKBENCH_PYTHON = python;
    t.after(() => {
      if (before === undefined) delete process.env.LAMBDA_WORKBENCH_PYTHON;
      else process.env.LAMBDA_WORKBENCH_PYTHON = before;
    });
    const dir = f.code({ 'app.py': 'def handler(e, c):\n    return 1\n' });
    await assert.rejects(
      f.invoke(f.fn({ codeDir: dir, runtime: 'python3.12', handler: 'app.handler' }), {}, { debug: { inspectPort: 5678, waitForDebugger: false } }),
      /debugpy is not installed.*pip install debugpy/,
    );
  });

  it('starts a node environment with the inspector for debugging', async () => {
    const dir = f.code({ 'index.js': `exports.handler = async () => process.execArgv;` });
    const port = 19229 + Math.floor(Math.random() * 500);
    const r = await f.invoke(f.fn({ codeDir: dir }), {}, { debug: { inspectPort: port, waitForDebugger: false } });
    assert.ok((r.json as string[]).includes(`--inspect=127.0.0.1:${port}`));
    assert.match(r.logs, new RegExp(`Debugger listening on ws://127\\.0\\.0\\.1:${port}/`));
  });
});
