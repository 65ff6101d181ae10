// Errors a person can act on. The SDK's messages are accurate but say little about what to do; this
// file turns each known failure (missing profile, expired SSO token, failing credential_process, no
// region, bad keys, AccessDenied, network) into a message naming the profile and the next step.
import { redact } from './redact';

export type WorkbenchErrorCode =
  | 'ProfileNotFound'
  | 'SsoTokenExpired'
  | 'CredentialProcessFailed'
  | 'NoRegion'
  | 'InvalidCredentials'
  | 'ExpiredCredentials'
  | 'AccessDenied'
  | 'NetworkError'
  | 'NoCredentials'
  | 'LocalServiceFailed'
  | 'Unknown';

export class WorkbenchError extends Error {
  constructor(
    readonly code: WorkbenchErrorCode,
    message: string,
    /** A short imperative hint, e.g. "Run: aws sso login --profile dev". */
    readonly action?: string,
    options?: { cause?: unknown },
  ) {
    // The cause is kept for debugging but its text is redacted into the message only.
    super(redact(message), options);
    this.name = `WorkbenchError(${code})`;
  }
}

export interface ErrorContext {
  profile?: string;
  region?: string;
  /** What was being done, e.g. "listing functions". */
  operation?: string;
}

function errName(err: unknown): string {
  const e = err as { name?: string; Code?: string; code?: string; __type?: string } | undefined;
  return String(e?.name ?? e?.Code ?? e?.code ?? e?.__type ?? '');
}

function errMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (err && typeof err === 'object' && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'ECONNRESET',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'TimeoutError',
  'RequestTimeout',
]);

function withOp(ctx: ErrorContext, text: string): string {
  return ctx.operation ? `${text} (while ${ctx.operation})` : text;
}

/**
 * Classifies any thrown value into a WorkbenchError with an actionable message. Already-classified
 * errors pass through. The result never contains credentials.
 */
export function toWorkbenchError(err: unknown, ctx: ErrorContext = {}): WorkbenchError {
  if (err instanceof WorkbenchError) return err;
  const name = errName(err);
  const msg = errMessage(err);
  const p = ctx.profile ? `profile "${ctx.profile}"` : 'the active profile';
  const pflag = ctx.profile ? ` --profile ${ctx.profile}` : '';
  const cause = { cause: err };

  if (/Could not resolve credentials using profile|Profile .* could not be found|profile .* (not|was not) found/i.test(msg)) {
    return new WorkbenchError(
      'ProfileNotFound',
      withOp(ctx, `AWS ${p} was not found in the shared config or credentials file.`),
      'Check the profile name, or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, or run: aws configure' + pflag,
      cause,
    );
  }
  if (
    /SSO session .* (invalid|expired)|SSO.*token.*(expired|invalid|not found|refresh)|sso login|Token is expired|UnauthorizedException|The SSO session|ENOENT.*sso[\\/]cache/i.test(
      msg,
    ) ||
    name === 'UnauthorizedException'
  ) {
    return new WorkbenchError('SsoTokenExpired', withOp(ctx, `The SSO session of ${p} has expired or was never started.`), `Run: aws sso login${pflag}`, cause);
  }
  if (/credential_process|Command failed|credential process/i.test(msg) || name === 'CredentialProcessError') {
    const detail = msg.replace(/^Error:\s*/, '').trim();
    return new WorkbenchError(
      'CredentialProcessFailed',
      withOp(ctx, `The credential_process of ${p} failed: ${detail}`),
      'Run the credential_process command of the profile in a terminal to see why it fails.',
      cause,
    );
  }
  if (/Region is missing|region (is )?(not set|missing|must be (set|specified))|ConfigError.*region/i.test(msg) || name === 'RegionMissingError') {
    return new WorkbenchError(
      'NoRegion',
      withOp(ctx, `No region is set for ${p}.`),
      'Pick a region for the connection, or add "region = ..." to the profile in the shared config file.',
      cause,
    );
  }
  if (/ExpiredToken|RequestExpired|security token included in the request is expired/i.test(name + ' ' + msg)) {
    return new WorkbenchError(
      'ExpiredCredentials',
      withOp(ctx, `The credentials of ${p} have expired.`),
      'Refresh them (e.g. aws sso login, or new keys), then Retry.',
      cause,
    );
  }
  if (
    /InvalidClientTokenId|UnrecognizedClient|InvalidSignature|SignatureDoesNotMatch|IncompleteSignature|security token included in the request is invalid/i.test(
      name + ' ' + msg,
    )
  ) {
    return new WorkbenchError(
      'InvalidCredentials',
      withOp(ctx, `The credentials of ${p} were rejected (invalid access key or signature).`),
      'Check the access key and secret key of the profile, then Retry.',
      cause,
    );
  }
  if (/AccessDenied|not authorized to perform|UnauthorizedOperation/i.test(name + ' ' + msg)) {
    return new WorkbenchError(
      'AccessDenied',
      withOp(ctx, `Access denied for ${p}${ctx.region ? ` in ${ctx.region}` : ''}: ${msg}`),
      'Ask for the missing IAM permission, or use another profile.',
      cause,
    );
  }
  const code = String((err as { code?: string })?.code ?? '');
  if (NETWORK_CODES.has(code) || NETWORK_CODES.has(name) || /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|socket hang up|getaddrinfo|network/i.test(msg)) {
    return new WorkbenchError(
      'NetworkError',
      withOp(ctx, `Cannot reach the service${ctx.region ? ` in ${ctx.region}` : ''}: ${msg}`),
      'Check the network, proxy or endpoint_url, then Retry.',
      cause,
    );
  }
  if (/Could not load credentials from any providers|CredentialsProviderError/i.test(name + ' ' + msg)) {
    return new WorkbenchError(
      'NoCredentials',
      withOp(ctx, `No AWS credentials were found for ${p}.`),
      'Run: aws configure' + pflag + ' (or aws sso login), then Retry.',
      cause,
    );
  }
  return new WorkbenchError('Unknown', withOp(ctx, msg || name || 'Unknown error'), undefined, cause);
}

/** One line for a notification or tree node: message plus the next step. */
export function describeError(err: unknown, ctx: ErrorContext = {}): string {
  const e = toWorkbenchError(err, ctx);
  return e.action ? `${e.message} ${e.action}` : e.message;
}
