// Names, ARNs and the validation messages Lambda answers with.
import { ServiceError } from '../seams';

export const FUNCTION_NAME_RE = /^[a-zA-Z0-9-_]{1,64}$/;
export const ALIAS_NAME_RE = /^(?!^[0-9]+$)[a-zA-Z0-9-_]{1,128}$/;
export const LAYER_NAME_RE = /^[a-zA-Z0-9-_]{1,140}$/;
const QUALIFIER_RE = /^(|[a-zA-Z0-9$_-]{1,128})$/;

/** The runtimes Lambda accepts today (deprecated ones are still accepted for updates in AWS; we accept them too). */
export const RUNTIMES = [
  'nodejs',
  'nodejs4.3',
  'nodejs6.10',
  'nodejs8.10',
  'nodejs10.x',
  'nodejs12.x',
  'nodejs14.x',
  'nodejs16.x',
  'nodejs18.x',
  'nodejs20.x',
  'nodejs22.x',
  'nodejs24.x',
  'java8',
  'java8.al2',
  'java11',
  'java17',
  'java21',
  'java25',
  'python2.7',
  'python3.6',
  'python3.7',
  'python3.8',
  'python3.9',
  'python3.10',
  'python3.11',
  'python3.12',
  'python3.13',
  'python3.14',
  'dotnetcore1.0',
  'dotnetcore2.0',
  'dotnetcore2.1',
  'dotnetcore3.1',
  'dotnet6',
  'dotnet8',
  'dotnet10',
  'nodejs4.3-edge',
  'go1.x',
  'ruby2.5',
  'ruby2.7',
  'ruby3.2',
  'ruby3.3',
  'ruby3.4',
  'provided',
  'provided.al2',
  'provided.al2023',
];

export function validationError(value: unknown, field: string, constraint: string): ServiceError {
  return new ServiceError(
    400,
    'ValidationException',
    `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

export function invalidParam(message: string): ServiceError {
  return new ServiceError(400, 'InvalidParameterValueException', message);
}

export function conflict(message: string): ServiceError {
  return new ServiceError(409, 'ResourceConflictException', message);
}

export function notFound(message: string): ServiceError {
  return new ServiceError(404, 'ResourceNotFoundException', message);
}

export function preconditionFailed(): ServiceError {
  return new ServiceError(
    412,
    'PreconditionFailedException',
    'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
  );
}

export interface ParsedName {
  name: string;
  /** A qualifier carried inside an ARN (`...:function:name:qualifier`). */
  qualifier?: string;
}

/**
 * Accepts what Lambda accepts as FunctionName: `name`, `name:qualifier`, `account:function:name[:q]`, or a
 * full ARN. Region/account in an ARN must be ours, as a real region would only know its own functions.
 */
export function parseFunctionName(raw: string, region: string, accountId: string): ParsedName {
  let parts = raw.split(':');
  if (parts[0] === 'arn') {
    if (parts.length < 7 || parts[2] !== 'lambda' || parts[5] !== 'function')
      throw validationError(
        raw,
        'functionName',
        'Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?',
      );
    if (parts[3] !== region || parts[4] !== accountId) {
      throw notFound(`Function not found: ${raw}`);
    }
    parts = parts.slice(6);
  } else if (parts.length >= 3 && parts[1] === 'function') {
    if (parts[0] !== accountId) throw notFound(`Function not found: ${functionArn(region, accountId, parts[2] ?? '')}`);
    parts = parts.slice(2);
  }
  const name = parts[0] ?? '';
  if (!FUNCTION_NAME_RE.test(name) || parts.length > 2) {
    throw validationError(
      raw,
      'functionName',
      'Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?',
    );
  }
  const qualifier = parts[1];
  if (qualifier !== undefined && !QUALIFIER_RE.test(qualifier))
    throw validationError(qualifier, 'qualifier', 'Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)');
  return qualifier === undefined ? { name } : { name, qualifier };
}

export function functionArn(region: string, accountId: string, name: string, qualifier?: string): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${name}${qualifier ? `:${qualifier}` : ''}`;
}

export function layerArn(region: string, accountId: string, name: string, version?: number): string {
  return `arn:aws:lambda:${region}:${accountId}:layer:${name}${version !== undefined ? `:${version}` : ''}`;
}

/** Now, in Lambda's timestamp format for LastModified: `2024-01-02T03:04:05.678+0000`. */
export function lambdaTimestamp(): string {
  return new Date().toISOString().replace('Z', '+0000');
}
