// Read-only answers for features the local service does not model: code signing, runtime management,
// recursion and provisioned concurrency. Tools that read them get what Lambda answers for a function without them.
import { ServiceError } from '../seams';
import type { LambdaContext } from './context';
import { invalidParam } from './names';
import { queryString, type Reply, type Req } from './types';

/** No code signing locally: Lambda answers an empty ARN for a function without a config. */
export function getCodeSigningConfig(ctx: LambdaContext, req: Req): Reply {
  const { rec } = ctx.fn(req.params['FunctionName']!);
  return { status: 200, body: { CodeSigningConfigArn: '', FunctionName: rec.name } };
}

export function getRuntimeManagementConfig(ctx: LambdaContext, req: Req): Reply {
  const { rec, qualifier } = ctx.fn(req.params['FunctionName']!, queryString(req, 'Qualifier'));
  const { ver } = ctx.resolveQualifier(rec, qualifier);
  return { status: 200, body: { UpdateRuntimeOn: 'Auto', FunctionArn: ver.config.FunctionArn } };
}

export function getRecursionConfig(ctx: LambdaContext, req: Req): Reply {
  ctx.fn(req.params['FunctionName']!);
  return { status: 200, body: { RecursiveLoop: 'Terminate' } };
}

/** Local environments start on demand; there is no provisioned concurrency to list. */
export function listProvisionedConcurrency(ctx: LambdaContext, req: Req): Reply {
  ctx.fn(req.params['FunctionName']!);
  return { status: 200, body: { ProvisionedConcurrencyConfigs: [] } };
}

export function getProvisionedConcurrency(ctx: LambdaContext, req: Req): Reply {
  const { rec } = ctx.fn(req.params['FunctionName']!);
  const q = queryString(req, 'Qualifier');
  if (!q) throw invalidParam('Qualifier is required.');
  throw new ServiceError(
    404,
    'ProvisionedConcurrencyConfigNotFoundException',
    `No Provisioned Concurrency Config found for this function: ${ctx.arn(rec.name, q)}`,
  );
}
