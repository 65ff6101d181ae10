// awsJson1_1 response writing and input validation helpers shared by the Logs operations.
import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ServiceError } from '../seams';

const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

export function sendJson(res: ServerResponse, status: number, body: unknown, requestId = randomUUID()): void {
  const text = JSON.stringify(body ?? {});
  res.writeHead(status, {
    'content-type': JSON_CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof ServiceError) {
    sendJson(res, err.status, { __type: err.code, message: err.message, ...err.fields });
    return;
  }
  // Never echo internals (paths, stack) to the client; the front logs what it needs.
  sendJson(res, 500, { __type: 'ServiceUnavailableException', message: 'The local CloudWatch Logs service failed to handle the request.' });
}

export function invalid(message: string): ServiceError {
  return new ServiceError(400, 'InvalidParameterException', message);
}

export function notFound(message: string): ServiceError {
  return new ServiceError(400, 'ResourceNotFoundException', message);
}

export type Input = Record<string, unknown>;

export function parseBody(body: Buffer): Input {
  if (body.length === 0) return {};
  let v: unknown;
  try {
    v = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ServiceError(400, 'SerializationException', 'The request body is not valid JSON.');
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new ServiceError(400, 'SerializationException', 'The request body must be a JSON object.');
  return v as Input;
}

export function str(input: Input, name: string, required: true): string;
export function str(input: Input, name: string, required?: false): string | undefined;
export function str(input: Input, name: string, required = false): string | undefined {
  const v = input[name];
  if (v === undefined || v === null) {
    if (required) throw invalid(`1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`);
    return undefined;
  }
  if (typeof v !== 'string') throw new ServiceError(400, 'SerializationException', `${name} must be a string.`);
  return v;
}

export function num(input: Input, name: string): number | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ServiceError(400, 'SerializationException', `${name} must be a number.`);
  return v;
}

export function bool(input: Input, name: string): boolean | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new ServiceError(400, 'SerializationException', `${name} must be true or false.`);
  return v;
}

export function strList(input: Input, name: string): string[] | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new ServiceError(400, 'SerializationException', `${name} must be a list of strings.`);
  return v as string[];
}

export function strMap(input: Input, name: string): Record<string, string> | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) {
    throw new ServiceError(400, 'SerializationException', `${name} must be a map of strings.`);
  }
  return v as Record<string, string>;
}

export function limitOf(input: Input, max: number, dflt: number): number {
  const l = num(input, 'limit');
  if (l === undefined) return dflt;
  if (!Number.isInteger(l) || l < 1 || l > max) {
    throw invalid(`1 validation error detected: Value '${l}' at 'limit' failed to satisfy constraint: Member must have value between 1 and ${max}`);
  }
  return l;
}

const GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const STREAM_NAME = /^[^:*]{1,512}$/;

export function checkGroupName(name: string): void {
  if (!GROUP_NAME.test(name)) {
    throw invalid(
      `1 validation error detected: Value '${name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+ and be 1 to 512 characters`,
    );
  }
}

export function checkStreamName(name: string): void {
  if (!STREAM_NAME.test(name)) {
    throw invalid(
      `1 validation error detected: Value '${name}' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]* and be 1 to 512 characters`,
    );
  }
}

/** Opaque paging tokens for the Describe/Filter operations. */
export function encodeToken(v: unknown): string {
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}

export function decodeToken<T>(token: string, check: (v: unknown) => v is T): T {
  try {
    const v: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (check(v)) return v;
  } catch {
    // fall through to the error below
  }
  throw invalid('The specified nextToken is invalid. Pass the nextToken from the previous response unchanged.');
}
