// Route matching with API Gateway's precedence: at each path segment a literal beats a {param}, which
// beats a greedy {proxy+}; a route naming the method beats ANY; an HTTP API's $default route comes
// last. All the template's APIs share one port (as `sam local start-api`), the first API wins a tie.
import type { ApiDef, ApiModel, RouteDef } from './model';

type Segment = { kind: 0; text: string } | { kind: 1; name: string } | { kind: 2; name: string };

interface CompiledRoute {
  api: ApiDef;
  route: RouteDef;
  segments: Segment[]; // empty for $default
  isDefault: boolean;
  order: number;
}

export interface RouteMatch {
  api: ApiDef;
  route: RouteDef;
  pathParameters: Record<string, string>;
}

export interface MatchResult {
  match?: RouteMatch;
  /** When nothing matched: the API whose paths came closest (a path that exists with another method), for the 403/404 choice. */
  nearApi?: ApiDef;
}

function splitPath(path: string): string[] {
  const parts = path.split('/').slice(1);
  // '/pets/' is '/pets' (API Gateway ignores one trailing slash), '/' is the root
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

function compileSegments(path: string): Segment[] {
  return splitPath(path).map((s): Segment => {
    const greedy = /^\{(.+)\+\}$/.exec(s);
    if (greedy) return { kind: 2, name: greedy[1]! };
    const param = /^\{(.+)\}$/.exec(s);
    if (param) return { kind: 1, name: param[1]! };
    return { kind: 0, text: s };
  });
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The path parameters when the route's path matches, else undefined. */
function matchSegments(segments: Segment[], rawParts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    if (seg.kind === 2) {
      const rest = rawParts.slice(i);
      if (rest.length === 0 || rest[0] === '') return undefined; // {proxy+} needs at least one segment
      params[seg.name] = rest.map(decode).join('/');
      return params;
    }
    const part = rawParts[i];
    if (part === undefined || part === '') return undefined;
    if (seg.kind === 0) {
      if (decode(part) !== seg.text) return undefined;
    } else params[seg.name] = decode(part);
  }
  return rawParts.length === segments.length ? params : undefined;
}

/** Negative when a is the more specific route. */
function compareRoutes(a: CompiledRoute, b: CompiledRoute): number {
  if (a.isDefault !== b.isDefault) return a.isDefault ? 1 : -1;
  const n = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const d = a.segments[i]!.kind - b.segments[i]!.kind;
    if (d !== 0) return d;
  }
  if (a.segments.length !== b.segments.length) return b.segments.length - a.segments.length;
  const am = a.route.method === 'ANY' ? 1 : 0;
  const bm = b.route.method === 'ANY' ? 1 : 0;
  if (am !== bm) return am - bm;
  return a.order - b.order;
}

export class RouteTable {
  private readonly routes: CompiledRoute[];

  constructor(model: Pick<ApiModel, 'apis'>) {
    let order = 0;
    this.routes = [];
    for (const api of model.apis) {
      for (const route of api.routes) {
        const isDefault = route.path === '$default';
        this.routes.push({ api, route, segments: isDefault ? [] : compileSegments(route.path), isDefault, order: order++ });
      }
    }
    this.routes.sort(compareRoutes);
  }

  /** Finds the route for a method and a raw (percent-encoded) path. */
  match(method: string, rawPath: string): MatchResult {
    const parts = rawPath.split('/').slice(1);
    let nearApi: ApiDef | undefined;
    for (const r of this.routes) {
      if (r.isDefault) {
        if (r.route.method === 'ANY' || r.route.method === method) return { match: { api: r.api, route: r.route, pathParameters: {} } };
        continue;
      }
      const params = matchSegments(r.segments, trimTrailing(parts, r.segments));
      if (!params) continue;
      if (r.route.method === 'ANY' || r.route.method === method) return { match: { api: r.api, route: r.route, pathParameters: params } };
      nearApi ??= r.api;
    }
    return { nearApi };
  }

  /** Whether some route of the API serves this path, whatever the method (REST CORS preflight). */
  pathExists(apiId: string, rawPath: string): boolean {
    const parts = rawPath.split('/').slice(1);
    return this.routes.some((r) => r.api.id === apiId && !r.isDefault && matchSegments(r.segments, trimTrailing(parts, r.segments)) !== undefined);
  }
}

/** Drops one trailing empty segment unless the route ends in a greedy parameter (which keeps it). */
function trimTrailing(parts: string[], segments: Segment[]): string[] {
  if (parts.length > 0 && parts[parts.length - 1] === '' && segments.at(-1)?.kind !== 2) return parts.slice(0, -1);
  if (parts.length === 1 && parts[0] === '') return [];
  return parts;
}
