// Deleting a function only after the user typed its name: the check is here (not in the UI) so every
// entry point gets it.
import { DeleteFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { retryOptions } from './config';
import { ValidationError } from './errors';
import { withRetry } from './retry';
import type { OperationOptions } from './wait';

/** Undefined when `typed` confirms `expected`, else what to tell the user (for an InputBox's validateInput). */
export function typedNameProblem(expected: string, typed: string | undefined): string | undefined {
  if (typed === undefined || typed.trim() === '') return `Type ${expected} to confirm.`;
  if (typed.trim() !== expected) return `That is not the function's name; type ${expected} exactly to delete it.`;
  return undefined;
}

/** Deletes a function (or one version with qualifier) once its name was typed correctly. */
export async function deleteFunction(
  client: LambdaClient,
  functionName: string,
  typedName: string | undefined,
  options: OperationOptions & { qualifier?: string } = {},
): Promise<void> {
  const problem = typedNameProblem(functionName, typedName);
  if (problem) throw new ValidationError(`Not deleted: ${problem}`, 'FunctionName');
  options.onProgress?.({ step: 'configure', message: `Deleting ${functionName}${options.qualifier ? `:${options.qualifier}` : ''}…` });
  await withRetry(
    'the delete',
    () => client.send(new DeleteFunctionCommand({ FunctionName: functionName, Qualifier: options.qualifier }), { abortSignal: options.signal }),
    retryOptions(options),
  );
}
