// InvokeWithResponseStream: runs the invocation, then answers with an AWS event stream (framed by
// @smithy/eventstream-codec) of PayloadChunk events and a final InvokeComplete, as Lambda does. The
// executor returns whole payloads, so the chunks come after the function finishes.
import { EventStreamCodec, type MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { Readable } from 'node:stream';
import { invoke } from './invoke';
import type { LambdaContext } from './context';
import { invalidParam } from './names';
import type { Reply, Req } from './types';

const codec = new EventStreamCodec(toUtf8, fromUtf8);
/** Chunk size of PayloadChunk events (Lambda streams in pieces; clients must reassemble). */
const CHUNK = 64 * 1024;

function event(type: string, contentType: string, body: Uint8Array): Uint8Array {
  const headers: MessageHeaders = {
    ':event-type': { type: 'string', value: type },
    ':message-type': { type: 'string', value: 'event' },
    ':content-type': { type: 'string', value: contentType },
  };
  return codec.encode({ headers, body });
}

export async function invokeWithResponseStream(ctx: LambdaContext, req: Req): Promise<Reply> {
  const type = req.headers['x-amz-invocation-type'] ?? 'RequestResponse';
  if (type !== 'RequestResponse' && type !== 'DryRun') {
    throw invalidParam(
      `1 validation error detected: Value '${String(type)}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [RequestResponse, DryRun]`,
    );
  }
  const reply = await invoke(ctx, req);
  if (reply.status !== 200) return reply;
  const payload = Buffer.isBuffer(reply.raw) ? reply.raw : Buffer.alloc(0);
  const functionError = reply.headers?.['X-Amz-Function-Error'];
  const frames: Uint8Array[] = [];
  if (!functionError) {
    for (let i = 0; i < payload.length; i += CHUNK) frames.push(event('PayloadChunk', 'application/octet-stream', payload.subarray(i, i + CHUNK)));
  }
  const complete: Record<string, string> = {};
  if (functionError) {
    // Lambda reports a streamed function's error in InvokeComplete, not in the payload.
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
  frames.push(event('InvokeComplete', 'application/json', fromUtf8(JSON.stringify(complete))));
  return {
    status: 200,
    headers: {
      'Content-Type': 'application/vnd.amazon.eventstream',
      'X-Amz-Executed-Version': reply.headers?.['X-Amz-Executed-Version'] ?? '$LATEST',
    },
    raw: Readable.from(frames.map((f) => Buffer.from(f.buffer, f.byteOffset, f.byteLength))),
  };
}
