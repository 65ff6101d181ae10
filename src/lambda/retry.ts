// Lambda refuses a change while another one is in progress (ResourceConflictException) and throttles
// bursts (TooManyRequestsException): both are retried with capped exponential backoff and jitter,
// abortable at any time.
import { CancelledError, errorName } from './errors';

const RETRYABLE = new Set(['ResourceConflictException', 'TooManyRequestsException', 'ThrottlingException']);

export interface RetryOptions {
  signal?: AbortSignal;
  /** Attempts in all, including the first (default 10). */
  attempts?: number;
  /** First delay in ms (default 500), doubled each time up to maxDelayMs (default 8000). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Told before each wait, e.g. to show "update in progress, retrying in 2 s". */
  onRetry?: (attempt: number, delayMs: number, reason: string) => void;
}

function isRetryable(err: unknown): boolean {
  return RETRYABLE.has(errorName(err) ?? '');
}

export async function withRetry<T>(what: string, op: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 10;
  const base = options.baseDelayMs ?? 500;
  const cap = options.maxDelayMs ?? 8000;
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw new CancelledError(`Cancelled ${what}.`);
    try {
      return await op();
    } catch (err) {
      if (options.signal?.aborted) throw new CancelledError(`Cancelled ${what}.`);
      if (!isRetryable(err) || attempt >= attempts) throw err;
      const delay = Math.min(cap, base * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
      options.onRetry?.(attempt, delay, errorName(err) ?? 'error');
      await sleep(delay, options.signal, what);
    }
  }
}

function sleep(ms: number, signal: AbortSignal | undefined, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError(`Cancelled ${what}.`));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new CancelledError(`Cancelled ${what}.`));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
