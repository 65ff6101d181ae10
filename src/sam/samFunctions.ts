// The one reader of a template's functions for the code that runs them: deploy (src/lambda/template.ts)
// and "Invoke locally" (src/lambda/localTemplate.ts). It parses YAML or JSON (CloudFormation's short
// tags become their long form) and merges Globals.Function into each AWS::Serverless::Function the way
// SAM does: the function's own properties win, Environment.Variables merge key by key, Layers add up
// (Globals first). Values stay as written; templateResolver() resolves the intrinsics that can be known
// without a stack. Plain data only (yaml + node): the positions model for the editor is template.ts.
import { Pair, Scalar, YAMLMap, YAMLSeq, parse, type Tags } from 'yaml';
import { SHORT_TAGS } from './ast';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** The template cannot be read as one: not YAML/JSON, or no Resources section. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/**
 * `!Ref X` and friends parse to `{ Ref: X }` / `{ 'Fn::Sub': ... }`, as in JSON templates: the same
 * short tags the language service knows (ast.ts).
 */
const wrap =
  (key: string) =>
  (node: YAMLSeq | YAMLMap): YAMLMap => {
    const m = new YAMLMap();
    m.items.push(new Pair(new Scalar(key), node));
    return m;
  };
const cfnTags: Tags = Object.entries(SHORT_TAGS).flatMap(([tag, key]) => [
  { tag, resolve: (v: string) => ({ [key]: v }) },
  // `!Join [a, b]` is `{ Fn::Join: [a, b] }`: the collection goes inside the function's key.
  { tag, collection: 'seq' as const, resolve: wrap(key) },
  { tag, collection: 'map' as const, resolve: wrap(key) },
]) as Tags;

/** A parsed template: at least a Resources map. */
export type TemplateDoc = Obj & { Resources: Obj };

export function parseSamTemplate(text: string, file = 'template'): TemplateDoc {
  let doc: unknown;
  try {
    doc = parse(text, { customTags: cfnTags, uniqueKeys: false, prettyErrors: true });
  } catch (err) {
    throw new TemplateError(`${file} is not valid YAML/JSON: ${(err as Error).message}`);
  }
  if (!isObj(doc) || !isObj(doc.Resources)) throw new TemplateError(`${file} has no Resources section; is it a SAM/CloudFormation template?`);
  return doc as TemplateDoc;
}

export type FunctionType = 'AWS::Serverless::Function' | 'AWS::Lambda::Function';

export interface SamFunction {
  logicalId: string;
  type: FunctionType;
  /** Globals.Function under the function's own Properties (AWS::Lambda::Function: its Properties alone). */
  properties: Obj;
  /** The function's own Properties, without Globals. */
  own: Obj;
  /** CodeUri (AWS::Lambda::Function: Code) as written: a folder, an S3 location or inline code. */
  code: unknown;
  /** Environment.Variables as written, Globals first then the function's own, key by key. */
  environment: Obj;
  /** Layers as written, Globals first then the function's own (SAM adds them up). */
  layers: unknown[];
  /** The resource's Metadata (BuildMethod, BuildProperties for `sam build`). */
  metadata: Obj;
}

/** Every AWS::Serverless::Function and AWS::Lambda::Function of the template, in template order. */
export function samFunctions(doc: TemplateDoc): SamFunction[] {
  const globals = isObj(doc.Globals) && isObj(doc.Globals.Function) ? doc.Globals.Function : {};
  const out: SamFunction[] = [];
  for (const [logicalId, res] of Object.entries(doc.Resources)) {
    if (!isObj(res) || (res.Type !== 'AWS::Serverless::Function' && res.Type !== 'AWS::Lambda::Function')) continue;
    const own = isObj(res.Properties) ? res.Properties : {};
    // Globals apply to SAM's own resource types only.
    const g = res.Type === 'AWS::Serverless::Function' ? globals : {};
    const envOf = (o: Obj) => (isObj(o.Environment) && isObj(o.Environment.Variables) ? o.Environment.Variables : {});
    const listOf = (v: unknown) => (Array.isArray(v) ? v : []);
    out.push({
      logicalId,
      type: res.Type,
      properties: { ...g, ...own },
      own,
      code: res.Type === 'AWS::Serverless::Function' ? { ...g, ...own }.CodeUri : own.Code,
      environment: { ...envOf(g), ...envOf(own) },
      layers: [...listOf(g.Layers), ...listOf(own.Layers)],
      metadata: isObj(res.Metadata) ? res.Metadata : {},
    });
  }
  return out;
}

/**
 * Resolves what is known without a stack: literals, a Ref to a parameter with a Default or to one of
 * the given pseudo parameters, and Fn::Sub over those. Anything else is undefined.
 */
export function templateResolver(doc: TemplateDoc, pseudo: Record<string, string> = {}): (v: unknown) => string | undefined {
  const params = isObj(doc.Parameters) ? doc.Parameters : {};
  const ref = (name: string): string | undefined => {
    if (name in pseudo) return pseudo[name];
    const p = params[name];
    if (isObj(p) && (typeof p.Default === 'string' || typeof p.Default === 'number' || typeof p.Default === 'boolean')) return String(p.Default);
    return undefined;
  };
  return (v: unknown): string | undefined => {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (!isObj(v)) return undefined;
    if (typeof v.Ref === 'string') return ref(v.Ref);
    const sub = v['Fn::Sub'];
    if (typeof sub === 'string') {
      let ok = true;
      const out = sub.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
        const r = ref(name.trim());
        if (r === undefined) ok = false;
        return r ?? '';
      });
      return ok ? out : undefined;
    }
    return undefined;
  };
}
