// Where an API's OpenAPI body is: inline (DefinitionBody / Body), an `Fn::Transform AWS::Include` of
// a local file, or a local file (DefinitionUri / BodyS3Location as a path). S3 locations cannot be
// read locally: a warning, and the API has only its events' routes.
import path from 'node:path';
import { tryString, warn, type StackCtx } from './intrinsics';
import type { BodyAt } from './openapi';
import { isObj, readSource, type Obj, type Path } from './source';

export interface LoadedBody extends BodyAt {
  body: Obj;
}

async function fromFile(ctx: StackCtx, loc: unknown, p: Path, what: string, files: string[]): Promise<LoadedBody | undefined> {
  if (isObj(loc) && (loc.Bucket !== undefined || loc.Key !== undefined)) {
    warn(ctx, p, `${what} is in S3 (${JSON.stringify(loc)}), which is not read locally; point it at a local file`);
    return undefined;
  }
  const s = tryString(ctx, loc, p, what);
  if (s === undefined) return undefined;
  if (/^(s3|https?):\/\//.test(s)) {
    warn(ctx, p, `${what} ${s} is not a local file; point it at one to serve its routes`);
    return undefined;
  }
  const file = path.resolve(ctx.dir, s);
  const src = await readSource(file, { file: ctx.src.file, line: ctx.src.lineOf(p), what });
  if (!files.includes(file)) files.push(file);
  if (!isObj(src.data)) {
    warn(ctx, p, `${what} ${file} is not an OpenAPI document`);
    return undefined;
  }
  return { src, base: [], body: src.data };
}

/** The inline body (or AWS::Include) at `p` in the template. */
export async function inlineBody(ctx: StackCtx, v: unknown, p: Path, what: string, files: string[]): Promise<LoadedBody | undefined> {
  if (!isObj(v)) return undefined;
  const t = v['Fn::Transform'];
  if (isObj(t) && Object.keys(v).length === 1) {
    if (t.Name !== 'AWS::Include') {
      warn(ctx, p, `${what}: transform ${String(t.Name)} is not run locally`);
      return undefined;
    }
    const params = isObj(t.Parameters) ? t.Parameters : {};
    return fromFile(ctx, params.Location, [...p, 'Fn::Transform', 'Parameters', 'Location'], `${what} (AWS::Include Location)`, files);
  }
  return { src: ctx.src, base: p, body: v };
}

/** A body file (DefinitionUri, BodyS3Location) at `p`. */
export function fileBody(ctx: StackCtx, v: unknown, p: Path, what: string, files: string[]): Promise<LoadedBody | undefined> {
  return fromFile(ctx, v, p, what, files);
}
