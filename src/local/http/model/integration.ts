// The function behind an integration URI (OpenAPI x-amazon-apigateway-integration uri, Method
// Integration.Uri, ApiGatewayV2 IntegrationUri / Target). A URI naming no function of the template is
// not fatal, as with `sam local start-api`: the route stays and answers 502 "No function defined for
// resource method", and the loader warns with the line.
import type { RouteDef } from '../model';
import { functionIdOfUri, resolve, targetId, Unresolved, warn, type StackCtx } from './intrinsics';
import { isObj, type Path, type SourceFile } from './source';

export const NO_FUNCTION = { status: 502, message: 'No function defined for resource method' };

export interface IntegrationTarget {
  functionId: string;
  unavailable?: RouteDef['unavailable'];
}

/** A readable guess at the function a URI meant: `${Name.Arn}`, `function:Name`, or the text. */
function guess(raw: unknown, resolved?: string): string {
  const text = resolved ?? (typeof raw === 'string' ? raw : isObj(raw) ? JSON.stringify(raw) : String(raw));
  return /\$\{([A-Za-z0-9]+)\.Arn\}/.exec(text)?.[1] ?? /:function:([^:/"]+)/.exec(text)?.[1] ?? /"Fn::GetAtt":\["?([A-Za-z0-9]+)/.exec(text)?.[1] ?? text;
}

export function integrationTarget(ctx: StackCtx, uri: unknown, p: Path, what: string, src: SourceFile = ctx.src): IntegrationTarget {
  const t = targetId(uri);
  if (t && ctx.functionNames.has(t)) return { functionId: ctx.prefix + ctx.functionNames.get(t)! };
  let s: unknown;
  try {
    s = uri === undefined ? undefined : resolve(ctx, uri, p);
  } catch (err) {
    if (!(err instanceof Unresolved)) throw err;
    warn(ctx, p, `${what}: the integration URI cannot be resolved (${err.message}); the route answers 502 "${NO_FUNCTION.message}"`, src);
    return { functionId: guess(uri), unavailable: NO_FUNCTION };
  }
  const id = typeof s === 'string' ? functionIdOfUri(ctx, s) : undefined;
  if (id) return { functionId: id };
  warn(
    ctx,
    p,
    `${what}: the integration URI ${s === undefined ? '(none)' : JSON.stringify(s)} names no function of this template; the route answers 502 "${NO_FUNCTION.message}"`,
    src,
  );
  return { functionId: guess(uri, typeof s === 'string' ? s : undefined), unavailable: NO_FUNCTION };
}

/** '1.0' / '2.0' as written (`1.0` unquoted is the number 1), or undefined. */
export function payloadVersion(v: unknown): '1.0' | '2.0' | undefined {
  if (v === undefined || v === null) return undefined;
  const n = Number(v);
  return n === 1 ? '1.0' : n === 2 ? '2.0' : undefined;
}
