// Waiting for Lambda to settle after a change, through the SDK's own waiters, with a message that
// says why when it does not.
import {
  GetFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  waitUntilPublishedVersionActive,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { CancelledError } from './errors';

export interface Progress {
  step: 'build' | 'package' | 'check' | 'upload' | 'create' | 'configure' | 'wait' | 'publish' | 'retry' | 'skip' | 'done';
  message: string;
  /** 0-1 when the step can tell. */
  fraction?: number;
}

export interface OperationOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Longest wait for the function to settle, in seconds (default 300). */
  maxWaitSeconds?: number;
  /** Backoff base for conflict retries (tests make it small). */
  retryBaseDelayMs?: number;
  /** Refuse runtimes Lambda blocks by date (set it for AWS connections, not for the local service). */
  enforceRuntimeLifecycle?: boolean;
}

type Waiter = typeof waitUntilFunctionUpdatedV2;

async function runWaiter(
  waiter: Waiter,
  client: LambdaClient,
  input: { FunctionName: string; Qualifier?: string },
  what: string,
  options: OperationOptions,
): Promise<FunctionConfiguration> {
  options.onProgress?.({ step: 'wait', message: `Waiting until ${input.FunctionName} is ${what}…` });
  try {
    // A quarter-second first delay (the SDK default is 1-5 s): small updates settle within it, and
    // the backoff still doubles to 5 s for slow ones.
    await waiter({ client, maxWaitTime: options.maxWaitSeconds ?? 300, minDelay: 0.25, maxDelay: 5, abortSignal: options.signal }, input);
  } catch (err) {
    if (options.signal?.aborted) throw new CancelledError(`Stopped waiting; the change was sent and Lambda is still applying it to ${input.FunctionName}.`);
    const config = await client.send(new GetFunctionConfigurationCommand(input)).catch(() => undefined);
    const reason = config?.LastUpdateStatusReason || config?.StateReason;
    if (reason) throw new Error(`${input.FunctionName} did not become ${what}: ${reason}`);
    throw err;
  }
  return client.send(new GetFunctionConfigurationCommand(input), { abortSignal: options.signal });
}

export const waitUntilUpdated = (client: LambdaClient, functionName: string, options: OperationOptions = {}) =>
  runWaiter(waitUntilFunctionUpdatedV2, client, { FunctionName: functionName }, 'updated', options);

export const waitUntilActive = (client: LambdaClient, functionName: string, options: OperationOptions = {}) =>
  runWaiter(waitUntilFunctionActiveV2, client, { FunctionName: functionName }, 'active', options);

export const waitUntilVersionActive = (client: LambdaClient, functionName: string, version: string, options: OperationOptions = {}) =>
  runWaiter(
    waitUntilPublishedVersionActive as unknown as Waiter,
    client,
    { FunctionName: functionName, Qualifier: version },
    `active (version ${version})`,
    options,
  );
