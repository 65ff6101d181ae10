// "Show configuration": GetFunction as a read-only JSON document, with anything secret masked:
// environment values whose names look secret, values shaped like AWS keys, and the presigned code
// URL (its query string is a signature, sometimes with a session token).
import type { GetFunctionCommandOutput } from '@aws-sdk/client-lambda';

export const MASK = '****';

const SECRET_NAME =
  /KEY|SECRET|TOKEN|PASSWORD|PASSWD|PWD|PASS\b|CREDENTIAL|PRIVATE|AUTH|SIGNATURE|SIGNING|SALT|COOKIE|SESSION|DSN|CONN(ECTION)?_?STR(ING)?|DATABASE_URL|WEBHOOK/i;
const ACCESS_KEY_ID = /\b(AKIA|ASIA)[A-Z0-9]{16}\b/;
const SECRET_IN_URL = /:\/\/[^/\s:@]+:[^/\s@]+@/;

/** True when an environment variable's name says its value is a secret. */
export function isSecretEnvName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** True when a value looks like a secret whatever its name (an access key id, a URL with a password). */
export function looksSecret(value: string): boolean {
  return ACCESS_KEY_ID.test(value) || SECRET_IN_URL.test(value);
}

function maskEnvironment(vars: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!vars) return vars;
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, isSecretEnvName(k) || looksSecret(v) ? MASK : v]));
}

/** Keeps the scheme, host and path of a presigned URL, drops the signed query. */
function maskPresignedUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  try {
    const u = new URL(url);
    return u.search ? `${u.origin}${u.pathname}?${MASK}` : url;
  } catch {
    return MASK;
  }
}

/** The JSON text shown to the user (2-space indent, SDK metadata dropped). */
export function configurationDocument(out: GetFunctionCommandOutput): string {
  const { $metadata: _metadata, ...rest } = out;
  const doc = structuredClone(rest) as Omit<GetFunctionCommandOutput, '$metadata'>;
  if (doc.Configuration?.Environment?.Variables) {
    doc.Configuration.Environment.Variables = maskEnvironment(doc.Configuration.Environment.Variables);
  }
  if (doc.Code?.Location) doc.Code.Location = maskPresignedUrl(doc.Code.Location);
  return JSON.stringify(doc, null, 2) + '\n';
}

/** Environment variables as rows for an edit table: secret values are masked and flagged. */
export function environmentRows(vars: Record<string, string> | undefined): { name: string; value: string; secret: boolean }[] {
  return Object.entries(vars ?? {})
    .map(([name, value]) => {
      const secret = isSecretEnvName(name) || looksSecret(value);
      return { name, value: secret ? MASK : value, secret };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The variables to send after the user edited a masked table: a value still equal to the mask keeps
 * its original value (the user did not change it), so a secret never has to be shown to be kept.
 */
export function unmaskEnvironment(original: Record<string, string> | undefined, edited: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(edited)) {
    out[k] = v === MASK && original && k in original ? original[k] : v;
  }
  return out;
}
