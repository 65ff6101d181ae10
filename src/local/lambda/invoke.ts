// Invoke: qualifier / alias resolution with weighted routing, payload checks, and the executor call.
import { randomUUID } from 'node:crypto';
import { LOCAL_DEBUG_PORT_HEADER, LOCAL_DEBUG_WAIT_HEADER } from '../../contract/localService';
import { MAX_EVENT_PAYLOAD, MAX_SYNC_PAYLOAD, ServiceError } from '../seams';
import type { FunctionRecord } from '../store';
import type { LambdaContext } from './context';
import { invalidParam, notFound } from './names';
import { queryString, type Reply, type Req } from './types';

/** Picks the version an alias routes this invoke to: AdditionalVersionWeights are probabilities. */
export function pickAliasVersion(primary: string, weights: Record<string, number> | undefined, rnd = Math.random()): string {
  let acc = 0;
  for (const [version, weight] of Object.entries(weights ?? {})) {
    acc += weight;
    if (rnd < acc) return version;
  }
  return primary;
}

function header(req: Req, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function resolveForInvoke(ctx: LambdaContext, rec: FunctionRecord, qualifier: string | undefined): string {
  if (qualifier === undefined || qualifier === '$LATEST') return '$LATEST';
  if (/^[0-9]+$/.test(qualifier)) {
    if (!rec.versions[qualifier]) throw notFound(`Function not found: ${ctx.arn(rec.name, qualifier)}`);
    return qualifier;
  }
  const alias = rec.aliases[qualifier];
  if (!alias) throw notFound(`Function not found: ${ctx.arn(rec.name, qualifier)}`);
  return pickAliasVersion(alias.FunctionVersion!, alias.RoutingConfig?.AdditionalVersionWeights);
}

/** The local-only debug headers (see LOCAL_DEBUG_PORT_HEADER), checked. */
function debugRequest(req: Req, invocationType: string): { inspectPort: number; waitForDebugger: boolean } | undefined {
  const portText = header(req, LOCAL_DEBUG_PORT_HEADER);
  if (portText === undefined) return undefined;
  const port = Number(portText);
  if (!/^[0-9]+$/.test(portText) || port < 1024 || port > 65535) {
    throw invalidParam(`${LOCAL_DEBUG_PORT_HEADER} must be a port number from 1024 to 65535, not '${portText}'.`);
  }
  if (invocationType !== 'RequestResponse') throw invalidParam(`Only a RequestResponse invocation can be debugged, not ${invocationType}.`);
  const wait = header(req, LOCAL_DEBUG_WAIT_HEADER);
  if (wait !== undefined && wait !== 'true' && wait !== 'false') throw invalidParam(`${LOCAL_DEBUG_WAIT_HEADER} must be true or false, not '${wait}'.`);
  return { inspectPort: port, waitForDebugger: wait !== 'false' };
}

/** opts.onChunk: InvokeWithResponseStream's sink for a streaming handler's response (see InvokeRequest). */
export async function invoke(ctx: LambdaContext, req: Req, opts: { onChunk?: (chunk: Buffer) => void } = {}): Promise<Reply> {
  const { rec, qualifier } = ctx.fn(req.params['FunctionName']!, queryString(req, 'Qualifier'));
  const invocationType = header(req, 'x-amz-invocation-type') ?? 'RequestResponse';
  if (!['RequestResponse', 'Event', 'DryRun'].includes(invocationType)) {
    throw invalidParam(
      `1 validation error detected: Value '${invocationType}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`,
    );
  }
  const logType = header(req, 'x-amz-log-type') ?? 'None';
  if (!['None', 'Tail'].includes(logType))
    throw invalidParam(`Value '${logType}' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]`);
  const limit = invocationType === 'Event' ? MAX_EVENT_PAYLOAD : MAX_SYNC_PAYLOAD;
  if (req.body.length > limit) {
    throw new ServiceError(413, 'RequestTooLargeException', `Request must be smaller than ${limit} bytes for the InvokeFunction operation`);
  }
  if (req.body.length > 0) {
    try {
      JSON.parse(req.body.toString('utf8'));
    } catch (err) {
      throw new ServiceError(400, 'InvalidRequestContentException', `Could not parse request body into json: ${(err as Error).message}`);
    }
  }
  const debug = debugRequest(req, invocationType);
  const clientContext = header(req, 'x-amz-client-context');
  if (clientContext !== undefined) checkClientContext(clientContext);
  const version = resolveForInvoke(ctx, rec, qualifier);
  const ver = ctx.version(rec, version);
  if (invocationType === 'DryRun') return { status: 204 };
  if (rec.reservedConcurrency === 0) {
    throw new ServiceError(429, 'TooManyRequestsException', 'Rate Exceeded.', {
      Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded',
      retryAfterSeconds: '1',
    });
  }
  const executor = ctx.executor;
  if (!executor) throw new ServiceError(500, 'ServiceException', 'The local service was started without an executor; functions cannot run.');
  await ctx.settled(rec.name, version);
  const fn = ctx.resolved(rec, ver);
  const requestId = req.requestId;
  const base = { fn, payload: req.body, clientContext, requestId };
  if (invocationType === 'Event') {
    // The executor queues Event invokes itself (with Lambda's retries) and resolves once queued, after
    // checking what can be checked now (e.g. a runtime that cannot run here is the caller's error).
    await executor.invoke({ ...base, invocationType: 'Event', logTail: false });
    return { status: 202, raw: Buffer.alloc(0) };
  }
  const result = await executor.invoke({
    ...base,
    invocationType: 'RequestResponse',
    logTail: logType === 'Tail',
    ...(opts.onChunk ? { onChunk: opts.onChunk } : {}),
    ...(debug ? { debug, onCallerGone: req.onCallerGone } : {}),
  });
  const headers: Record<string, string> = { 'X-Amz-Executed-Version': result.executedVersion, 'Content-Type': 'application/json' };
  if (result.functionError) headers['X-Amz-Function-Error'] = result.functionError;
  if (logType === 'Tail' && result.logTailBase64 !== undefined) headers['X-Amz-Log-Result'] = result.logTailBase64;
  return { status: 200, raw: result.payload, headers };
}

/** Lambda checks that ClientContext is base64 of a JSON object (and at most 3583 bytes). */
function checkClientContext(value: string): void {
  if (value.length > 3583) throw invalidParam('Client context must be 3583 bytes or fewer, base64-encoded.');
  try {
    JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
  } catch {
    throw invalidParam('Client context must be a valid Base64-encoded JSON object.');
  }
}

/** InvokeAsync (deprecated 2014-11-13 API): an Event invoke answering 202 `{Status: 202}`. */
export async function invokeAsync(ctx: LambdaContext, req: Req): Promise<Reply> {
  const reply = await invoke(ctx, { ...req, headers: { ...req.headers, 'x-amz-invocation-type': 'Event' }, requestId: req.requestId || randomUUID() });
  return { status: 202, body: { Status: reply.status } };
}
