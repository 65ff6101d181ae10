// Runs a local service's function for the HTTP front doors (function URLs, the Local API control
// operations) through the same path as the Invoke operation: alias resolution, concurrency, the
// executor, the function's own log group.
import { randomUUID } from 'node:crypto';
import type { ApiInvoker } from '../http/model';
import type { LambdaContext } from './context';
import { invoke } from './invoke';

/** functionId: a function name, or 'name:qualifier'. Throws the ServiceError Invoke would answer with. */
export function localInvoker(ctx: LambdaContext): ApiInvoker {
  return {
    async invoke(functionId, payload, opts) {
      const requestId = randomUUID();
      const reply = await invoke(
        ctx,
        { params: { FunctionName: functionId }, query: {}, headers: {}, body: payload, requestId },
        opts?.onChunk ? { onChunk: opts.onChunk } : {},
      );
      const fe = reply.headers?.['X-Amz-Function-Error'];
      return {
        payload: Buffer.isBuffer(reply.raw) ? reply.raw : Buffer.alloc(0),
        ...(fe === 'Handled' || fe === 'Unhandled' ? { functionError: fe } : {}),
        requestId,
      };
    },
  };
}
