// A function's resource policy: AddPermission, GetPolicy, RemovePermission (stored, never enforced locally).
import { randomUUID } from 'node:crypto';
import type { LambdaContext } from './context';
import { conflict, invalidParam, notFound, preconditionFailed, validationError } from './names';
import { jsonBody, queryString, type Reply, type Req } from './types';

export function addPermission(ctx: LambdaContext, req: Req): Reply {
  const { rec, qualifier } = ctx.fn(req.params['FunctionName']!, queryString(req, 'Qualifier'));
  const input = jsonBody<Record<string, string>>(req);
  if (input['RevisionId'] !== undefined && input['RevisionId'] !== rec.policy.revisionId) throw preconditionFailed();
  for (const f of ['StatementId', 'Action', 'Principal']) if (!input[f]) throw invalidParam(`${f} is required.`);
  if (!/^([a-zA-Z0-9-_.]+)$/.test(input['StatementId']!))
    throw validationError(input['StatementId'], 'statementId', 'Member must satisfy regular expression pattern: ([a-zA-Z0-9-_.]+)');
  if (rec.policy.statements.some((s) => s.Sid === input['StatementId'])) {
    throw conflict(`The statement id (${input['StatementId']}) provided already exists. Please provide a new statement id, or remove the existing statement.`);
  }
  const condition: Record<string, Record<string, string>> = {};
  if (input['SourceArn']) condition['ArnLike'] = { 'AWS:SourceArn': input['SourceArn'] };
  if (input['SourceAccount']) condition['StringEquals'] = { 'AWS:SourceAccount': input['SourceAccount'] };
  if (input['PrincipalOrgID']) condition['StringEquals'] = { ...(condition['StringEquals'] ?? {}), 'aws:PrincipalOrgID': input['PrincipalOrgID'] };
  if (input['FunctionUrlAuthType'])
    condition['StringEquals'] = { ...(condition['StringEquals'] ?? {}), 'lambda:FunctionUrlAuthType': input['FunctionUrlAuthType'] };
  const principal = input['Principal']!;
  const statement = {
    Sid: input['StatementId']!,
    Effect: 'Allow',
    Principal: /^\d{12}$/.test(principal) ? { AWS: `arn:aws:iam::${principal}:root` } : principal.includes('.') ? { Service: principal } : { AWS: principal },
    Action: input['Action']!,
    Resource: ctx.arn(rec.name, qualifier),
    ...(Object.keys(condition).length ? { Condition: condition } : {}),
  };
  rec.policy.statements.push(statement);
  rec.policy.revisionId = randomUUID();
  ctx.store.saveFunction(rec);
  return { status: 201, body: { Statement: JSON.stringify(statement) } };
}

export function getPolicy(ctx: LambdaContext, req: Req): Reply {
  const { rec, qualifier } = ctx.fn(req.params['FunctionName']!, queryString(req, 'Qualifier'));
  const resource = ctx.arn(rec.name, qualifier);
  const statements = rec.policy.statements.filter((s) => s['Resource'] === resource);
  if (!statements.length) throw notFound('The resource you requested does not exist.');
  const policy = { Version: '2012-10-17', Id: 'default', Statement: statements };
  return { status: 200, body: { Policy: JSON.stringify(policy), RevisionId: rec.policy.revisionId } };
}

export function removePermission(ctx: LambdaContext, req: Req): Reply {
  const { rec, qualifier } = ctx.fn(req.params['FunctionName']!, queryString(req, 'Qualifier'));
  const revision = queryString(req, 'RevisionId');
  if (revision !== undefined && revision !== rec.policy.revisionId) throw preconditionFailed();
  const sid = req.params['StatementId']!;
  const resource = ctx.arn(rec.name, qualifier);
  const i = rec.policy.statements.findIndex((s) => s.Sid === sid && s['Resource'] === resource);
  if (i < 0) throw notFound(`Statement ${sid} is not found in resource policy.`);
  rec.policy.statements.splice(i, 1);
  rec.policy.revisionId = randomUUID();
  ctx.store.saveFunction(rec);
  return { status: 204 };
}
