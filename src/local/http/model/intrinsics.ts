// CloudFormation intrinsics resolved without a stack, as `sam local` does: parameters (Default, the
// overrides, what a parent stack passes down), pseudo parameters, Conditions, Mappings, and the
// resources of the template (a Ref is the logical id; a function's Arn is an arn naming it, which
// functionIdOfUri() recognizes again). What cannot be known locally throws Unresolved; tryResolve()
// turns that into a warning with the file and line.
import type { LoadOptions, ModelWarning } from '../model';
import { isObj, type Obj, type Path, type SourceFile } from './source';

export const FUNCTION_TYPES = new Set(['AWS::Serverless::Function', 'AWS::Lambda::Function']);

/** One stack (the root template or a nested one) and what resolving in it needs. */
export interface StackCtx {
  src: SourceFile;
  dir: string;
  /** '' for the root stack; 'Child/' (nested stack logical ids and a slash) for a nested one. */
  prefix: string;
  resources: Obj;
  params: Record<string, string | string[]>;
  /** Parameters declared without a Default and not given a value. */
  missingParams: Set<string>;
  pseudo: Record<string, string>;
  mappings: Obj;
  conditionDefs: Obj;
  condCache: Map<string, boolean>;
  warnings: ModelWarning[];
  opts: LoadOptions;
  /** Function name (FunctionName or logical id) → logical id, for arns written literally. */
  functionNames: Map<string, string>;
}

export class Unresolved extends Error {}

/** Ref AWS::NoValue: the property is left out. */
export const NO_VALUE = Symbol('AWS::NoValue');

export function warn(ctx: StackCtx, path: Path | undefined, message: string, file = ctx.src): void {
  ctx.warnings.push({ file: file.file, line: path ? file.lineOf(path) : undefined, message });
}

export function functionArn(ctx: StackCtx, logicalId: string): string {
  // The logical id alone: a stack's URIs name its own functions, which functionIdOfUri() prefixes again.
  return `arn:${ctx.pseudo['AWS::Partition']}:lambda:${ctx.opts.region}:${ctx.opts.accountId}:function:${logicalId}`;
}

const typeOf = (ctx: StackCtx, id: string): string | undefined => {
  const r = ctx.resources[id];
  return isObj(r) && typeof r.Type === 'string' ? r.Type : undefined;
};

function ref(ctx: StackCtx, name: string): unknown {
  if (name === 'AWS::NoValue') return NO_VALUE;
  if (name in ctx.pseudo) return ctx.pseudo[name];
  if (name in ctx.params) return ctx.params[name];
  if (ctx.missingParams.has(name)) throw new Unresolved(`parameter ${name} has no Default and no value; give one with --parameter-overrides`);
  if (name in ctx.resources) return name;
  throw new Unresolved(`Ref ${name}: no parameter or resource of that name`);
}

function getAtt(ctx: StackCtx, id: string, attr: string): string {
  const type = typeOf(ctx, id);
  if (!type) throw new Unresolved(`Fn::GetAtt ${id}.${attr}: no resource ${id}`);
  if (FUNCTION_TYPES.has(type) && attr === 'Arn') return functionArn(ctx, id);
  if (type === 'AWS::Lambda::Alias' || type === 'AWS::Lambda::Version') {
    const r = ctx.resources[id] as Obj;
    const fn = isObj(r.Properties) ? r.Properties.FunctionName : undefined;
    if (fn !== undefined) return str(resolve(ctx, fn, []), `Fn::GetAtt ${id}`);
  }
  if (attr === 'RootResourceId') return `${id}.RootResourceId`;
  throw new Unresolved(`Fn::GetAtt ${id}.${attr} (${type}) is only known once deployed`);
}

const str = (v: unknown, what: string): string => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Unresolved(`${what} is not a string`);
};

const list = (ctx: StackCtx, v: unknown, what: string): unknown[] => {
  const r = resolve(ctx, v, []);
  if (Array.isArray(r)) return r;
  throw new Unresolved(`${what} needs a list`);
};

function sub(ctx: StackCtx, text: string, vars: Obj): string {
  return text.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
    if (inner.startsWith('!')) return '${' + inner.slice(1) + '}';
    const name = inner.trim();
    if (name in vars) return str(resolve(ctx, vars[name], []), `\${${name}}`);
    if (name.includes('.') && !(name in ctx.params) && !name.startsWith('AWS::')) {
      const dot = name.indexOf('.');
      return getAtt(ctx, name.slice(0, dot), name.slice(dot + 1));
    }
    const v = ref(ctx, name);
    if (Array.isArray(v)) return v.join(',');
    if (v === NO_VALUE) throw new Unresolved(`\${${name}} has no value`);
    return str(v, whole);
  });
}

export function evalCondition(ctx: StackCtx, name: string): boolean {
  const cached = ctx.condCache.get(name);
  if (cached !== undefined) return cached;
  if (!(name in ctx.conditionDefs)) throw new Unresolved(`no condition ${name}`);
  ctx.condCache.set(name, false); // a cycle reads false instead of recursing forever
  const v = toBool(ctx, ctx.conditionDefs[name]);
  ctx.condCache.set(name, v);
  return v;
}

function toBool(ctx: StackCtx, v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && (v === 'true' || v === 'false')) return v === 'true';
  if (isObj(v) && typeof v.Condition === 'string' && Object.keys(v).length === 1) return evalCondition(ctx, v.Condition);
  const r = resolve(ctx, v, []);
  if (typeof r === 'boolean') return r;
  throw new Unresolved('a condition that is not true or false');
}

const same = (a: unknown, b: unknown): boolean => (Array.isArray(a) || Array.isArray(b) ? JSON.stringify(a) === JSON.stringify(b) : String(a) === String(b));

function intrinsic(ctx: StackCtx, key: string, arg: unknown): unknown {
  switch (key) {
    case 'Ref':
      return ref(ctx, str(arg, 'Ref'));
    case 'Fn::GetAtt': {
      const [id, ...attr] = typeof arg === 'string' ? arg.split('.') : Array.isArray(arg) ? arg.map((a) => str(resolve(ctx, a, []), 'Fn::GetAtt')) : [];
      if (!id || !attr.length) throw new Unresolved('Fn::GetAtt needs a resource and an attribute');
      return getAtt(ctx, id, attr.join('.'));
    }
    case 'Fn::Sub': {
      if (typeof arg === 'string') return sub(ctx, arg, {});
      if (Array.isArray(arg) && typeof arg[0] === 'string') return sub(ctx, arg[0], isObj(arg[1]) ? arg[1] : {});
      throw new Unresolved('Fn::Sub needs a string or [string, variables]');
    }
    case 'Fn::Join': {
      if (!Array.isArray(arg) || arg.length !== 2) throw new Unresolved('Fn::Join needs [delimiter, list]');
      const items = list(ctx, arg[1], 'Fn::Join').filter((i) => i !== NO_VALUE);
      return items.map((i) => str(i, 'a Fn::Join item')).join(str(resolve(ctx, arg[0], []), 'Fn::Join delimiter'));
    }
    case 'Fn::Select': {
      if (!Array.isArray(arg) || arg.length !== 2) throw new Unresolved('Fn::Select needs [index, list]');
      const items = list(ctx, arg[1], 'Fn::Select');
      const i = Number(resolve(ctx, arg[0], []));
      if (!Number.isInteger(i) || i < 0 || i >= items.length) throw new Unresolved(`Fn::Select index ${String(arg[0])} is out of range`);
      return items[i];
    }
    case 'Fn::Split': {
      if (!Array.isArray(arg) || arg.length !== 2) throw new Unresolved('Fn::Split needs [delimiter, string]');
      return str(resolve(ctx, arg[1], []), 'Fn::Split source').split(str(arg[0], 'Fn::Split delimiter'));
    }
    case 'Fn::If': {
      if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') throw new Unresolved('Fn::If needs [condition, then, else]');
      return resolve(ctx, evalCondition(ctx, arg[0]) ? arg[1] : arg[2], []);
    }
    case 'Fn::Equals': {
      if (!Array.isArray(arg) || arg.length !== 2) throw new Unresolved('Fn::Equals needs two values');
      return same(resolve(ctx, arg[0], []), resolve(ctx, arg[1], []));
    }
    case 'Fn::And':
    case 'Fn::Or': {
      if (!Array.isArray(arg)) throw new Unresolved(`${key} needs a list`);
      const vals = arg.map((a) => toBool(ctx, a));
      return key === 'Fn::And' ? vals.every(Boolean) : vals.some(Boolean);
    }
    case 'Fn::Not':
      if (!Array.isArray(arg) || arg.length !== 1) throw new Unresolved('Fn::Not needs one condition');
      return !toBool(ctx, arg[0]);
    case 'Condition':
      return evalCondition(ctx, str(arg, 'Condition'));
    case 'Fn::FindInMap': {
      if (!Array.isArray(arg) || arg.length < 3) throw new Unresolved('Fn::FindInMap needs [map, key, key]');
      const [m, k1, k2] = arg.slice(0, 3).map((a) => str(resolve(ctx, a, []), 'Fn::FindInMap key'));
      const top = ctx.mappings[m];
      const second = isObj(top) ? top[k1] : undefined;
      if (isObj(second) && k2 in second) return resolve(ctx, second[k2], []);
      if (isObj(arg[3]) && 'DefaultValue' in arg[3]) return resolve(ctx, arg[3].DefaultValue, []);
      throw new Unresolved(`Fn::FindInMap: no ${m}.${k1}.${k2} in Mappings`);
    }
    case 'Fn::Base64':
      return Buffer.from(str(resolve(ctx, arg, []), 'Fn::Base64')).toString('base64');
    case 'Fn::GetAZs':
      return ['a', 'b', 'c'].map((z) => `${ctx.opts.region}${z}`);
    case 'Fn::ImportValue':
      throw new Unresolved(`Fn::ImportValue ${JSON.stringify(arg)} names another stack's export, unknown locally`);
    default:
      throw new Unresolved(`${key} is not resolved locally`);
  }
}

/** The single intrinsic key of `v` (`Ref`, `Fn::…`, `Condition`), if it is one. */
export function intrinsicKey(v: unknown): string | undefined {
  if (!isObj(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  const k = keys[0];
  return k === 'Ref' || k === 'Condition' || k.startsWith('Fn::') ? k : undefined;
}

/** Resolves `v` deeply; throws Unresolved. `path` only serves the caller's messages. */
export function resolve(ctx: StackCtx, v: unknown, path: Path): unknown {
  const key = intrinsicKey(v);
  if (key && key !== 'Fn::Transform') return intrinsic(ctx, key, (v as Obj)[key]);
  if (Array.isArray(v)) return v.map((i, n) => resolve(ctx, i, [...path, n])).filter((i) => i !== NO_VALUE);
  if (isObj(v)) {
    const out: Obj = {};
    for (const [k, val] of Object.entries(v)) {
      const r = resolve(ctx, val, [...path, k]);
      if (r !== NO_VALUE) out[k] = r;
    }
    return out;
  }
  return v;
}

/** resolve(), or undefined with a warning saying what could not be resolved and where. */
export function tryResolve(ctx: StackCtx, v: unknown, path: Path, what: string): unknown {
  try {
    const r = resolve(ctx, v, path);
    return r === NO_VALUE ? undefined : r;
  } catch (err) {
    if (!(err instanceof Unresolved)) throw err;
    warn(ctx, path, `${what}: ${err.message}; left out`);
    return undefined;
  }
}

/** A string value, or undefined (with a warning when it was written but could not be resolved). */
export function tryString(ctx: StackCtx, v: unknown, path: Path, what: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  const r = tryResolve(ctx, v, path, what);
  if (r === undefined) return undefined;
  if (typeof r === 'string' || typeof r === 'number' || typeof r === 'boolean') return String(r);
  warn(ctx, path, `${what}: expected a string, found ${Array.isArray(r) ? 'a list' : typeof r}; left out`);
  return undefined;
}

/**
 * The logical id (with the stack prefix) of the function an integration or authorizer URI names:
 * `arn:…:apigateway:…:lambda:path/2015-03-31/functions/<function arn>/invocations`, a function arn, or a
 * bare name. Undefined when it names no function of this stack.
 */
export function functionIdOfUri(ctx: StackCtx, uri: string): string | undefined {
  const m = /functions\/(arn:[^/]+?)(?:\/invocations)?$/.exec(uri) ?? /^(arn:.+)$/.exec(uri);
  let name = uri;
  if (m) {
    const fm = /:function:([^:]+?)(?::[^:/]+)?$/.exec(m[1]);
    if (!fm) return undefined;
    name = fm[1];
  }
  const id = ctx.functionNames.get(name);
  return id ? ctx.prefix + id : undefined;
}

/** Logical id a value points at: `{ Ref: X }`, `{ 'Fn::GetAtt': [X, …] }` or `'X.attr'` GetAtt form. */
export function targetId(v: unknown): string | undefined {
  if (!isObj(v)) return undefined;
  if (typeof v.Ref === 'string') return v.Ref;
  const g = v['Fn::GetAtt'];
  if (typeof g === 'string') return g.split('.')[0];
  if (Array.isArray(g) && typeof g[0] === 'string') return g[0];
  return undefined;
}

/** False when the resource's Condition evaluates false (the resource does not exist in this stack). */
export function isActive(ctx: StackCtx, res: Obj, id: string): boolean {
  if (typeof res.Condition !== 'string') return true;
  try {
    return evalCondition(ctx, res.Condition);
  } catch (err) {
    if (!(err instanceof Unresolved)) throw err;
    warn(ctx, ['Resources', id, 'Condition'], `${id}: condition ${res.Condition} cannot be evaluated (${err.message}); the resource is kept`);
    return true;
  }
}

/** Resolves each value of a plain object or list on its own: an unresolvable one is left out with a warning. */
export function resolveEach(ctx: StackCtx, v: unknown, p: Path, what: string): unknown {
  if (intrinsicKey(v)) return tryResolve(ctx, v, p, what);
  if (Array.isArray(v)) return v.map((x, i) => resolveEach(ctx, x, [...p, i], what)).filter((x) => x !== undefined);
  if (isObj(v)) {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      const r = resolveEach(ctx, x, [...p, k], `${what} ${k}`);
      if (r !== undefined) out[k] = r;
    }
    return out;
  }
  return v;
}
