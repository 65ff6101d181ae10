// The deploy side's view of a template's functions: CodeUri as a folder, Handler, Runtime and the
// settings from Globals, plus the esbuild build Metadata. Reading and the Globals merge are
// src/sam/samFunctions.ts (the one reader, shared with Invoke locally); this file shapes its output.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { TemplateError, isObj, parseSamTemplate, samFunctions, templateResolver, type Obj, type TemplateDoc } from '../sam/samFunctions';
import { ValidationError } from './errors';

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

/** Parses a template; a file that is not one is a ValidationError, like every bad input here. */
export function parseTemplate(text: string, file = 'template'): TemplateDoc {
  try {
    return parseSamTemplate(text, file);
  } catch (err) {
    throw err instanceof TemplateError ? new ValidationError(err.message) : err;
  }
}

/** Every AWS::Serverless::Function (and AWS::Lambda::Function with a local Code path) of a template file. */
export async function readTemplateFunctions(templatePath: string): Promise<TemplateFunction[]> {
  const text = await fs.readFile(templatePath, 'utf8').catch(() => {
    throw new ValidationError(`Cannot read the template ${templatePath}.`);
  });
  return templateFunctions(parseTemplate(text, templatePath), path.dirname(path.resolve(templatePath)));
}

/**
 * Zip functions with local code: AWS::Serverless::Function (not PackageType Image) and
 * AWS::Lambda::Function whose Code is a path. A !Ref / !Sub over parameter defaults reads as the
 * deployed stack would see it with default parameters; other intrinsics stay unresolved.
 */
export function templateFunctions(doc: TemplateDoc, baseDir: string): TemplateFunction[] {
  const resolve = templateResolver(doc);
  const out: TemplateFunction[] = [];
  for (const fn of samFunctions(doc)) {
    const p = fn.properties;
    if (fn.type === 'AWS::Serverless::Function' ? p.PackageType === 'Image' : typeof fn.code !== 'string') continue;
    const environment: Record<string, string> = {};
    const unresolved: string[] = [];
    for (const [k, raw] of Object.entries(fn.environment)) {
      const v = resolve(raw);
      if (v === undefined) unresolved.push(k);
      else environment[k] = v;
    }
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);
    const meta: Obj = fn.metadata;
    out.push({
      logicalId: fn.logicalId,
      functionName: resolve(p.FunctionName),
      codeDir: path.resolve(baseDir, typeof fn.code === 'string' ? fn.code : '.'),
      handler: str(p.Handler),
      runtime: str(p.Runtime),
      memorySize: num(p.MemorySize),
      timeout: num(p.Timeout),
      description: str(p.Description),
      environment,
      unresolvedEnvironment: unresolved,
      layers: fn.layers.filter((l): l is string => typeof l === 'string'),
      architectures: Array.isArray(p.Architectures) ? (p.Architectures.filter((a) => a === 'x86_64' || a === 'arm64') as ('x86_64' | 'arm64')[]) : undefined,
      buildMethod: str(meta.BuildMethod),
      buildProperties: isObj(meta.BuildProperties) ? (meta.BuildProperties as BuildProperties) : undefined,
    });
  }
  return out;
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
