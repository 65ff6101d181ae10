// Errors the Lambda operations raise on purpose: each says what is wrong and what to do, and never
// carries a credential (messages are built here, not copied from requests).

/** Bad input caught before anything is sent (configuration, payload, package, names). */
export class ValidationError extends Error {
  constructor(
    message: string,
    /** The field or path that is wrong, e.g. 'MemorySize' or 'Environment.Variables.AWS_REGION'. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

/** Raised when the caller's AbortSignal fires; the message says what state things were left in. */
export class CancelledError extends Error {
  constructor(message = 'Cancelled.') {
    super(message);
    this.name = 'CancelledError';
  }
}

/** A zip or download refused for safety (path traversal, absolute path, symlink out of the target). */
export class UnsafeArchiveError extends Error {
  constructor(
    message: string,
    readonly entry: string,
  ) {
    super(message);
    this.name = 'UnsafeArchiveError';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new CancelledError(`Cancelled ${what}.`);
}

/** The SDK's error name (ResourceNotFoundException, ...) of a thrown value, if any. */
export function errorName(err: unknown): string | undefined {
  return err && typeof err === 'object' && 'name' in err ? String((err as { name: unknown }).name) : undefined;
}

export function isNotFound(err: unknown): boolean {
  return errorName(err) === 'ResourceNotFoundException';
}
