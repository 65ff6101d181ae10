// Reads the functions of a SAM / CloudFormation template as far as deploying their code needs:
// CodeUri, Handler, Runtime and the settings from Globals, plus the esbuild build Metadata.
// (The full template model with positions lives in src/sam; this is the deploy side's small view.)
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse, type Tags } from 'yaml';
import { ValidationError } from './errors';

const INTRINSICS = [
  'Ref',
  'Sub',
  'GetAtt',
  'Join',
  'Select',
  'Split',
  'If',
  'Equals',
  'And',
  'Or',
  'Not',
  'FindInMap',
  'ImportValue',
  'GetAZs',
  'Base64',
  'Cidr',
  'Condition',
  'Transform',
  'ToJsonString',
  'Length',
];

/** `!Ref X` and friends parse to `{ Ref: X }` / `{ 'Fn::Sub': ... }`, as in JSON templates. */
const cfnTags: Tags = INTRINSICS.flatMap((name) => {
  const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
  return [
    { tag: `!${name}`, resolve: (v: string) => ({ [key]: v }) },
    { tag: `!${name}`, collection: 'seq' as const, resolve: (v: unknown) => v },
    { tag: `!${name}`, collection: 'map' as const, resolve: (v: unknown) => v },
  ];
}) as Tags;

export interface BuildProperties {
  EntryPoints?: string[];
  Minify?: boolean;
  Target?: string;
  Format?: 'cjs' | 'esm';
  External?: string[];
  Sourcemap?: boolean;
  MainFields?: string[];
  OutExtension?: string[];
  Banner?: string;
  Footer?: string;
  Loader?: string[];
  SourcesContent?: boolean;
}

export interface TemplateFunction {
  logicalId: string;
  /** FunctionName when the template sets a literal one (or a !Ref / !Sub over parameter defaults). */
  functionName?: string;
  /** Absolute folder of the code. */
  codeDir: string;
  handler?: string;
  runtime?: string;
  memorySize?: number;
  timeout?: number;
  description?: string;
  /** Literal environment values; values built from intrinsics are listed in unresolvedEnvironment. */
  environment: Record<string, string>;
  unresolvedEnvironment: string[];
  /** Literal layer ARNs. */
  layers: string[];
  architectures?: ('x86_64' | 'arm64')[];
  buildMethod?: string;
  buildProperties?: BuildProperties;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

export function parseTemplate(text: string, file = 'template'): Obj {
  let doc: unknown;
  try {
    doc = parse(text, { customTags: cfnTags, uniqueKeys: false, prettyErrors: true });
  } catch (err) {
    throw new ValidationError(`${file} is not valid YAML/JSON: ${(err as Error).message}`);
  }
  if (!isObj(doc) || !isObj(doc.Resources)) throw new ValidationError(`${file} has no Resources section; is it a SAM/CloudFormation template?`);
  return doc;
}

/** Every AWS::Serverless::Function (and AWS::Lambda::Function with a local Code path) of a template file. */
export async function readTemplateFunctions(templatePath: string): Promise<TemplateFunction[]> {
  const text = await fs.readFile(templatePath, 'utf8').catch(() => {
    throw new ValidationError(`Cannot read the template ${templatePath}.`);
  });
  return templateFunctions(parseTemplate(text, templatePath), path.dirname(path.resolve(templatePath)));
}

/** Default values of the template's parameters, for the !Ref / !Sub that only use them. */
function parameterDefaults(doc: Obj): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObj(doc.Parameters)) return out;
  for (const [name, p] of Object.entries(doc.Parameters)) {
    if (isObj(p) && (typeof p.Default === 'string' || typeof p.Default === 'number')) out[name] = String(p.Default);
  }
  return out;
}

/**
 * A literal, or a !Ref / !Sub over parameters that have defaults (`!Sub demo-hello-${Stage}`), as the
 * deployed stack would see it with default parameters; anything else stays as it is.
 */
function resolveDefaults(v: unknown, params: Record<string, string>): unknown {
  if (!isObj(v)) return v;
  if (typeof v.Ref === 'string' && v.Ref in params) return params[v.Ref];
  const sub = v['Fn::Sub'];
  if (typeof sub === 'string') {
    const names = [...sub.matchAll(/\$\{([^}!]+)\}/g)].map((m) => m[1]);
    if (names.every((n) => n in params)) return sub.replace(/\$\{([^}!]+)\}/g, (_m, n: string) => params[n]);
  }
  return v;
}

export function templateFunctions(doc: Obj, baseDir: string): TemplateFunction[] {
  const params = parameterDefaults(doc);
  const globals = isObj(doc.Globals) && isObj(doc.Globals.Function) ? doc.Globals.Function : {};
  const out: TemplateFunction[] = [];
  for (const [logicalId, res] of Object.entries(doc.Resources as Obj)) {
    if (!isObj(res)) continue;
    const props = isObj(res.Properties) ? res.Properties : {};
    const meta = isObj(res.Metadata) ? res.Metadata : {};
    if (res.Type === 'AWS::Serverless::Function') {
      if (props.PackageType === 'Image' || (props.PackageType === undefined && globals.PackageType === 'Image')) continue;
      const merged: Obj = { ...globals, ...props };
      const globalEnv = isObj(globals.Environment) && isObj(globals.Environment.Variables) ? globals.Environment.Variables : {};
      const ownEnv = isObj(props.Environment) && isObj(props.Environment.Variables) ? props.Environment.Variables : {};
      out.push(build(logicalId, merged, { ...globalEnv, ...ownEnv }, merged.CodeUri, meta, baseDir, params));
    } else if (res.Type === 'AWS::Lambda::Function' && typeof props.Code === 'string') {
      const env = isObj(props.Environment) && isObj(props.Environment.Variables) ? props.Environment.Variables : {};
      out.push(build(logicalId, props, env, props.Code, meta, baseDir, params));
    }
  }
  return out;
}

function build(logicalId: string, p: Obj, env: Obj, codeUri: unknown, meta: Obj, baseDir: string, params: Record<string, string> = {}): TemplateFunction {
  const environment: Record<string, string> = {};
  const unresolved: string[] = [];
  for (const [k, raw] of Object.entries(env)) {
    const v = resolveDefaults(raw, params);
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') environment[k] = String(v);
    else unresolved.push(k);
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);
  return {
    logicalId,
    functionName: str(resolveDefaults(p.FunctionName, params)),
    codeDir: path.resolve(baseDir, typeof codeUri === 'string' ? codeUri : '.'),
    handler: str(p.Handler),
    runtime: str(p.Runtime),
    memorySize: num(p.MemorySize),
    timeout: num(p.Timeout),
    description: str(p.Description),
    environment,
    unresolvedEnvironment: unresolved,
    layers: Array.isArray(p.Layers) ? p.Layers.filter((l): l is string => typeof l === 'string') : [],
    architectures: Array.isArray(p.Architectures) ? (p.Architectures.filter((a) => a === 'x86_64' || a === 'arm64') as ('x86_64' | 'arm64')[]) : undefined,
    buildMethod: str(meta.BuildMethod),
    buildProperties: isObj(meta.BuildProperties) ? (meta.BuildProperties as BuildProperties) : undefined,
  };
}

export async function findTemplateFunction(templatePath: string, logicalId: string): Promise<TemplateFunction> {
  const fns = await readTemplateFunctions(templatePath);
  const fn = fns.find((f) => f.logicalId === logicalId);
  if (!fn) {
    throw new ValidationError(
      `${logicalId} is not a function with local code in ${path.basename(templatePath)}. Functions: ${fns.map((f) => f.logicalId).join(', ') || 'none'}.`,
    );
  }
  return fn;
}
