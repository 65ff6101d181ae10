// Aliases and traffic shifting. A shift keeps the alias on its stable version and sends a weight of
// the traffic to the new one (Lambda's RoutingConfig); promote moves the alias entirely, roll back
// drops the extra version.
import {
  CreateAliasCommand,
  DeleteAliasCommand,
  GetAliasCommand,
  UpdateAliasCommand,
  type AliasConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { retryOptions } from './config';
import { ValidationError } from './errors';
import { withRetry } from './retry';
import type { OperationOptions } from './wait';

const ALIAS_NAME = /^(?!^[0-9]+$)[a-zA-Z0-9-_]{1,128}$/;
const VERSION = /^(\$LATEST|[0-9]+)$/;

export function aliasNameProblem(name: string): string | undefined {
  if (!ALIAS_NAME.test(name)) return `Alias name "${name}" must be 1-128 letters, digits, - or _, and not only digits (those are versions).`;
  return undefined;
}

function checkVersion(v: string, field: string): void {
  if (!VERSION.test(v)) throw new ValidationError(`${field} must be a published version number or $LATEST (got "${v}").`, field);
}

function checkPublished(v: string, field: string): void {
  if (!/^[0-9]+$/.test(v))
    throw new ValidationError(
      `${field} must be a published version number: traffic cannot be split onto $LATEST (got "${v}"). Publish a version first.`,
      field,
    );
}

/** A traffic weight in percent, 0-100, as typed by a user. */
export function parseWeight(input: string | number): number {
  const n = typeof input === 'number' ? input : Number(String(input).trim().replace(/%$/, ''));
  if (typeof input === 'string' && String(input).trim() === '')
    throw new ValidationError('Enter a weight from 0 to 100 (percent of traffic for the new version).', 'Weight');
  if (!Number.isFinite(n) || n < 0 || n > 100)
    throw new ValidationError(`The weight must be a number from 0 to 100 (percent of traffic for the new version), got "${input}".`, 'Weight');
  return n;
}

export interface AliasInput {
  functionName: string;
  name: string;
  version: string;
  description?: string;
  /** Extra version -> weight 0-1 (Lambda's RoutingConfig form). */
  additionalWeights?: Record<string, number>;
}

function routing(weights: Record<string, number> | undefined) {
  return weights ? { AdditionalVersionWeights: weights } : undefined;
}

export async function createAlias(client: LambdaClient, a: AliasInput, options: OperationOptions = {}): Promise<AliasConfiguration> {
  const problem = aliasNameProblem(a.name);
  if (problem) throw new ValidationError(problem, 'Name');
  checkVersion(a.version, 'FunctionVersion');
  return withRetry(
    'creating the alias',
    () =>
      client.send(
        new CreateAliasCommand({
          FunctionName: a.functionName,
          Name: a.name,
          FunctionVersion: a.version,
          Description: a.description,
          RoutingConfig: routing(a.additionalWeights),
        }),
        { abortSignal: options.signal },
      ),
    retryOptions(options),
  );
}

export async function updateAlias(
  client: LambdaClient,
  a: Partial<AliasInput> & { functionName: string; name: string },
  options: OperationOptions = {},
): Promise<AliasConfiguration> {
  if (a.version !== undefined) checkVersion(a.version, 'FunctionVersion');
  return withRetry(
    'updating the alias',
    () =>
      client.send(
        new UpdateAliasCommand({
          FunctionName: a.functionName,
          Name: a.name,
          FunctionVersion: a.version,
          Description: a.description,
          RoutingConfig: routing(a.additionalWeights),
        }),
        { abortSignal: options.signal },
      ),
    retryOptions(options),
  );
}

export async function deleteAlias(client: LambdaClient, functionName: string, name: string, options: OperationOptions = {}): Promise<void> {
  await withRetry(
    'deleting the alias',
    () => client.send(new DeleteAliasCommand({ FunctionName: functionName, Name: name }), { abortSignal: options.signal }),
    retryOptions(options),
  );
}

export interface ShiftInput {
  functionName: string;
  alias: string;
  /** The stable version keeping (100 - weight)% of traffic. */
  fromVersion: string;
  /** The new version getting weight% of traffic. */
  toVersion: string;
  /** Percent 0-100 for toVersion. */
  weight: number | string;
}

/**
 * Sends weight% of the alias's traffic to toVersion and the rest to fromVersion. 0 keeps everything
 * on fromVersion and 100 moves the alias to toVersion, both without routing.
 */
export async function shiftTraffic(client: LambdaClient, s: ShiftInput, options: OperationOptions = {}): Promise<AliasConfiguration> {
  const weight = parseWeight(s.weight);
  checkPublished(s.fromVersion, 'fromVersion');
  checkPublished(s.toVersion, 'toVersion');
  if (s.fromVersion === s.toVersion)
    throw new ValidationError(`Choose two different versions to shift traffic between (both are ${s.fromVersion}).`, 'toVersion');
  if (weight === 100) return updateAlias(client, { functionName: s.functionName, name: s.alias, version: s.toVersion, additionalWeights: {} }, options);
  if (weight === 0) return updateAlias(client, { functionName: s.functionName, name: s.alias, version: s.fromVersion, additionalWeights: {} }, options);
  // Lambda takes the weight as a fraction with at most 5 decimals.
  const fraction = Math.round(weight * 1000) / 100000;
  return updateAlias(client, { functionName: s.functionName, name: s.alias, version: s.fromVersion, additionalWeights: { [s.toVersion]: fraction } }, options);
}

/** Sends all traffic back to the alias's own (stable) version, dropping the weighted one. */
export async function rollBackTraffic(client: LambdaClient, functionName: string, alias: string, options: OperationOptions = {}): Promise<AliasConfiguration> {
  const current = await client.send(new GetAliasCommand({ FunctionName: functionName, Name: alias }), { abortSignal: options.signal });
  return updateAlias(client, { functionName, name: alias, version: current.FunctionVersion, additionalWeights: {} }, options);
}

/** Moves the alias entirely onto the version that was receiving weighted traffic. */
export async function promoteTraffic(client: LambdaClient, functionName: string, alias: string, options: OperationOptions = {}): Promise<AliasConfiguration> {
  const current = await client.send(new GetAliasCommand({ FunctionName: functionName, Name: alias }), { abortSignal: options.signal });
  const extra = Object.keys(current.RoutingConfig?.AdditionalVersionWeights ?? {});
  if (extra.length !== 1) throw new ValidationError(`Alias ${alias} has no weighted version to promote.`, 'RoutingConfig');
  return updateAlias(client, { functionName, name: alias, version: extra[0], additionalWeights: {} }, options);
}
