// Classifies CloudWatch Logs errors for the tail engine, and turns them into messages a user can act on.
// Messages name the operation and the log group, never credentials.
import { describeError as describeWorkbenchError } from '../core/errors';

export interface ErrorInfo {
  name: string;
  status?: number;
  message: string;
}

function errorInfo(err: unknown): ErrorInfo {
  const e = (err ?? {}) as { name?: string; Code?: string; __type?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const rawName = e.name ?? e.Code ?? e.__type ?? 'Error';
  // awsJson errors can arrive as `com.amazonaws.logs#ThrottlingException`.
  const name = rawName.includes('#') ? rawName.slice(rawName.lastIndexOf('#') + 1) : rawName;
  return { name, status: e.$metadata?.httpStatusCode, message: typeof e.message === 'string' ? e.message : String(err) };
}

export function isAbort(err: unknown): boolean {
  const { name } = errorInfo(err);
  return name === 'AbortError' || name === 'RequestAbortedError';
}

export function isThrottle(err: unknown): boolean {
  const { name, status } = errorInfo(err);
  return name === 'ThrottlingException' || name === 'TooManyRequestsException' || name === 'RequestLimitExceeded' || status === 429;
}

export function isNotFound(err: unknown): boolean {
  return errorInfo(err).name === 'ResourceNotFoundException';
}

/**
 * Why live tail cannot be used here, or undefined when the error is transient (then reconnect).
 * Not permitted, not supported by this endpoint (LocalStack and older emulators), or too many sessions.
 */
export function liveTailUnavailable(err: unknown): 'denied' | 'unsupported' | 'limit' | 'missing' | undefined {
  const { name, status, message } = errorInfo(err);
  if (name === 'AccessDeniedException' || name === 'AccessDenied') return 'denied';
  if (name === 'LimitExceededException' || name === 'ServiceQuotaExceededException') return 'limit';
  if (name === 'ResourceNotFoundException') return 'missing';
  if (/UnknownOperation|NotImplemented|UnsupportedOperation|InvalidAction|UnrecognizedOperation/i.test(name)) return 'unsupported';
  if (status === 404 || status === 501) return 'unsupported';
  if (/not (?:yet )?(?:implemented|supported)|unknown operation/i.test(message)) return 'unsupported';
  // A custom endpoint (LocalStack, a local service) cannot take StartLiveTail's `stream-` host prefix.
  if (/ENOTFOUND (?:stream|streaming)-/.test(message)) return 'unsupported';
  return undefined;
}

/** Errors no retry fixes quickly: bad or expired credentials, a malformed request. */
export function isFatal(err: unknown): boolean {
  const { name } = errorInfo(err);
  return /^(CredentialsProviderError|ExpiredToken(Exception)?|UnrecognizedClientException|InvalidSignatureException|InvalidParameterException|ValidationException|MalformedQueryException|InvalidClientTokenId)$/.test(
    name,
  );
}

/**
 * core's describeError (one wording for credentials, SSO, network... errors, redacted), led by the
 * AWS error name when the text does not already start with it: a tail's status line names what
 * CloudWatch Logs answered (ThrottlingException, UnrecognizedClientException).
 */
export function describeError(err: unknown): string {
  const { name } = errorInfo(err);
  const text = describeWorkbenchError(err);
  return name && !text.startsWith(name) ? `${name}: ${text}` : text;
}

export const LIVE_UNAVAILABLE_REASON: Record<NonNullable<ReturnType<typeof liveTailUnavailable>>, string> = {
  denied: 'live tail is not permitted for these credentials (logs:StartLiveTail); polling FilterLogEvents instead',
  unsupported: 'this endpoint does not support live tail; polling FilterLogEvents instead',
  limit: 'too many live tail sessions are open in this account; polling FilterLogEvents, and retrying live tail in a few minutes',
  missing: 'the log group does not exist yet (the function has not logged); polling until it appears',
};
