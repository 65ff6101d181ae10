// Request admission for the local service: loopback-only Host, no browser Origin, and a SigV4 signature
// verified by recomputing it with @smithy/signature-v4 over the request as received.
import { createHash, createHmac, timingSafeEqual, type Hash, type Hmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { ServiceError } from './seams';

/** Requests signed more than this far from our clock are refused, as AWS does (15 minutes). */
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;

/** A sha256/HMAC-sha256 over node:crypto in the shape the signer expects (much faster than the JS one on big zips). */
type SourceData = string | ArrayBuffer | ArrayBufferView;
function bytes(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}
class NodeSha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(this.secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  reset(): void {
    this.hash = this.fresh();
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
}

function refuse(code: string, message: string): ServiceError {
  return new ServiceError(403, code, message);
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** Whether a Host header names a loopback address (a DNS-rebinding page's requests carry its own name). */
export function isLoopbackHost(host: string | undefined): boolean {
  return !!host && LOOPBACK_HOST.test(host);
}

/** DNS-rebinding and browser defence: only loopback Host names, never a request a web page made. */
export function checkOrigin(headers: IncomingHttpHeaders): void {
  const host = headerValue(headers, 'host');
  if (!isLoopbackHost(host)) {
    throw refuse(
      'AccessDeniedException',
      `Host header '${host ?? ''}' is not a loopback address: the local Lambda service only answers requests addressed to 127.0.0.1, localhost or [::1].`,
    );
  }
  if (headers['origin'] !== undefined) {
    throw refuse(
      'AccessDeniedException',
      'Requests carrying an Origin header are refused: the local Lambda service does not serve web pages; use an AWS SDK or the AWS CLI.',
    );
  }
}

export interface AuthorizationParts {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** Splits `AWS4-HMAC-SHA256 Credential=AK/20240101/us-east-1/lambda/aws4_request, SignedHeaders=a;b, Signature=hex`. */
export function parseAuthorization(value: string): AuthorizationParts | undefined {
  const m = /^AWS4-HMAC-SHA256\s+(.*)$/s.exec(value.trim());
  if (!m) return undefined;
  const fields = new Map<string, string>();
  for (const part of m[1]!.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential')?.split('/');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || credential.length !== 5 || credential[4] !== 'aws4_request' || !signedHeaders || !signature) return undefined;
  return {
    accessKeyId: credential[0]!,
    date: credential[1]!,
    region: credential[2]!,
    service: credential[3]!,
    signedHeaders: signedHeaders.split(';').map((h) => h.toLowerCase()),
    signature: signature.toLowerCase(),
  };
}

/** Decodes the raw query string into the map the signer canonicalises (repeated keys become arrays). */
export function parseQuery(rawQuery: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  if (!rawQuery) return query;
  for (const pair of rawQuery.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = safeDecode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : safeDecode(pair.slice(eq + 1));
    const prev = query[key];
    if (prev === undefined) query[key] = value;
    else query[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return query;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `20240101T000000Z` → Date, or undefined when malformed. */
function parseAmzDate(s: string | undefined): Date | undefined {
  const m = s && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/** Per key pair, one signer per region/service/session token: each keeps its derived signing keys. */
const signers = new WeakMap<Keys, Map<string, SignatureV4>>();
/** Distinct scopes kept per key pair; a client cycling through more only costs the key derivation. */
const MAX_SIGNERS = 64;

/**
 * A reused SignatureV4 caches the signing key it derives per date/region/service (four HMACs): a new
 * one per request derived it every time. The cache is keyed by everything the signer was built with.
 */
function signerFor(keys: Keys, region: string, service: string, sessionToken: string | undefined): SignatureV4 {
  let byScope = signers.get(keys);
  if (!byScope) signers.set(keys, (byScope = new Map()));
  const key = `${keys.accessKeyId}\n${keys.secretAccessKey}\n${region}\n${service}\n${sessionToken ?? ''}`;
  let signer = byScope.get(key);
  if (!signer) {
    if (byScope.size >= MAX_SIGNERS) byScope.clear();
    signer = new SignatureV4({
      credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey, sessionToken },
      region,
      service,
      sha256: NodeSha256,
      uriEscapePath: true,
      applyChecksum: false,
    });
    byScope.set(key, signer);
  }
  return signer;
}

export interface VerifyInput {
  method: string;
  /** The path exactly as received (still percent-encoded): clients sign the encoded form. */
  rawPath: string;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The region this service runs as and the signing name of the API the request is for. */
  scope: { region: string; service: string };
}

export interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Verifies the request's SigV4 signature against our own keys. Throws a 403 ServiceError saying what is
 * wrong; returns the signing region/service on success.
 */
export async function verifySignature(input: VerifyInput, keys: Keys, now = Date.now()): Promise<AuthorizationParts> {
  const authHeader = headerValue(input.headers, 'authorization');
  if (!authHeader) {
    throw refuse(
      'MissingAuthenticationTokenException',
      'Missing Authentication Token: the local Lambda service only accepts SigV4-signed requests; sign with the accessKeyId/secretAccessKey it printed on start.',
    );
  }
  const auth = parseAuthorization(authHeader);
  if (!auth) {
    throw refuse('IncompleteSignatureException', 'The Authorization header is not a well-formed AWS4-HMAC-SHA256 signature.');
  }
  if (auth.accessKeyId !== keys.accessKeyId) {
    throw refuse(
      'UnrecognizedClientException',
      "The security token included in the request is invalid: the access key id is not the local service's; use the credentials it printed on start (kept in its data directory).",
    );
  }
  // AWS checks the credential scope before the signature: a request signed for another API or region
  // must not run here even with our keys (these are its words, trailing space included).
  if (auth.service !== input.scope.service) {
    throw refuse('InvalidSignatureException', `Credential should be scoped to correct service: '${input.scope.service}'. `);
  }
  if (auth.region !== input.scope.region) {
    throw refuse('InvalidSignatureException', `Credential should be scoped to a valid region, not '${auth.region}'. `);
  }
  const amzDate = headerValue(input.headers, 'x-amz-date');
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate || !auth.signedHeaders.includes('x-amz-date')) {
    throw refuse('IncompleteSignatureException', 'The request must carry a signed X-Amz-Date header (yyyyMMddTHHmmssZ).');
  }
  if (amzDate!.slice(0, 8) !== auth.date) {
    throw refuse('InvalidSignatureException', `The credential scope date ${auth.date} does not match X-Amz-Date ${amzDate}.`);
  }
  if (Math.abs(now - signingDate.getTime()) > MAX_CLOCK_SKEW_MS) {
    throw refuse(
      'InvalidSignatureException',
      `Signature expired: ${amzDate} is more than 15 minutes away from the service's clock (${new Date(now).toISOString()}). Check the system clock.`,
    );
  }
  if (!auth.signedHeaders.includes('host')) {
    throw refuse('InvalidSignatureException', 'The Host header must be signed.');
  }
  const contentSha = headerValue(input.headers, 'x-amz-content-sha256');
  const bodyHash = checkPayloadHash(contentSha, input.body);

  // Rebuild the request from exactly the headers the client says it signed, then sign it ourselves.
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const v = headerValue(input.headers, name);
    if (v === undefined) throw refuse('InvalidSignatureException', `Signed header '${name}' is missing from the request.`);
    headers[name] = v;
  }
  // The signer takes a stated hash on trust; the signature must cover the body as received, so an
  // UNSIGNED-PAYLOAD request (S3's option, not Lambda's or Logs') fails as a mismatch, as on AWS.
  if ('x-amz-content-sha256' in headers) headers['x-amz-content-sha256'] = bodyHash;
  const request = new HttpRequest({
    method: input.method,
    protocol: 'http:',
    hostname: headers['host']!.replace(/:\d+$/, ''),
    path: input.rawPath,
    query: parseQuery(input.rawQuery),
    headers,
    body: input.body,
  });
  const signer = signerFor(keys, auth.region, auth.service, headers['x-amz-security-token']);
  const signed = await signer.sign(request, {
    signingDate,
    signingRegion: auth.region,
    signingService: auth.service,
    signableHeaders: new Set(auth.signedHeaders),
  });
  const expected = /Signature=([0-9a-f]+)/.exec(String(signed.headers['authorization'] ?? signed.headers['Authorization'] ?? ''))?.[1] ?? '';
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(auth.signature, 'utf8');
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw refuse(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    );
  }
  return auth;
}

/** When the client states the payload hash, the body must match it. Returns the body's hash. */
function checkPayloadHash(contentSha: string | undefined, body: Buffer): string {
  const actual = createHash('sha256').update(body).digest('hex');
  if (contentSha === undefined || contentSha === 'UNSIGNED-PAYLOAD') return actual;
  if (contentSha.startsWith('STREAMING-')) {
    throw refuse(
      'InvalidSignatureException',
      `x-amz-content-sha256 '${contentSha}' (aws-chunked streaming) is only used by S3 and is not supported by the local Lambda service.`,
    );
  }
  if (contentSha.toLowerCase() !== actual) {
    throw refuse('InvalidSignatureException', 'The x-amz-content-sha256 header does not match the SHA-256 of the request body.');
  }
  return actual;
}
