// The three wire protocols CloudWatch clients speak, all for the same operations: the query protocol
// (AWS CLI v2: form-encoded Action=…&Version=2010-08-01, XML answers), awsJson1_0 (the JS SDK v3:
// X-Amz-Target GraniteServiceVersion20100801.<Op>) and rpc-v2-cbor (botocore ≥ 1.39: POST
// /service/GraniteServiceVersion20100801/operation/<Op>, CBOR through @smithy/core's codec).
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { cbor, dateToTag } from '@smithy/core/cbor';
import type { CloudWatchRequest, ServiceError } from '../seams';
import { cwError } from './input';

export const XMLNS = 'http://monitoring.amazonaws.com/doc/2010-08-01/';
const TARGET_PREFIX = 'GraniteServiceVersion20100801.';
const CBOR_PREFIX = '/service/GraniteServiceVersion20100801/operation/';
const API_VERSION = '2010-08-01';

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Recognises a CloudWatch request by its protocol's marks; undefined for anything else. */
export function matchCloudWatch(method: string, rawPath: string, headers: IncomingHttpHeaders, body: Buffer): CloudWatchRequest | undefined {
  if (method !== 'POST') return undefined;
  const target = header(headers, 'x-amz-target');
  if (target?.startsWith(TARGET_PREFIX)) return { protocol: 'json', op: target.slice(TARGET_PREFIX.length), body };
  if (rawPath.startsWith(CBOR_PREFIX)) return { protocol: 'cbor', op: decodeURIComponent(rawPath.slice(CBOR_PREFIX.length)), body };
  if (rawPath === '/' && header(headers, 'content-type')?.startsWith('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(body.toString('utf8'));
    if (form.get('Version') === API_VERSION && form.get('Action')) return { protocol: 'query', op: form.get('Action')!, body };
  }
  return undefined;
}

/** `A.member.1.B=x` → { A: [{ B: 'x' }] }: the query protocol's flattened input as the JSON shape. */
export function parseQueryInput(body: Buffer): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) {
    if (key === 'Action' || key === 'Version') continue;
    const parts = key.split('.');
    let node: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < parts.length; i++) {
      const last = i === parts.length - 1;
      let part: string | number = parts[i]!;
      if (part === 'member' && i + 1 < parts.length && /^\d+$/.test(parts[i + 1]!)) continue; // the list's own marker
      if (/^\d+$/.test(part) && parts[i - 1] === 'member') part = Number(part) - 1;
      const container = node as Record<string | number, unknown>;
      if (last) {
        container[part] = value;
        break;
      }
      if (container[part] === undefined) container[part] = parts[i + 1] === 'member' ? [] : {};
      node = container[part] as Record<string, unknown>;
    }
  }
  return root;
}

export function decodeInput(req: CloudWatchRequest): Record<string, unknown> {
  if (req.protocol === 'query') return parseQueryInput(req.body);
  if (req.body.length === 0) return {};
  try {
    const v = req.protocol === 'json' ? (JSON.parse(req.body.toString('utf8')) as unknown) : cbor.deserialize(req.body);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // falls through
  }
  throw cwError('SerializationException', `The request body is not a valid ${req.protocol === 'json' ? 'JSON' : 'CBOR'} object.`);
}

// ---------------------------------------------------------------------------------------------
// Output: results are plain objects whose times are Dates and whose maps (ExtendedStatistics) are Maps.

function toJson(v: unknown): unknown {
  if (v instanceof Date) return v.getTime() / 1000;
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, toJson(x)]));
  if (Array.isArray(v)) return v.map(toJson);
  if (typeof v === 'object' && v !== null)
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, toJson(x)]),
    );
  return v;
}

function toCbor(v: unknown): unknown {
  if (v instanceof Date) return dateToTag(v);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, toCbor(x)]));
  if (Array.isArray(v)) return v.map(toCbor);
  if (typeof v === 'object' && v !== null)
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, toCbor(x)]),
    );
  return v;
}

export function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

function xmlScalar(v: unknown): string {
  if (v instanceof Date) return v.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (typeof v === 'number') return Number.isInteger(v) ? `${v}.0` : String(v);
  return escapeXml(String(v));
}

function toXml(v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => `<member>${toXml(x)}</member>`).join('');
  if (v instanceof Map) return [...v].map(([k, x]) => `<entry><key>${escapeXml(String(k))}</key><value>${toXml(x)}</value></entry>`).join('');
  if (typeof v === 'object' && v !== null && !(v instanceof Date))
    return Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `<${k}>${toXml(x)}</${k}>`)
      .join('');
  return xmlScalar(v);
}

export function sendResult(req: CloudWatchRequest, res: ServerResponse, result: Record<string, unknown>, requestId: string): void {
  let body: Buffer;
  const headers: Record<string, string | number> = { 'x-amzn-RequestId': requestId };
  if (req.protocol === 'query') {
    body = Buffer.from(
      `<${req.op}Response xmlns="${XMLNS}"><${req.op}Result>${toXml(result)}</${req.op}Result>` +
        `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${req.op}Response>`,
    );
    headers['Content-Type'] = 'text/xml';
  } else if (req.protocol === 'json') {
    body = Buffer.from(JSON.stringify(toJson(result)));
    headers['Content-Type'] = 'application/x-amz-json-1.0';
  } else {
    body = Buffer.from(cbor.serialize(toCbor(result)));
    headers['Content-Type'] = 'application/cbor';
    headers['smithy-protocol'] = 'rpc-v2-cbor';
  }
  headers['Content-Length'] = body.length;
  res.writeHead(200, headers);
  res.end(body);
}

/** The model's error shape names for the awsQueryError codes (what __type carries in JSON and CBOR). */
const SHAPE_OF: Record<string, string> = {
  InvalidParameterValue: 'InvalidParameterValueException',
  InvalidParameterCombination: 'InvalidParameterCombinationException',
  MissingParameter: 'MissingRequiredParameterException',
  InternalServiceError: 'InternalServiceFault',
};

export function sendError(req: CloudWatchRequest, res: ServerResponse, err: ServiceError, requestId: string): void {
  const type = err.status >= 500 ? 'Receiver' : 'Sender';
  const headers: Record<string, string | number> = { 'x-amzn-RequestId': requestId };
  let body: Buffer;
  if (req.protocol === 'query') {
    body = Buffer.from(
      `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${escapeXml(err.code)}</Code>` +
        `<Message>${escapeXml(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    );
    headers['Content-Type'] = 'text/xml';
  } else {
    headers['x-amzn-query-error'] = `${err.code};${type}`;
    const doc = { __type: `com.amazonaws.cloudwatch#${SHAPE_OF[err.code] ?? err.code}`, message: err.message };
    if (req.protocol === 'json') {
      body = Buffer.from(JSON.stringify(doc));
      headers['Content-Type'] = 'application/x-amz-json-1.0';
    } else {
      body = Buffer.from(cbor.serialize(doc));
      headers['Content-Type'] = 'application/cbor';
      headers['smithy-protocol'] = 'rpc-v2-cbor';
    }
  }
  headers['Content-Length'] = body.length;
  res.writeHead(err.status, headers);
  res.end(body);
}
