// Binary bodies as API Gateway handles them. REST APIs: a request body goes to the function base64
// when its Content-Type matches one of the API's BinaryMediaTypes; a response with isBase64Encoded is
// decoded when the request's Accept allows the response's Content-Type and that type is binary
// (otherwise the client gets the base64 text). HTTP APIs: a body that is not text goes base64, and
// isBase64Encoded responses are always decoded.

/** 'image/png; charset=x' → 'image/png' (lower case). */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Whether a media type matches a pattern: exact, 'image/*' or '*\/*'. */
export function mediaTypeMatches(type: string, pattern: string): boolean {
  const t = mediaType(type);
  const p = mediaType(pattern);
  if (!t || !p) return false;
  if (p === '*/*' || p === t) return true;
  const [pt, ps] = p.split('/');
  const [tt, ts] = t.split('/');
  return (ps === '*' && pt === tt) || (pt === '*' && ps === ts);
}

/** SAM writes BinaryMediaTypes with '~1' for '/' (a JSON pointer escape); API Gateway stores them unescaped. */
export function unescapeMediaType(t: string): string {
  return t.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function isBinaryType(type: string | undefined, binaryMediaTypes: string[]): boolean {
  return !!type && binaryMediaTypes.some((p) => mediaTypeMatches(type, unescapeMediaType(p)));
}

const TEXT_TYPES = [/^text\//, /json/, /xml/, /javascript/, /yaml/, /^application\/x-www-form-urlencoded$/, /^application\/graphql$/];

/** HTTP APIs and function URLs: a text body goes as it is, anything else base64. */
export function isTextType(contentType: string | undefined): boolean {
  const t = mediaType(contentType);
  return TEXT_TYPES.some((re) => re.test(t));
}

/** Whether the request body goes to the function base64. */
export function requestBodyIsBinary(apiType: 'REST' | 'HTTP', contentType: string | undefined, binaryMediaTypes: string[], body: Buffer): boolean {
  if (body.length === 0) return false;
  if (apiType === 'REST') return isBinaryType(contentType, binaryMediaTypes);
  if (!contentType) return !isUtf8(body);
  return !isTextType(contentType);
}

function isUtf8(b: Buffer): boolean {
  return Buffer.from(b.toString('utf8'), 'utf8').equals(b);
}

/** The media types an Accept header allows, in order of preference (q=0 left out); none means anything. */
function acceptTypes(accept: string | undefined): string[] {
  if (!accept || !accept.trim()) return ['*/*'];
  return accept
    .split(',')
    .map((part, index) => {
      const [type, ...params] = part.split(';').map((s) => s.trim());
      const q = params.find((p) => p.startsWith('q='));
      return { type: type!.toLowerCase(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((a) => a.type && a.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((a) => a.type);
}

/** Whether a base64 response body is decoded before it goes out. */
export function responseBodyIsBinary(
  apiType: 'REST' | 'HTTP',
  isBase64Encoded: boolean,
  accept: string | undefined,
  responseContentType: string | undefined,
  binaryMediaTypes: string[],
): boolean {
  if (!isBase64Encoded) return false;
  if (apiType === 'HTTP') return true;
  const allowed = acceptTypes(accept);
  const type = mediaType(responseContentType);
  if (type && allowed.some((a) => mediaTypeMatches(type, a)) && isBinaryType(type, binaryMediaTypes)) return true;
  // API Gateway also converts when the client's preferred Accept type is itself binary
  const first = allowed[0];
  return !!first && first !== '*/*' && isBinaryType(first, binaryMediaTypes);
}
