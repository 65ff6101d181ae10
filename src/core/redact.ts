// Secrets (access keys, secret keys, session tokens, SSO tokens) must never reach a log, an error
// message or a snapshot. Everything the extension shows or logs that may carry text from the SDK, a
// credential_process or a config file goes through redact() first.

/** Values registered at run time (e.g. the local service's own keys) are masked wherever they appear. */
const knownSecrets = new Set<string>();

/** Remembers a secret so that any later message containing it is masked. Short values are ignored (too many false hits). */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) knownSecrets.add(value);
}

export function forgetSecret(value: string | undefined): void {
  if (value) knownSecrets.delete(value);
}

const MASK = '****';

// Access key ids have a fixed shape: a 4-letter prefix (AKIA, ASIA, AIDA, ...) and 16 more characters.
const ACCESS_KEY_ID = /\b(AKIA|ASIA|AIDA|AROA|AIPA|ANPA|ANVA|AGPA|ABIA|ACCA)[A-Z0-9]{12,}\b/g;
// key = value / "key": "value" pairs whose key names a secret, as in INI files, JSON and env dumps.
const SECRET_PAIR =
  /(["']?\b(?:aws_secret_access_key|secret_?access_?key|secretAccessKey|SecretAccessKey|aws_session_token|session_?token|sessionToken|SessionToken|aws_security_token|accessToken|refreshToken|clientSecret|access_?token|password|AccessKeyId|accessKeyId|aws_access_key_id)\b["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;}&]+)/gi;
// The secret part of an Authorization header (SigV4 or bearer).
const AUTH_HEADER = /((?:authorization|x-amz-security-token)["']?\s*[:=]\s*["']?)([^"'\n]+)/gi;
// A bare 40-character secret key (base64-ish) standing on its own.
const SECRET_KEY_SHAPE = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

function quoteLike(value: string): string {
  if (value.startsWith('"')) return `"${MASK}"`;
  if (value.startsWith("'")) return `'${MASK}'`;
  return MASK;
}

/** Returns the text with every secret it can recognise masked. Idempotent. */
export function redact(text: string): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join(MASK);
  }
  out = out.replace(SECRET_PAIR, (_m, key: string, value: string) => key + quoteLike(value));
  out = out.replace(AUTH_HEADER, (_m, key: string) => key + MASK);
  out = out.replace(ACCESS_KEY_ID, (m) => m.slice(0, 4) + MASK);
  out = out.replace(SECRET_KEY_SHAPE, (m) => (/[0-9]/.test(m) && /[a-z]/.test(m) && /[A-Z]/.test(m) ? MASK : m));
  return out;
}

/** The message of any thrown value, redacted. */
export function redactError(err: unknown): string {
  if (err instanceof Error) return redact(err.message);
  return redact(String(err));
}

/** Deep copy of a JSON-like value with secret-looking fields masked (for configuration views). */
export function redactObject<T>(value: T, isSecretKey: (key: string) => boolean = isSecretName): T {
  const walk = (v: unknown, key?: string): unknown => {
    if (key !== undefined && isSecretKey(key) && (typeof v === 'string' || typeof v === 'number')) return MASK;
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x, k)]));
    }
    if (typeof v === 'string') return redact(v);
    return v;
  };
  return walk(value) as T;
}

/** Names of keys (credentials, env variables) whose value should be treated as secret. */
export function isSecretName(key: string): boolean {
  return /secret|password|passwd|token|credential|private[_-]?key|api[_-]?key|access[_-]?key|auth/i.test(key);
}
