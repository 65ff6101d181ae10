// The template's functions, resolved enough to run: AWS::Serverless::Function (Globals.Function merged by
// src/sam/samFunctions.ts) and AWS::Lambda::Function, with their code folder (CodeUri, a CDK asset, or
// the template's folder as `sam build` defaults it), local layers, environment (resolved, then the
// `--env-vars` overrides), limits, logging and function URL (FunctionUrlConfig or AWS::Lambda::Url).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { samFunctions, type SamFunction, type TemplateDoc } from '../../../sam/samFunctions';
import type { FunctionDef, FunctionUrlDef } from '../model';
import { urlCors } from './cors';
import { functionIdOfUri, isActive, targetId, tryResolve, tryString, warn, type StackCtx } from './intrinsics';
import { isObj, type Obj, type Path } from './source';

const ASSET_PATH = 'aws:asset:path';

/** A local folder a CodeUri/ContentUri/Code names, or undefined for S3 locations. */
function localDir(ctx: StackCtx, v: unknown, metadata: Obj, p: Path, what: string): string | undefined {
  if (typeof metadata[ASSET_PATH] === 'string') return path.resolve(ctx.dir, metadata[ASSET_PATH]);
  const s = typeof v === 'string' ? v : isObj(v) && !('Bucket' in v) && !('S3Bucket' in v) && !('ZipFile' in v) ? tryString(ctx, v, p, what) : undefined;
  if (s === undefined || /^s3:\/\//.test(s) || /^https?:\/\//.test(s)) return undefined;
  return path.resolve(ctx.dir, s);
}

/** Why a function cannot run here, as the answer its routes give (as `sam local start-api` answers). */
export interface Unservable {
  reason: string;
  response: { status: number; message: string };
}

const INLINE = { status: 501, message: 'Inline code is not supported for sam local commands. Please write your code in a separate file.' };
const IMAGE = { status: 501, message: 'Container image functions (PackageType: Image) are not run locally without Docker.' };

/**
 * The function's code folder: CodeUri / Code, a CDK asset, or the template's folder when it is left
 * out or in S3 (as SAM CLI does, with a warning); inline code and images cannot run here.
 */
function codeDir(ctx: StackCtx, fn: SamFunction, p: Path): string | Unservable {
  const props = fn.properties;
  const code = fn.type === 'AWS::Serverless::Function' ? props.CodeUri : fn.own.Code;
  const key = fn.type === 'AWS::Serverless::Function' ? 'CodeUri' : 'Code';
  if (props.PackageType === 'Image' || (isObj(code) && code.ImageUri !== undefined)) return { reason: 'is a container image function', response: IMAGE };
  if (props.InlineCode !== undefined || (isObj(code) && code.ZipFile !== undefined))
    return { reason: 'has inline code, which is not run locally', response: INLINE };
  if (code === undefined && typeof fn.metadata[ASSET_PATH] !== 'string') return ctx.dir;
  const dir = localDir(ctx, code, fn.metadata, [...p, key], key);
  if (dir) return dir;
  warn(
    ctx,
    [...p, key],
    `${ctx.prefix}${fn.logicalId}: its ${key} is not a local folder (S3); it runs from the template's folder, as with sam local (run \`sam build\` and use .aws-sam/build/template.yaml to run the built code)`,
  );
  return ctx.dir;
}

function layerDirs(ctx: StackCtx, fn: SamFunction, p: Path): string[] {
  const out: string[] = [];
  fn.layers.forEach((l, i) => {
    const id = targetId(l);
    const res = id ? ctx.resources[id] : undefined;
    if (!id || !isObj(res)) {
      const arn = tryString(ctx, l, [...p, 'Layers', i], `layer ${i + 1} of ${fn.logicalId}`);
      if (arn !== undefined) warn(ctx, [...p, 'Layers', i], `${fn.logicalId}: layer ${arn} is not a layer of this template; it is not available locally`);
      return;
    }
    const props = isObj(res.Properties) ? res.Properties : {};
    const meta = isObj(res.Metadata) ? res.Metadata : {};
    const lp: Path = ['Resources', id, 'Properties'];
    const dir =
      res.Type === 'AWS::Serverless::LayerVersion'
        ? localDir(ctx, props.ContentUri, meta, [...lp, 'ContentUri'], `ContentUri of ${id}`)
        : res.Type === 'AWS::Lambda::LayerVersion'
          ? localDir(ctx, props.Content, meta, [...lp, 'Content'], `Content of ${id}`)
          : undefined;
    if (dir) out.push(dir);
    else warn(ctx, lp, `${fn.logicalId}: layer ${id} has no local content folder; left out`);
  });
  return out;
}

function environment(ctx: StackCtx, fn: SamFunction, p: Path): Record<string, string> {
  const env: Record<string, string> = {};
  const over = ctx.opts.envVars ?? {};
  const mine = { ...(over.Parameters ?? {}), ...(over[fn.logicalId] ?? {}), ...(over[ctx.prefix + fn.logicalId] ?? {}) };
  for (const [k, v] of Object.entries(fn.environment)) {
    if (k in mine) {
      env[k] = String(mine[k]);
      continue;
    }
    const s = tryString(ctx, v, [...p, 'Environment', 'Variables', k], `${fn.logicalId} environment variable ${k}`);
    if (s !== undefined) env[k] = s;
  }
  return env;
}

function logGroup(ctx: StackCtx, lc: Obj, id: string, p: Path): string {
  const def = `/aws/lambda/${id}`;
  if (lc.LogGroup === undefined) return def;
  const target = targetId(lc.LogGroup);
  const res = target ? ctx.resources[target] : undefined;
  if (isObj(res) && res.Type === 'AWS::Logs::LogGroup') {
    const name = isObj(res.Properties) ? res.Properties.LogGroupName : undefined;
    return (name !== undefined && tryString(ctx, name, ['Resources', target!, 'Properties', 'LogGroupName'], `LogGroupName of ${target}`)) || target!;
  }
  return tryString(ctx, lc.LogGroup, [...p, 'LoggingConfig', 'LogGroup'], `${id} LoggingConfig.LogGroup`) ?? def;
}

function urlConfig(ctx: StackCtx, v: unknown, p: Path, owner: string): FunctionUrlDef | undefined {
  const c = tryResolve(ctx, v, p, `${owner} function URL`);
  if (!isObj(c)) return undefined;
  const auth = c.AuthType === 'AWS_IAM' ? 'AWS_IAM' : 'NONE';
  if (c.AuthType !== 'AWS_IAM' && c.AuthType !== 'NONE')
    warn(ctx, p, `${owner}: function URL AuthType ${String(c.AuthType)} is not NONE or AWS_IAM; served as NONE`);
  return { authType: auth, invokeMode: c.InvokeMode === 'RESPONSE_STREAM' ? 'RESPONSE_STREAM' : 'BUFFERED', cors: isObj(c.Cors) ? urlCors(c.Cors) : undefined };
}

const numberOr = (ctx: StackCtx, v: unknown, p: Path, what: string, def: number): number => {
  const s = tryString(ctx, v, p, what);
  const n = s === undefined ? NaN : Number(s);
  return Number.isFinite(n) && n > 0 ? n : def;
};

/**
 * Adds the stack's servable functions to `out` (keyed by prefixed logical id); the others go to
 * `unservable` with why, and the answer their routes give.
 */
export function loadFunctions(ctx: StackCtx, doc: TemplateDoc, out: Map<string, FunctionDef>, unservable: Map<string, Unservable>): void {
  for (const fn of samFunctions(doc)) {
    const res = doc.Resources[fn.logicalId] as Obj;
    if (!isActive(ctx, res, fn.logicalId)) continue;
    const id = ctx.prefix + fn.logicalId;
    const p: Path = ['Resources', fn.logicalId, 'Properties'];
    const props = fn.properties;
    const dir = codeDir(ctx, fn, p);
    if (typeof dir !== 'string') {
      unservable.set(id, dir);
      warn(ctx, p, `${id} ${dir.reason}; its routes answer ${dir.response.status}`);
      continue;
    }
    if (!existsSync(dir)) warn(ctx, p, `${id}: its code folder ${dir} does not exist (yet); requests to it fail until it does`);
    const runtime = tryString(ctx, props.Runtime, [...p, 'Runtime'], `${id} Runtime`);
    const handler = tryString(ctx, props.Handler, [...p, 'Handler'], `${id} Handler`);
    if (!runtime || !handler) {
      const u: Unservable = { reason: `has no ${runtime ? 'Handler' : 'Runtime'}`, response: { status: 502, message: 'Internal server error' } };
      unservable.set(id, u);
      warn(ctx, p, `${id} ${u.reason}; its routes answer 502`);
      continue;
    }
    const lc = isObj(props.LoggingConfig) ? props.LoggingConfig : {};
    const archs = tryResolve(ctx, props.Architectures, [...p, 'Architectures'], `${id} Architectures`);
    out.set(id, {
      logicalId: id,
      runtime,
      handler,
      codeDir: dir,
      layerDirs: layerDirs(ctx, fn, p),
      environment: environment(ctx, fn, p),
      memorySize: numberOr(ctx, props.MemorySize, [...p, 'MemorySize'], `${id} MemorySize`, 128),
      timeout: numberOr(ctx, props.Timeout, [...p, 'Timeout'], `${id} Timeout`, 3),
      architectures: Array.isArray(archs) && archs.length ? archs.map(String) : ['x86_64'],
      logGroup: logGroup(ctx, lc, fn.logicalId, p),
      logFormat: tryString(ctx, lc.LogFormat, [...p, 'LoggingConfig', 'LogFormat'], `${id} LogFormat`) === 'JSON' ? 'JSON' : 'Text',
      url: props.FunctionUrlConfig !== undefined ? urlConfig(ctx, props.FunctionUrlConfig, [...p, 'FunctionUrlConfig'], id) : undefined,
    });
  }
  // AWS::Lambda::Url resources (CDK's addFunctionUrl, plain CloudFormation).
  for (const [uid, res] of Object.entries(doc.Resources)) {
    if (!isObj(res) || res.Type !== 'AWS::Lambda::Url' || !isActive(ctx, res, uid)) continue;
    const props = isObj(res.Properties) ? res.Properties : {};
    const p: Path = ['Resources', uid, 'Properties'];
    const t = targetId(props.TargetFunctionArn);
    const target =
      t && ctx.functionNames.has(t)
        ? ctx.prefix + t
        : functionIdOfUri(ctx, tryString(ctx, props.TargetFunctionArn, [...p, 'TargetFunctionArn'], `${uid} TargetFunctionArn`) ?? '');
    const fn = target ? out.get(target) : undefined;
    if (!fn) {
      if (!target || !unservable.has(target))
        warn(ctx, [...p, 'TargetFunctionArn'], `${uid}: TargetFunctionArn names no function of this template; the URL is not served`);
      continue;
    }
    fn.url = urlConfig(ctx, { AuthType: props.AuthType, InvokeMode: props.InvokeMode, Cors: props.Cors }, p, uid);
  }
}

/** Function name (FunctionName if resolvable, and the logical id) → logical id. */
export function functionNames(ctx: StackCtx): Map<string, string> {
  const names = new Map<string, string>();
  for (const [id, res] of Object.entries(ctx.resources)) {
    if (!isObj(res) || (res.Type !== 'AWS::Serverless::Function' && res.Type !== 'AWS::Lambda::Function')) continue;
    names.set(id, id);
    const fnName = isObj(res.Properties) ? res.Properties.FunctionName : undefined;
    if (typeof fnName === 'string') names.set(fnName, id);
  }
  return names;
}
