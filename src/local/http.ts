// Small HTTP helpers shared by the routes: body reading with a size cap, and AWS-shaped responses.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ServiceError } from './seams';

/** Reads the whole body, refusing (413) once it grows past `limit` bytes so a huge upload cannot exhaust memory. */
export function readBody(req: IncomingMessage, limit: number, tooLarge: () => ServiceError): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(tooLarge());
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks, size));
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
    });
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'Content-Length': 0 });
  res.end();
}

/** Lambda's REST error shape: the SDK reads the code from `x-amzn-ErrorType`, the message from the body. */
export function sendRestError(res: ServerResponse, err: ServiceError, requestId: string): void {
  const headers: Record<string, string> = { 'x-amzn-ErrorType': err.code, 'x-amzn-RequestId': requestId };
  const retryAfter = err.fields['retryAfterSeconds'];
  if (typeof retryAfter === 'string' || typeof retryAfter === 'number') headers['Retry-After'] = String(retryAfter);
  sendJson(res, err.status, { ...err.fields, Type: err.type, message: err.message }, headers);
}

/** The awsJson1_1 error shape (CloudWatch Logs): `__type` in the body, the header for good measure. */
export function sendJsonProtocolError(res: ServerResponse, err: ServiceError, requestId: string): void {
  sendJson(
    res,
    err.status,
    { __type: err.code, message: err.message, ...err.fields },
    {
      'x-amzn-ErrorType': err.code,
      'x-amzn-RequestId': requestId,
    },
  );
}
