// Lambda authorizers as API Gateway runs them: REST TOKEN and REQUEST authorizers (IAM policy
// answers), HTTP API authorizers with payload 1.0 or 2.0 (IAM policy or simple { isAuthorized }
// answers). Missing identity sources → 401 without calling the function; a deny → 403; what the
// authorizer allowed reaches the function in requestContext.authorizer. Answers are cached for the
// authorizer's TTL, keyed by the identity source values (the policy is checked again per request).
// Where API Gateway and `sam local start-api` differ, `sam local`'s answers win (scripts move from it):
// a failing authorizer is 502 Internal server error, and a simple { isAuthorized: false } is 403
// 'User is not authorized to access this resource'.
import { buildV1Event, buildV2Event, headerValue, queryPairs, type EventTarget, type IncomingApiRequest } from './events';
import { GatewayErrors, type HttpAnswer } from './responses';
import type { ApiDef, AuthorizerDef, RouteDef } from './model';

export type AuthInvoke = (functionId: string, payload: Buffer) => Promise<{ payload: Buffer; functionError?: string }>;

export type AuthOutcome =
  | { ok: true; authorizer?: Record<string, unknown> } // requestContext.authorizer for the function's event
  | { ok: false; answer: HttpAnswer; reason: string };

interface AuthorizerAnswer {
  simple?: { isAuthorized: boolean };
  principalId?: unknown;
  policy?: PolicyStatement[];
  context: Record<string, unknown> | undefined;
}

interface PolicyStatement {
  effect: 'allow' | 'deny';
  actions: string[];
  resources: string[];
}

/** The authorizer a route runs, if any: its own, else the API's default; NONE and non-Lambda names mean none. */
export function authorizerFor(api: ApiDef, route: RouteDef): AuthorizerDef | undefined {
  const name = route.authorizer ?? api.defaultAuthorizer;
  if (!name || name === 'NONE') return undefined;
  return api.authorizers[name];
}

/** Values of the identity sources, or undefined when one is missing or empty (then 401). */
export function identityValues(a: AuthorizerDef, req: IncomingApiRequest, t: EventTarget): string[] | undefined {
  const out: string[] = [];
  for (const src of a.identitySources) {
    const v = sourceValue(src, req, t);
    if (v === undefined || v === '') return undefined;
    out.push(v);
  }
  return out;
}

function sourceValue(src: string, req: IncomingApiRequest, t: EventTarget): string | undefined {
  const m = /^(?:method\.request\.|\$request\.)(header|multivalueheader|querystring|multivaluequerystring|path)\.(.+)$/i.exec(src);
  if (m) {
    const kind = m[1]!.toLowerCase();
    const name = m[2]!;
    if (kind === 'header' || kind === 'multivalueheader') return headerValue(req.headers, name);
    if (kind === 'path') return t.pathParameters?.[name];
    const values = queryPairs(req.rawQuery)
      .filter(([k]) => k === name)
      .map(([, v]) => v);
    return values.length ? values.join(',') : undefined;
  }
  const sv = /^\$?stageVariables\.(.+)$/.exec(src);
  if (sv) return t.stageVariables[sv[1]!];
  const ctx = /^\$?context\.(.+)$/.exec(src);
  if (ctx) {
    const known: Record<string, string> = {
      httpMethod: req.method,
      requestId: req.requestId,
      stage: t.stage,
      apiId: t.apiId,
      'identity.sourceIp': req.sourceIp,
      path: req.rawPath,
    };
    return known[ctx[1]!];
  }
  return undefined;
}

export function methodArn(t: EventTarget, method: string, rawPath: string): string {
  return `arn:aws:execute-api:${t.region}:${t.accountId}:${t.apiId}/${t.stage}/${method}/${rawPath.replace(/^\//, '')}`;
}

/** The event an authorizer function receives. */
export function authorizerEvent(
  a: AuthorizerDef,
  apiType: 'REST' | 'HTTP',
  req: IncomingApiRequest,
  t: EventTarget,
  identity: string[],
): Record<string, unknown> {
  const arn = methodArn(t, req.method, req.rawPath);
  const plain = { ...t, authorizer: undefined, base64: false };
  if (apiType === 'REST') {
    if (a.type === 'TOKEN') return { type: 'TOKEN', authorizationToken: identity[0] ?? '', methodArn: arn };
    const { body: _b, isBase64Encoded: _i, ...rest } = buildV1Event(req, plain, 'REST');
    return { type: 'REQUEST', methodArn: arn, ...rest };
  }
  if ((a.payloadFormatVersion ?? '2.0') === '1.0') {
    const { body: _b, isBase64Encoded: _i, version: _v, ...rest } = buildV1Event(req, plain, 'HTTP');
    return { version: '1.0', type: 'REQUEST', methodArn: arn, identitySource: identity.join(','), authorizationToken: identity.join(','), ...rest };
  }
  const { body: _b, isBase64Encoded: _i, version: _v, ...rest } = buildV2Event(req, plain);
  return { version: '2.0', type: 'REQUEST', routeArn: arn, identitySource: identity, ...rest };
}

function list(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Parses an authorizer function's answer, or says what is wrong with it. */
export function parseAuthorizerAnswer(a: AuthorizerDef, value: unknown): AuthorizerAnswer | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the authorizer did not return an object';
  const o = value as Record<string, unknown>;
  const context = o['context'];
  if (context !== undefined && context !== null && (typeof context !== 'object' || Array.isArray(context))) return 'context must be an object';
  const ctx = (context ?? undefined) as Record<string, unknown> | undefined;
  if (a.enableSimpleResponses && (a.payloadFormatVersion ?? '2.0') === '2.0' && 'isAuthorized' in o) {
    if (typeof o['isAuthorized'] !== 'boolean') return 'isAuthorized must be true or false';
    return { simple: { isAuthorized: o['isAuthorized'] }, context: ctx };
  }
  const doc = o['policyDocument'];
  if (typeof doc !== 'object' || doc === null) {
    return a.enableSimpleResponses
      ? 'the authorizer returned neither isAuthorized nor a policyDocument'
      : 'the authorizer returned no policyDocument (an IAM policy with principalId and policyDocument is expected)';
  }
  const statements = (doc as Record<string, unknown>)['Statement'];
  const raw = Array.isArray(statements) ? statements : statements ? [statements] : [];
  const policy: PolicyStatement[] = [];
  for (const s of raw) {
    if (typeof s !== 'object' || s === null) return 'policyDocument.Statement entries must be objects';
    const st = s as Record<string, unknown>;
    const effect = String(st['Effect'] ?? '').toLowerCase();
    if (effect !== 'allow' && effect !== 'deny') return `policy Effect must be Allow or Deny (got ${JSON.stringify(st['Effect'])})`;
    policy.push({ effect, actions: list(st['Action']), resources: list(st['Resource']) });
  }
  return { principalId: o['principalId'], policy, context: ctx };
}

function glob(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return re.test(value);
}

/** 'allow', 'explicit-deny' or 'implicit-deny' for a methodArn. */
export function evaluatePolicy(policy: PolicyStatement[], arn: string): 'allow' | 'explicit-deny' | 'implicit-deny' {
  const applies = (s: PolicyStatement): boolean => s.actions.some((a) => glob(a, 'execute-api:Invoke')) && s.resources.some((r) => glob(r, arn));
  if (policy.some((s) => s.effect === 'deny' && applies(s))) return 'explicit-deny';
  return policy.some((s) => s.effect === 'allow' && applies(s)) ? 'allow' : 'implicit-deny';
}

function ttlOf(a: AuthorizerDef, apiType: 'REST' | 'HTTP'): number {
  if (a.identitySources.length === 0) return 0;
  return a.ttlSeconds ?? (apiType === 'REST' ? 300 : 0);
}

export class AuthorizerRunner {
  private readonly cache = new Map<string, { answer: AuthorizerAnswer; expires: number }>();

  constructor(private readonly invoke: AuthInvoke) {}

  /** Forgets cached answers (a reload may change authorizers). */
  clear(): void {
    this.cache.clear();
  }

  async authorize(a: AuthorizerDef, api: ApiDef, route: RouteDef, req: IncomingApiRequest, t: EventTarget): Promise<AuthOutcome> {
    const identity = identityValues(a, req, t);
    if (!identity)
      return { ok: false, answer: GatewayErrors.unauthorized(), reason: `authorizer ${a.name}: identity source ${a.identitySources.join(', ')} missing` };
    if (api.type === 'REST' && a.type === 'TOKEN' && a.validationExpression) {
      let re: RegExp | undefined;
      try {
        re = new RegExp(`^(?:${a.validationExpression})$`);
      } catch {
        re = undefined;
      }
      if (re && !re.test(identity[0]!))
        return { ok: false, answer: GatewayErrors.unauthorized(), reason: `authorizer ${a.name}: token does not match ${a.validationExpression}` };
    }
    const key = `${api.id}\u0000${a.name}\u0000${identity.join('\u0000')}`;
    const ttl = ttlOf(a, api.type);
    const started = Date.now();
    let answer = ttl > 0 ? this.cache.get(key) : undefined;
    if (answer && answer.expires <= Date.now()) {
      this.cache.delete(key);
      answer = undefined;
    }
    let parsed: AuthorizerAnswer;
    if (answer) parsed = answer.answer;
    else {
      const event = authorizerEvent(a, api.type, req, t, identity);
      let result;
      try {
        result = await this.invoke(a.functionId, Buffer.from(JSON.stringify(event)));
      } catch (err) {
        return {
          ok: false,
          answer: GatewayErrors.authorizerFailure(),
          reason: `authorizer ${a.name} (${a.functionId}) failed: ${(err as Error).message}`,
        };
      }
      let value: unknown;
      try {
        value = JSON.parse(result.payload.toString('utf8'));
      } catch {
        value = undefined;
      }
      if (result.functionError) {
        const message = typeof value === 'object' && value ? String((value as Record<string, unknown>)['errorMessage'] ?? '') : '';
        if (message === 'Unauthorized') return { ok: false, answer: GatewayErrors.unauthorized(), reason: `authorizer ${a.name}: Unauthorized` };
        return {
          ok: false,
          answer: GatewayErrors.authorizerFailure(),
          reason: `authorizer ${a.name} (${a.functionId}) failed: ${result.payload.toString('utf8').slice(0, 300)}`,
        };
      }
      const p = parseAuthorizerAnswer(a, value);
      if (typeof p === 'string') return { ok: false, answer: GatewayErrors.authorizerFailure(), reason: `authorizer ${a.name} (${a.functionId}): ${p}` };
      parsed = p;
      if (ttl > 0) this.cache.set(key, { answer: parsed, expires: Date.now() + ttl * 1000 });
    }
    return this.decide(a, api, route, parsed, req, t, Date.now() - started);
  }

  private decide(a: AuthorizerDef, api: ApiDef, route: RouteDef, p: AuthorizerAnswer, req: IncomingApiRequest, t: EventTarget, latency: number): AuthOutcome {
    if (p.simple) {
      if (!p.simple.isAuthorized) return { ok: false, answer: GatewayErrors.implicitDeny(), reason: `authorizer ${a.name}: isAuthorized false` };
    } else {
      const verdict = evaluatePolicy(p.policy ?? [], methodArn(t, req.method, req.rawPath));
      if (verdict !== 'allow') {
        const answer = verdict === 'explicit-deny' ? GatewayErrors.explicitDeny() : GatewayErrors.implicitDeny();
        return {
          ok: false,
          answer,
          reason: `authorizer ${a.name}: policy ${verdict === 'explicit-deny' ? 'denies' : 'does not allow'} ${methodArn(t, req.method, req.rawPath)}`,
        };
      }
    }
    if (api.type === 'REST') {
      for (const [k, v] of Object.entries(p.context ?? {})) {
        if (v !== null && typeof v === 'object')
          return {
            ok: false,
            answer: GatewayErrors.authorizerFailure(),
            reason: `authorizer ${a.name}: context.${k} must be a string, number or boolean`,
          };
      }
    }
    if (route.payloadFormatVersion === '2.0') return { ok: true, authorizer: { lambda: p.context ?? null } };
    const flat: Record<string, unknown> = { ...(p.context ?? {}) };
    if (p.principalId !== undefined) flat['principalId'] = p.principalId;
    if (api.type === 'REST') flat['integrationLatency'] = latency;
    return { ok: true, authorizer: flat };
  }
}
