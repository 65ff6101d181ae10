// Tags of a function: TagResource, UntagResource, ListTags. They live on the unqualified function ARN.
import type { LambdaContext } from './context';
import type { FunctionRecord } from '../store';
import { invalidParam, notFound, parseFunctionName, validationError } from './names';
import { jsonBody, queryList, type Reply, type Req } from './types';

/** Tags live on the unqualified function ARN; a qualified or unknown ARN is refused as Lambda does. */
function taggable(ctx: LambdaContext, arn: string): FunctionRecord {
  if (!arn.startsWith('arn:'))
    throw validationError(
      arn,
      'resource',
      'Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|layer:...)',
    );
  const parsed = parseFunctionName(arn, ctx.region, ctx.accountId);
  if (parsed.qualifier !== undefined) throw invalidParam('Tags are not supported on function versions or aliases: use the unqualified function ARN.');
  const rec = ctx.store.functions.get(parsed.name);
  if (!rec) throw notFound(`Function not found: ${arn}`);
  return rec;
}

export function tagResource(ctx: LambdaContext, req: Req): Reply {
  const rec = taggable(ctx, req.params['Resource']!);
  const tags = jsonBody<{ Tags: Record<string, string> }>(req).Tags ?? {};
  const merged = { ...rec.tags, ...tags };
  if (Object.keys(merged).length > 50) throw invalidParam('A function can have at most 50 tags.');
  for (const [k, v] of Object.entries(tags)) {
    if (k.length < 1 || k.length > 128 || k.startsWith('aws:')) throw invalidParam(`Invalid tag key '${k}': 1-128 characters, not starting with aws:.`);
    if (typeof v !== 'string' || v.length > 256) throw invalidParam(`Invalid value for tag '${k}': at most 256 characters.`);
  }
  rec.tags = merged;
  ctx.store.saveFunction(rec);
  return { status: 204 };
}

export function untagResource(ctx: LambdaContext, req: Req): Reply {
  const rec = taggable(ctx, req.params['Resource']!);
  for (const k of queryList(req, 'tagKeys')) delete rec.tags[k];
  ctx.store.saveFunction(rec);
  return { status: 204 };
}

export function listTags(ctx: LambdaContext, req: Req): Reply {
  return { status: 200, body: { Tags: taggable(ctx, req.params['Resource']!).tags } };
}
