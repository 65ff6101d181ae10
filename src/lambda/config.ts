// Configuration changes, validated before anything is sent: Lambda's own limits, checked here so the
// user gets every problem at once, each naming the field and what is allowed.
import {
  DeleteFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  PutFunctionConcurrencyCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
  type LambdaClient,
  type UpdateFunctionConfigurationCommandInput,
} from '@aws-sdk/client-lambda';
import { ValidationError } from './errors';
import { waitUntilUpdated, type OperationOptions } from './wait';
import { withRetry } from './retry';
import { isKnownRuntime, runtimeInfo, runtimeStatus } from './runtimes';
import { RESERVED_ENV_KEYS } from '../contract/lambdaEnvironment';

export const LIMITS = {
  memoryMin: 128,
  memoryMax: 10240,
  timeoutMin: 1,
  timeoutMax: 900,
  envBytes: 4096,
  ephemeralMin: 512,
  ephemeralMax: 10240,
  layersMax: 5,
  descriptionMax: 256,
  handlerMax: 128,
} as const;

export interface ConfigChange {
  MemorySize?: number;
  Timeout?: number;
  /** The complete new set of variables (Lambda replaces the whole map). */
  Environment?: Record<string, string>;
  Handler?: string;
  Runtime?: string;
  /** Layer version ARNs, in order. */
  Layers?: string[];
  Description?: string;
  EphemeralStorage?: number;
  Role?: string;
  /** A number reserves concurrency; null removes the reservation. */
  ReservedConcurrency?: number | null;
  /** Tags to set; a key with value null is removed. */
  Tags?: Record<string, string | null>;
}

export interface ValidationContext {
  /** The runtime the handler is checked against when the change does not set one. */
  runtime?: string;
  /** True when creating a function (a runtime blocked for creation is refused). */
  creating?: boolean;
  /**
   * Refuse runtimes that Lambda blocks by date (the deprecation table). On for AWS connections; off
   * for the local service, which runs any nodejs / python / ruby / java / provided runtime with what is installed.
   */
  enforceLifecycle?: boolean;
  now?: Date;
}

const ENV_NAME = /^[a-zA-Z]\w*$/;
const LAYER_ARN = /^arn:[a-zA-Z0-9-]+:lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+$/;
const ROLE_ARN = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
export const FUNCTION_NAME = /^[a-zA-Z0-9-_]{1,64}$/;

/** Every problem in a change; empty when it can be sent. */
export function validateConfig(change: ConfigChange, ctx: ValidationContext = {}): ValidationError[] {
  const errors: ValidationError[] = [];
  const fail = (field: string, message: string) => errors.push(new ValidationError(message, field));
  const intIn = (field: string, v: number | undefined, min: number, max: number, unit: string) => {
    if (v === undefined) return;
    if (!Number.isInteger(v) || v < min || v > max) fail(field, `${field} must be a whole number of ${unit} from ${min} to ${max} (got ${v}).`);
  };
  intIn('MemorySize', change.MemorySize, LIMITS.memoryMin, LIMITS.memoryMax, 'MB');
  intIn('Timeout', change.Timeout, LIMITS.timeoutMin, LIMITS.timeoutMax, 'seconds');
  intIn('EphemeralStorage', change.EphemeralStorage, LIMITS.ephemeralMin, LIMITS.ephemeralMax, 'MB');
  if (change.Environment) validateEnvironment(change.Environment, fail);
  const runtime = change.Runtime ?? ctx.runtime;
  if (change.Runtime !== undefined) validateRuntime(change.Runtime, ctx, fail);
  if (change.Handler !== undefined) {
    const problem = handlerProblem(change.Handler, runtime);
    if (problem) fail('Handler', problem);
  }
  if (change.Layers) {
    if (change.Layers.length > LIMITS.layersMax) fail('Layers', `A function can use at most ${LIMITS.layersMax} layers (got ${change.Layers.length}).`);
    for (const arn of change.Layers) {
      if (!LAYER_ARN.test(arn)) fail('Layers', `"${arn}" is not a layer version ARN (arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION).`);
    }
    const names = change.Layers.map((a) => a.split(':').slice(0, 7).join(':'));
    if (new Set(names).size !== names.length) fail('Layers', 'The same layer is listed twice; keep one version of each layer.');
  }
  if (change.Description !== undefined && change.Description.length > LIMITS.descriptionMax) {
    fail('Description', `Description must be at most ${LIMITS.descriptionMax} characters (got ${change.Description.length}).`);
  }
  if (change.Role !== undefined && !ROLE_ARN.test(change.Role)) fail('Role', `"${change.Role}" is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME).`);
  if (change.ReservedConcurrency !== undefined && change.ReservedConcurrency !== null) {
    if (!Number.isInteger(change.ReservedConcurrency) || change.ReservedConcurrency < 0) {
      fail('ReservedConcurrency', `Reserved concurrency must be a whole number, 0 or more (got ${change.ReservedConcurrency}); 0 stops all invocations.`);
    }
  }
  for (const [k, v] of Object.entries(change.Tags ?? {})) {
    if (k.length < 1 || k.length > 128 || k.toLowerCase().startsWith('aws:'))
      fail('Tags', `Tag key "${k}" must be 1-128 characters and not start with "aws:".`);
    if (v !== null && v.length > 256) fail('Tags', `Tag "${k}" has a value longer than 256 characters.`);
  }
  return errors;
}

function validateEnvironment(vars: Record<string, string>, fail: (field: string, m: string) => void): void {
  for (const [k, v] of Object.entries(vars)) {
    const field = `Environment.${k}`;
    if (RESERVED_ENV_KEYS.has(k)) fail(field, `${k} is reserved: Lambda sets it itself. Use another name.`);
    else if (!ENV_NAME.test(k)) fail(field, `Environment variable name "${k}" must start with a letter and use only letters, digits and _.`);
    if (typeof v !== 'string') fail(field, `Environment variable ${k} must be a string.`);
  }
  // Lambda measures the variables as the JSON map it stores.
  const bytes = Buffer.byteLength(JSON.stringify(vars), 'utf8');
  if (bytes > LIMITS.envBytes) {
    fail(
      'Environment',
      `Environment variables take ${bytes} bytes; Lambda allows ${LIMITS.envBytes} (4 KB) in total. Move large values to Parameter Store or Secrets Manager.`,
    );
  }
}

function validateRuntime(runtime: string, ctx: ValidationContext, fail: (field: string, m: string) => void): void {
  if (!isKnownRuntime(runtime)) {
    fail('Runtime', `Unknown runtime "${runtime}". Use one of Lambda's runtimes, e.g. nodejs22.x, python3.13, java21, provided.al2023.`);
    return;
  }
  if (!ctx.enforceLifecycle) return;
  const status = runtimeStatus(runtime, ctx.now);
  const info = runtimeInfo(runtime)!;
  if (status === 'update-blocked')
    fail('Runtime', `${runtime} is deprecated and Lambda blocks updates with it since ${info.blockUpdate}. Choose a newer ${info.family} runtime.`);
  else if (ctx.creating && status === 'create-blocked')
    fail('Runtime', `${runtime} is deprecated and Lambda blocks new functions with it since ${info.blockCreate}. Choose a newer ${info.family} runtime.`);
}

/** Why a handler does not fit the runtime, or undefined when it does. */
export function handlerProblem(handler: string, runtime: string | undefined): string | undefined {
  if (!handler || /\s/.test(handler) || handler.length > LIMITS.handlerMax) {
    return `Handler must be 1-${LIMITS.handlerMax} characters without spaces (got "${handler}").`;
  }
  const family = runtimeInfo(runtime)?.family;
  switch (family) {
    case 'nodejs':
    case 'python':
    case 'ruby':
      if (!/^[^/\\][^\\]*\.[A-Za-z_$][\w$]*$/.test(handler) || handler.includes('..')) {
        return `Handler "${handler}" should be FILE.FUNCTION, e.g. index.handler or src/app.lambdaHandler (the file path without extension, relative to the package root).`;
      }
      return undefined;
    case 'java':
      if (!/^[A-Za-z_$][\w$.]*(::[A-Za-z_$][\w$]*)?$/.test(handler)) return `Handler "${handler}" should be package.Class::method or package.Class.`;
      return undefined;
    case 'dotnet':
      if (!/^[^:]+::[^:]+::[^:]+$/.test(handler)) return `Handler "${handler}" should be Assembly::Namespace.Class::Method.`;
      return undefined;
    default:
      return undefined; // provided runtimes: the bootstrap decides what the handler means
  }
}

export function assertValid(change: ConfigChange, ctx: ValidationContext = {}): void {
  const errors = validateConfig(change, ctx);
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) {
    throw new ValidationError(`${errors.length} problems:\n${errors.map((e) => `- ${e.message}`).join('\n')}`, errors[0].field);
  }
}

/** The UpdateFunctionConfiguration input for the parts of a change that go through it. */
export function toUpdateInput(functionName: string, change: ConfigChange): UpdateFunctionConfigurationCommandInput {
  const input: UpdateFunctionConfigurationCommandInput = { FunctionName: functionName };
  if (change.MemorySize !== undefined) input.MemorySize = change.MemorySize;
  if (change.Timeout !== undefined) input.Timeout = change.Timeout;
  if (change.Environment !== undefined) input.Environment = { Variables: change.Environment };
  if (change.Handler !== undefined) input.Handler = change.Handler;
  if (change.Runtime !== undefined) input.Runtime = change.Runtime as UpdateFunctionConfigurationCommandInput['Runtime'];
  if (change.Layers !== undefined) input.Layers = change.Layers;
  if (change.Description !== undefined) input.Description = change.Description;
  if (change.EphemeralStorage !== undefined) input.EphemeralStorage = { Size: change.EphemeralStorage };
  if (change.Role !== undefined) input.Role = change.Role;
  return input;
}

/**
 * Validates, then applies a change: UpdateFunctionConfiguration (retried while another update is in
 * progress, then waited for), reserved concurrency and tags. Returns the configuration after it.
 */
export async function updateConfiguration(
  client: LambdaClient,
  functionName: string,
  change: ConfigChange,
  options: OperationOptions = {},
): Promise<FunctionConfiguration> {
  const current = await client.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }), { abortSignal: options.signal });
  assertValid(change, { runtime: current.Runtime, enforceLifecycle: options.enforceRuntimeLifecycle });
  const input = toUpdateInput(functionName, change);
  let config: FunctionConfiguration = current;
  if (Object.keys(input).length > 1) {
    options.onProgress?.({ step: 'configure', message: `Updating the configuration of ${functionName}…` });
    await withRetry(
      'the configuration update',
      () => client.send(new UpdateFunctionConfigurationCommand(input), { abortSignal: options.signal }),
      retryOptions(options),
    );
    config = await waitUntilUpdated(client, functionName, options);
  }
  if (change.ReservedConcurrency !== undefined) {
    options.onProgress?.({ step: 'configure', message: 'Setting reserved concurrency…' });
    const send =
      change.ReservedConcurrency === null
        ? () => client.send(new DeleteFunctionConcurrencyCommand({ FunctionName: functionName }), { abortSignal: options.signal })
        : () =>
            client.send(new PutFunctionConcurrencyCommand({ FunctionName: functionName, ReservedConcurrentExecutions: change.ReservedConcurrency as number }), {
              abortSignal: options.signal,
            });
    await withRetry('the concurrency update', send, retryOptions(options));
  }
  if (change.Tags && Object.keys(change.Tags).length) {
    const arn = current.FunctionArn!;
    const set = Object.fromEntries(Object.entries(change.Tags).filter((e): e is [string, string] => e[1] !== null));
    const remove = Object.entries(change.Tags)
      .filter(([, v]) => v === null)
      .map(([k]) => k);
    if (Object.keys(set).length) await client.send(new TagResourceCommand({ Resource: arn, Tags: set }), { abortSignal: options.signal });
    if (remove.length) await client.send(new UntagResourceCommand({ Resource: arn, TagKeys: remove }), { abortSignal: options.signal });
  }
  return config;
}

export function retryOptions(options: OperationOptions) {
  return {
    signal: options.signal,
    baseDelayMs: options.retryBaseDelayMs,
    onRetry: (_attempt: number, delay: number, reason: string) =>
      options.onProgress?.({ step: 'retry', message: `${reason}: another change is in progress, retrying in ${(delay / 1000).toFixed(1)} s…` }),
  };
}
