// The script "Debug Locally" launches under VS Code's node debugger: it loads the handler from the
// source folder (so breakpoints bind to the user's own files), calls it once with the event and a
// Lambda-like context, and writes the outcome to a file the extension reads when the session ends.
// The local service's HTTP front has no route that starts an environment with the inspector, so the
// debugger runs the handler directly. Kept as text: written to disk next to the session's files.
export const DEBUG_RUNNER_SOURCE = String.raw`'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { randomUUID } = require('node:crypto');
const env = process.env;
const out = env.LWB_RESULT_FILE;
function write(doc) { fs.writeFileSync(out, JSON.stringify(doc)); }
async function loadHandler() {
  const spec = env.LWB_HANDLER || '';
  const dot = spec.lastIndexOf('.');
  if (dot <= 0) throw Object.assign(new Error('Bad handler "' + spec + '": expected file.function'), { name: 'Runtime.MalformedHandlerName' });
  const base = path.resolve(env.LWB_CODE_DIR, spec.slice(0, dot));
  const name = spec.slice(dot + 1);
  const file = ['.js', '.mjs', '.cjs'].map((e) => base + e).find((f) => fs.existsSync(f));
  if (!file) throw Object.assign(new Error('Cannot find module ' + base + '.(js|mjs|cjs)'), { name: 'Runtime.ImportModuleError' });
  const mod = await import(pathToFileURL(file).href);
  const fn = mod[name] ?? (mod.default && mod.default[name]);
  if (typeof fn !== 'function') throw Object.assign(new Error(spec + ' is not a function'), { name: 'Runtime.HandlerNotFound' });
  return fn;
}
(async () => {
  const started = Date.now();
  const timeoutMs = Number(env.AWS_LAMBDA_FUNCTION_TIMEOUT || 3) * 1000;
  const context = {
    functionName: env.AWS_LAMBDA_FUNCTION_NAME, functionVersion: '$LATEST', memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    invokedFunctionArn: env.LWB_FUNCTION_ARN, awsRequestId: randomUUID(), logGroupName: '/aws/lambda/' + env.AWS_LAMBDA_FUNCTION_NAME, logStreamName: 'debug',
    callbackWaitsForEmptyEventLoop: true,
    // Paused at a breakpoint, time does not run out: the remaining time is only indicative here.
    getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - started)),
  };
  try {
    const event = JSON.parse(fs.readFileSync(env.LWB_EVENT_FILE, 'utf8'));
    const handler = await loadHandler();
    const result = await new Promise((resolve, reject) => {
      const r = handler(event, context, (err, value) => (err ? reject(err) : resolve(value)));
      if (r && typeof r.then === 'function') r.then(resolve, reject);
      else if (handler.length < 3) resolve(r);
    });
    write({ ok: true, result: result === undefined ? null : result, durationMs: Date.now() - started, requestId: context.awsRequestId });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    write({ ok: false, error: { errorType: e.name, errorMessage: e.message, trace: String(e.stack || '').split('\n') }, durationMs: Date.now() - started, requestId: context.awsRequestId });
  }
  process.exit(0);
})();
`;
