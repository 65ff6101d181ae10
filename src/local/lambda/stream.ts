// InvokeWithResponseStream: answers with an AWS event stream (framed by @smithy/eventstream-codec) of
// PayloadChunk events and a final InvokeComplete, as Lambda does. A streaming handler's chunks go out as
// the runtime posts them (the executor's onChunk); a buffered handler's payload is sent in pieces once
// it returns. The reply's headers wait for the first chunk or the end, so errors Lambda answers with an
// HTTP status (404, 429, …) still can.
import { EventStreamCodec, type MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { PassThrough } from 'node:stream';
import { invoke } from './invoke';
import type { LambdaContext } from './context';
import { invalidParam } from './names';
import { queryString, type Reply, type Req } from './types';

const codec = new EventStreamCodec(toUtf8, fromUtf8);
/** Chunk size of PayloadChunk events (Lambda streams in pieces; clients must reassemble). */
const CHUNK = 64 * 1024;

function event(type: string, contentType: string, body: Uint8Array): Buffer {
  const headers: MessageHeaders = {
    ':event-type': { type: 'string', value: type },
    ':message-type': { type: 'string', value: 'event' },
    ':content-type': { type: 'string', value: contentType },
  };
  const f = codec.encode({ headers, body });
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength);
}

function payloadChunks(out: PassThrough, data: Buffer): void {
  for (let i = 0; i < data.length; i += CHUNK) out.write(event('PayloadChunk', 'application/octet-stream', data.subarray(i, i + CHUNK)));
}

/** The InvokeComplete event of a finished invoke reply (a function error is reported here, not in the payload). */
function completeEvent(reply: Reply): Buffer {
  const complete: Record<string, string> = {};
  const functionError = reply.headers?.['X-Amz-Function-Error'];
  if (functionError) {
    const payload = Buffer.isBuffer(reply.raw) ? reply.raw : Buffer.alloc(0);
    let parsed: { errorType?: string } = {};
    try {
      parsed = JSON.parse(payload.toString('utf8')) as { errorType?: string };
    } catch {
      // keep the raw text as details
    }
    complete['ErrorCode'] = parsed.errorType ?? functionError;
    complete['ErrorDetails'] = payload.toString('utf8');
  }
  const log = reply.headers?.['X-Amz-Log-Result'];
  if (log) complete['LogResult'] = log;
  return event('InvokeComplete', 'application/json', fromUtf8(JSON.stringify(complete)));
}

export async function invokeWithResponseStream(ctx: LambdaContext, req: Req): Promise<Reply> {
  const type = req.headers['x-amz-invocation-type'] ?? 'RequestResponse';
  if (type !== 'RequestResponse' && type !== 'DryRun') {
    throw invalidParam(
      `1 validation error detected: Value '${String(type)}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [RequestResponse, DryRun]`,
    );
  }
  const qualifier = queryString(req, 'Qualifier');
  const out = new PassThrough();
  let streaming = false;
  let started: () => void = () => undefined;
  const firstChunk = new Promise<'chunk'>((resolve) => (started = () => resolve('chunk')));
  const onChunk = (chunk: Buffer): void => {
    streaming = true;
    payloadChunks(out, chunk);
    started();
  };
  const running = invoke(ctx, req, { onChunk });
  const first = await Promise.race([firstChunk, running]);
  const headers = (reply?: Reply): Record<string, string> => ({
    'Content-Type': 'application/vnd.amazon.eventstream',
    // Streaming began before the invoke resolved: the version asked for (an alias's pick is not known yet).
    'X-Amz-Executed-Version': reply?.headers?.['X-Amz-Executed-Version'] ?? (/^[0-9]+$/.test(qualifier ?? '') ? qualifier! : '$LATEST'),
  });
  if (first === 'chunk') {
    // Headers now; the rest of the events follow as the handler writes.
    running.then(
      (reply) => out.end(completeEvent(reply)),
      (err: unknown) => out.destroy(err as Error),
    );
    return { status: 200, headers: headers(), raw: out };
  }
  const reply = first;
  if (reply.status !== 200) return reply;
  const payload = Buffer.isBuffer(reply.raw) ? reply.raw : Buffer.alloc(0);
  if (!streaming && !reply.headers?.['X-Amz-Function-Error']) payloadChunks(out, payload);
  out.end(completeEvent(reply));
  return { status: 200, headers: headers(reply), raw: out };
}
