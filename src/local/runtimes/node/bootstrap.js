'use strict';
// Lambda Workbench's node runtime loop: a small client of the Runtime API (2018-06-01) that loads the
// handler, then asks for invocations forever. It is plain CommonJS, loaded without a bundler, and
// requires only what node has already loaded at startup so a cold start stays near `node -e 0`.
// ESM support (import()) is only paid for by ESM handlers.

const net = require('node:net');
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');

const API = process.env.AWS_LAMBDA_RUNTIME_API || '127.0.0.1:9001';
const [API_HOST, API_PORT] = API.split(':');
const BASE = '/2018-06-01/runtime';
const TASK_ROOT = process.env.LAMBDA_TASK_ROOT || process.cwd();
const HANDLER = process.env._HANDLER || '';
const JSON_LOGS = process.env.AWS_LAMBDA_LOG_FORMAT === 'JSON';
const LEVELS = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };
// Lambda filters application logs by level only in the JSON format.
const MIN_LEVEL = JSON_LOGS ? LEVELS[(process.env.AWS_LAMBDA_LOG_LEVEL || 'TRACE').toUpperCase()] || 1 : 0;

let currentRequestId; // undefined during init, as Lambda prints it

// ---------------------------------------------------------------------------------------------
// Logging: console.* as Lambda's node runtime formats it, one line per record (newlines become \r so
// a multi-line message stays one log event; the service turns them back).

function writeRecord(level, args) {
  if (LEVELS[level] < MIN_LEVEL) return;
  let line;
  if (JSON_LOGS) {
    const rec = { timestamp: new Date().toISOString(), level, requestId: currentRequestId };
    if (args.length === 1 && args[0] instanceof Error) {
      const e = args[0];
      Object.assign(rec, { message: e.message, errorType: e.name, errorMessage: e.message, stackTrace: String(e.stack || '').split('\n') });
    } else {
      rec.message = args.length === 1 && typeof args[0] === 'object' && args[0] !== null ? args[0] : util.format(...args);
    }
    line = safeStringify(rec);
  } else {
    line = `${new Date().toISOString()}\t${currentRequestId}\t${level}\t${util.format(...args)}`;
  }
  writeOut(line.replace(/\r?\n/g, '\r') + '\n');
}

function writeOut(text) {
  try {
    fs.writeSync(1, text);
  } catch {
    // stdout closed: the service went away; nothing useful to do.
  }
}

function safeStringify(v) {
  try {
    return JSON.stringify(v);
  } catch {
    return JSON.stringify({ ...v, message: util.format(v.message) });
  }
}

console.log = (...a) => writeRecord('INFO', a);
console.info = (...a) => writeRecord('INFO', a);
console.warn = (...a) => writeRecord('WARN', a);
console.error = (...a) => writeRecord('ERROR', a);
console.debug = (...a) => writeRecord('DEBUG', a);
console.trace = (...a) => writeRecord('TRACE', a);
console.fatal = (...a) => writeRecord('FATAL', a);

// ---------------------------------------------------------------------------------------------
// Runtime API client

// A minimal HTTP/1.1 client over one keep-alive socket, as the python bootstrap has: node's http
// client (agent, request object, parser per response) was most of this runtime's time per warm
// invoke. Our Runtime API server always answers with Content-Length, one request at a time.

let apiSocket; // net.Socket while connected
let inbox = Buffer.alloc(0);
let waiter; // { resolve, reject } of the request awaiting its response
let queue = Promise.resolve(); // calls run one after another on the one socket

function connectApi() {
  const sock = net.connect({ host: API_HOST, port: Number(API_PORT), noDelay: true });
  apiSocket = sock;
  inbox = Buffer.alloc(0);
  sock.on('data', (chunk) => {
    inbox = inbox.length ? Buffer.concat([inbox, chunk]) : chunk;
    takeResponse();
  });
  const closed = (err) => {
    if (apiSocket === sock) apiSocket = undefined;
    // Only the request sent on this socket fails with it, not one already retried on a new socket.
    if (!waiter || waiter.sock !== sock) return;
    const w = waiter;
    waiter = undefined;
    w.reject(err || new Error('the Runtime API closed the connection'));
  };
  sock.on('error', closed);
  sock.on('close', () => closed());
  return sock;
}

/** Hands the waiting request its response once the head and Content-Length bytes of body are in. */
function takeResponse() {
  if (!waiter) return;
  const end = inbox.indexOf('\r\n\r\n');
  if (end < 0) return;
  const lines = inbox.toString('latin1', 0, end).split('\r\n');
  const status = Number(lines[0].split(' ')[1]);
  const headers = {};
  for (let i = 1; i < lines.length; i++) {
    const colon = lines[i].indexOf(':');
    if (colon > 0) headers[lines[i].slice(0, colon).trim().toLowerCase()] = lines[i].slice(colon + 1).trim();
  }
  const start = end + 4;
  const length = Number(headers['content-length'] || 0);
  if (inbox.length < start + length) return;
  const body = Buffer.from(inbox.subarray(start, start + length));
  inbox = inbox.subarray(start + length);
  const w = waiter;
  waiter = undefined;
  // Idle between requests, the socket must not keep the loop alive, or a callback handler waiting for
  // the empty event loop (callbackWaitsForEmptyEventLoop) would never see it empty.
  w.sock.unref();
  w.resolve({ status, headers, body });
}

/** Header values must stay on one line of visible ASCII. */
function headerSafe(v) {
  return String(v).replace(/[^\x20-\x7e]/g, '?');
}

function send(method, urlPath, body, headers) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
    let head = `${method} ${BASE}${urlPath} HTTP/1.1\r\nHost: ${API}\r\nContent-Length: ${payload.length}\r\n`;
    for (const k of Object.keys(headers || {})) head += `${k}: ${headerSafe(headers[k])}\r\n`;
    const sock = apiSocket || connectApi();
    waiter = { resolve, reject, sock };
    sock.ref();
    // One write: head and body leave in one segment.
    sock.write(payload.length ? Buffer.concat([Buffer.from(head + '\r\n', 'latin1'), payload]) : head + '\r\n');
  });
}

/** One request; a keep-alive socket found dropped is reconnected once, as an agent would. */
function call(method, urlPath, body, headers) {
  const run = () => send(method, urlPath, body, headers).catch(() => send(method, urlPath, body, headers));
  const p = queue.then(run, run);
  queue = p.catch(() => undefined);
  return p;
}

function postResult(requestId, result) {
  let body;
  try {
    body = result === undefined ? 'null' : JSON.stringify(result);
    if (body === undefined) body = 'null';
  } catch (e) {
    return postError(`/invocation/${requestId}/error`, toLambdaError(e, 'Runtime.ResponseSerializationError'));
  }
  return call('POST', `/invocation/${requestId}/response`, body, { 'content-type': 'application/json' });
}

function postError(urlPath, err) {
  return call('POST', urlPath, JSON.stringify(err), {
    'content-type': 'application/json',
    'lambda-runtime-function-error-type': err.errorType,
  });
}

function toLambdaError(e, forcedType) {
  if (e instanceof Error) {
    const trace = String(e.stack || '').split('\n');
    if (forcedType) return { errorType: forcedType, errorMessage: `${e.name}: ${e.message}`, trace };
    return { errorType: e.name || 'Error', errorMessage: e.message, trace };
  }
  const type = forcedType || (typeof e === 'string' ? 'string' : typeof e);
  return { errorType: type, errorMessage: typeof e === 'string' ? e : util.inspect(e), trace: [] };
}

// ---------------------------------------------------------------------------------------------
// Handler loading: "dir/module.fn" or "module.nested.fn", .js (CommonJS unless the nearest
// package.json says "type": "module"), .mjs, .cjs, or a module resolvable from the task root.

class RuntimeError extends Error {
  constructor(type, message) {
    super(message);
    this.name = type;
  }
}

function isEsmJs(file) {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) {
      try {
        return JSON.parse(fs.readFileSync(pj, 'utf8')).type === 'module';
      } catch {
        return false;
      }
    }
    if (path.dirname(dir) === dir) return false;
  }
}

let esmHooks = false;
/** Imports an ES module, with the hooks that resolve bare specifiers from the layers (NODE_PATH is CommonJS only). */
function importEsm(file) {
  const url = require('node:url');
  const mod = require('node:module');
  if (!esmHooks && typeof mod.register === 'function') {
    esmHooks = true;
    const nodeModules = (process.env.NODE_PATH || '').split(path.delimiter).filter((d) => path.basename(d) === 'node_modules');
    if (nodeModules.length) mod.register(url.pathToFileURL(path.join(__dirname, 'esm-layers.mjs')).href, { data: { nodeModules } });
  }
  return import(url.pathToFileURL(file).href);
}

async function loadModule(modulePath) {
  const base = path.resolve(TASK_ROOT, modulePath);
  const candidates = [
    [base + '.js', null],
    [base + '.mjs', true],
    [base + '.cjs', false],
  ];
  for (const [file, esm] of candidates) {
    if (!fs.existsSync(file)) continue;
    const asEsm = esm === null ? isEsmJs(file) : esm;
    if (!asEsm) {
      try {
        return require(file);
      } catch (e) {
        if (e && (e.code === 'ERR_REQUIRE_ESM' || e.code === 'ERR_REQUIRE_ASYNC_MODULE')) return importEsm(file);
        throw e;
      }
    }
    return importEsm(file);
  }
  // A package name or a path without a file beside it: resolve like require would from the task root.
  let resolved;
  try {
    resolved = require.resolve(modulePath, { paths: [TASK_ROOT] });
  } catch {
    throw new RuntimeError('Runtime.ImportModuleError', `Error: Cannot find module '${modulePath}'\nRequire stack:\n- ${path.join(__dirname, 'bootstrap.js')}`);
  }
  return require(resolved);
}

async function loadHandler() {
  const slash = HANDLER.lastIndexOf('/');
  const dot = HANDLER.indexOf('.', slash + 1);
  if (dot < 0) throw new RuntimeError('Runtime.MalformedHandlerName', `Bad handler ${HANDLER}: expected FILE.FUNCTION, e.g. index.handler`);
  const modulePath = HANDLER.slice(0, dot);
  const fnPath = HANDLER.slice(dot + 1).split('.');
  let mod;
  try {
    mod = await loadModule(modulePath);
  } catch (e) {
    if (e instanceof RuntimeError) throw e;
    if (e instanceof SyntaxError) throw new RuntimeError('Runtime.UserCodeSyntaxError', `${e.name}: ${e.message}`);
    if (e && (e.code === 'MODULE_NOT_FOUND' || e.code === 'ERR_MODULE_NOT_FOUND')) throw new RuntimeError('Runtime.ImportModuleError', `Error: ${e.message}`);
    throw e;
  }
  let fn = mod;
  for (const key of fnPath) fn = fn == null ? undefined : fn[key];
  // An ESM namespace of a CommonJS module keeps module.exports under default.
  if (typeof fn !== 'function' && mod && mod.default) {
    fn = mod.default;
    for (const key of fnPath) fn = fn == null ? undefined : fn[key];
  }
  if (typeof fn !== 'function') throw new RuntimeError('Runtime.HandlerNotFound', `${HANDLER} is undefined or not exported`);
  return fn;
}

// ---------------------------------------------------------------------------------------------
// Invocation

function makeContext(requestId, headers, deadline, finish) {
  const parse = (h) => {
    if (!h) return undefined;
    try {
      return JSON.parse(h);
    } catch {
      return undefined;
    }
  };
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: requestId,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    identity: parse(headers['lambda-runtime-cognito-identity']),
    clientContext: parse(headers['lambda-runtime-client-context']),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    // The legacy completion methods, still used by old handlers.
    done: (err, result) => finish(err, result, false),
    succeed: (result) => finish(null, result, false),
    fail: (err) => finish(err == null ? new Error('handled') : err, undefined, false),
  };
  return context;
}

function runHandler(handler, event, requestId, headers, deadline) {
  return new Promise((resolve) => {
    let settled = false;
    let waiting = false;
    const settle = (err, result) => {
      if (settled) return;
      settled = true;
      process.removeListener('beforeExit', onEmptyLoop);
      resolve({ err, result });
    };
    // Callback style: with callbackWaitsForEmptyEventLoop the answer leaves once the loop is empty.
    const onEmptyLoop = () => settle(waiting ? pending.err : null, waiting ? pending.result : null);
    const pending = { err: null, result: undefined };
    const finish = (err, result) => {
      if (settled || waiting) return;
      if (context.callbackWaitsForEmptyEventLoop) {
        waiting = true;
        pending.err = err;
        pending.result = result;
      } else settle(err, result);
    };
    const context = makeContext(requestId, headers, deadline, finish);
    process.on('beforeExit', onEmptyLoop);
    let ret;
    try {
      ret = handler(event, context, (err, result) => finish(err, result));
    } catch (e) {
      settle(e);
      return;
    }
    if (ret && typeof ret.then === 'function')
      ret.then(
        (r) => settle(null, r),
        (e) => settle(e == null ? new Error('undefined') : e),
      );
  });
}

async function invokeOnce(handler) {
  const next = await call('GET', '/invocation/next');
  const h = next.headers;
  const requestId = h['lambda-runtime-aws-request-id'];
  const deadline = Number(h['lambda-runtime-deadline-ms']) || Date.now() + 3000;
  if (h['lambda-runtime-trace-id']) process.env._X_AMZN_TRACE_ID = h['lambda-runtime-trace-id'];
  else delete process.env._X_AMZN_TRACE_ID;
  currentRequestId = requestId;
  let event;
  try {
    event = next.body.length ? JSON.parse(next.body.toString('utf8')) : {};
  } catch (e) {
    await postError(`/invocation/${requestId}/error`, toLambdaError(e, 'Runtime.UnmarshalError'));
    return;
  }
  if (streaming.isStreaming(handler)) return streaming.invoke(handler, event, requestId, (finish) => makeContext(requestId, h, deadline, finish));
  const { err, result } = await runHandler(handler, event, requestId, h, deadline);
  if (err != null) {
    const lambdaErr = toLambdaError(err);
    writeInvokeError(lambdaErr);
    await postError(`/invocation/${requestId}/error`, lambdaErr);
  } else {
    await postResult(requestId, result);
  }
}

function writeInvokeError(lambdaErr) {
  // Lambda logs the failure as "Invoke Error" with the error's fields, stack as an array.
  const { errorType, errorMessage, trace } = lambdaErr;
  writeRecord('ERROR', ['Invoke Error \t' + JSON.stringify({ errorType, errorMessage, stack: trace })]);
}

function onFatal(type) {
  return (e) => {
    const lambdaErr = toLambdaError(e, type === 'Runtime.UnhandledPromiseRejection' ? type : undefined);
    writeRecord('ERROR', [
      (type === 'Runtime.UnhandledPromiseRejection' ? 'Unhandled Promise Rejection \t' : 'Uncaught Exception \t') +
        JSON.stringify({ errorType: lambdaErr.errorType, errorMessage: lambdaErr.errorMessage, stack: lambdaErr.trace }),
    ]);
    const target = currentRequestId ? `/invocation/${currentRequestId}/error` : '/init/error';
    postError(target, lambdaErr).finally(() => process.exit(type === 'Runtime.UnhandledPromiseRejection' ? 128 : 129));
  };
}

// awslambda.streamifyResponse and HttpResponseStream, there before the handler's module loads.
const streaming = require('./streaming.js')({ API_HOST, API_PORT, BASE, RuntimeError, toLambdaError, writeInvokeError, headerSafe });

async function main() {
  process.on('uncaughtException', onFatal('Uncaught'));
  process.on('unhandledRejection', onFatal('Runtime.UnhandledPromiseRejection'));
  if (process.env.LAMBDA_WORKBENCH_WAIT_FOR_DEBUGGER === '1') require('node:inspector').waitForDebugger();
  let handler;
  try {
    handler = await loadHandler();
  } catch (e) {
    const lambdaErr = toLambdaError(e);
    writeRecord('ERROR', [
      'Uncaught Exception \t' + JSON.stringify({ errorType: lambdaErr.errorType, errorMessage: lambdaErr.errorMessage, stack: lambdaErr.trace }),
    ]);
    await postError('/init/error', lambdaErr).catch(() => undefined);
    process.exit(1);
  }
  for (;;) {
    await invokeOnce(handler);
  }
}

main().catch((e) => {
  writeOut(`runtime loop failed: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
