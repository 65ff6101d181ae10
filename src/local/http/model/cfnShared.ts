// What the CloudFormation API readers (cfnApis.ts, cfnRest.ts, cfnHttp.ts) share: resources grouped by
// type, the scope of one stack's API Gateway resources, and the small readers of ids and route keys.
import type { ApiType, RouteDef } from '../model';
import { targetId, type StackCtx } from './intrinsics';
import { normalizeMethod } from './openapi';
import type { ApiBuild } from './samApis';
import type { Obj, Path } from './source';

export interface Res {
  id: string;
  props: Obj;
  p: Path;
}

export interface CfnScope {
  ctx: StackCtx;
  files: string[];
  apis: Map<string, ApiBuild>;
  of(type: string): Res[];
  /** The API a resource's `key` (RestApiId, ApiId) names, or undefined with a warning. */
  apiOf(r: Res, key: string): ApiBuild | undefined;
  newApi(r: Res, type: ApiType): ApiBuild;
  /** Routes, authorizers, binary types and CORS of the API's Body / BodyS3Location. */
  addBody(r: Res, b: ApiBuild): Promise<void>;
}

/** A logical id written as `!Ref X`, `!GetAtt X.attr`, or plainly as `X`. */
export const idOf = (v: unknown): string | undefined => targetId(v) ?? (typeof v === 'string' ? v : undefined);

/** "GET /pets/{id}" → GET and the path; "$default" → ANY $default. */
export function routeKey(key: string): Pick<RouteDef, 'method' | 'path'> {
  const k = key.trim();
  if (k === '$default') return { method: 'ANY', path: '$default' };
  const sp = k.indexOf(' ');
  return sp < 0 ? { method: 'ANY', path: k } : { method: normalizeMethod(k.slice(0, sp)), path: k.slice(sp + 1).trim() };
}
