// One stack of the model: a template file read, its parameters and pseudo parameters set, its
// functions and APIs loaded, then its nested stacks (AWS::Serverless::Application and
// AWS::CloudFormation::Stack with a local child template), each under the prefix `<StackId>/` so that
// logical ids stay unique across stacks, as SAM CLI names nested resources by their stack path.
import path from 'node:path';
import type { TemplateDoc } from '../../../sam/samFunctions';
import { TemplateLoadError, type ApiModel, type LoadOptions } from '../model';
import { loadCfnApis } from './cfnApis';
import { functionNames, loadFunctions, type Unservable } from './functions';
import { NO_FUNCTION } from './integration';
import { isActive, tryResolve, tryString, warn, type StackCtx } from './intrinsics';
import { loadSamApis, type ApiBuild } from './samApis';
import { isObj, readSource, type Obj } from './source';

const MAX_DEPTH = 10;

function pseudo(opts: LoadOptions, stackName: string): Record<string, string> {
  const r = opts.region;
  const partition = r.startsWith('cn-') ? 'aws-cn' : r.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return {
    'AWS::Region': r,
    'AWS::AccountId': opts.accountId,
    'AWS::StackName': stackName,
    'AWS::StackId': `arn:${partition}:cloudformation:${r}:${opts.accountId}:stack/${stackName}/00000000-0000-0000-0000-000000000000`,
    'AWS::Partition': partition,
    'AWS::URLSuffix': partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com',
  };
}

function parameters(doc: Obj, given: Record<string, string>): { params: Record<string, string | string[]>; missing: Set<string> } {
  const params: Record<string, string | string[]> = {};
  const missing = new Set<string>();
  const decl = isObj(doc.Parameters) ? doc.Parameters : {};
  for (const [name, p] of Object.entries(decl)) {
    const d = isObj(p) ? p : {};
    const raw =
      name in given
        ? given[name]
        : d.Default !== undefined && d.Default !== null
          ? Array.isArray(d.Default)
            ? d.Default.join(',')
            : String(d.Default)
          : undefined;
    if (raw === undefined) {
      missing.add(name);
      continue;
    }
    const type = typeof d.Type === 'string' ? d.Type : 'String';
    params[name] = type === 'CommaDelimitedList' || type.startsWith('List<') ? raw.split(',').map((s) => s.trim()) : raw;
  }
  return { params, missing };
}

export interface StackInput {
  file: string;
  prefix: string;
  params: Record<string, string>;
  ancestry: string[];
  referrer?: { file: string; line?: number; what: string };
}

export async function loadStack(input: StackInput, model: ApiModel, opts: LoadOptions, builds: ApiBuild[]): Promise<void> {
  const src = await readSource(input.file, input.referrer);
  if (!model.files.includes(input.file)) model.files.push(input.file);
  const doc = src.data;
  if (!isObj(doc) || !isObj(doc.Resources)) throw new TemplateLoadError(input.file, 1, 'no Resources section; is this a SAM or CloudFormation template?');
  const { params, missing } = parameters(doc, input.params);
  const ctx: StackCtx = {
    src,
    dir: path.dirname(input.file),
    prefix: input.prefix,
    resources: doc.Resources,
    params,
    missingParams: missing,
    pseudo: pseudo(opts, input.prefix ? `local-${input.prefix.slice(0, -1).replace(/\//g, '-')}` : 'local'),
    mappings: isObj(doc.Mappings) ? doc.Mappings : {},
    conditionDefs: isObj(doc.Conditions) ? doc.Conditions : {},
    condCache: new Map(),
    warnings: model.warnings,
    opts,
    functionNames: new Map(),
  };
  ctx.functionNames = functionNames(ctx);
  const unservable = new Map<string, Unservable>();
  loadFunctions(ctx, doc as TemplateDoc, model.functions, unservable);
  const apis = [...(await loadSamApis(ctx, doc, model.files)), ...(await loadCfnApis(ctx, model.files))];
  for (const b of apis) {
    // Routes to functions that cannot run here stay, answering as `sam local start-api` does (already warned).
    for (const r of b.def.routes)
      if (!r.unavailable && !model.functions.has(r.functionId)) r.unavailable = unservable.get(r.functionId)?.response ?? NO_FUNCTION;
    for (const a of Object.values(b.def.authorizers)) {
      if (!model.functions.has(a.functionId)) {
        const u = unservable.get(a.functionId);
        throw new TemplateLoadError(
          input.file,
          undefined,
          `authorizer ${a.name} of ${b.def.id}: its function ${a.functionId} ${u ? u.reason : 'is not in the template'}, so it cannot run locally`,
        );
      }
    }
  }
  builds.push(...apis);
  for (const [id, res] of Object.entries(doc.Resources)) {
    if (!isObj(res) || (res.Type !== 'AWS::Serverless::Application' && res.Type !== 'AWS::CloudFormation::Stack') || !isActive(ctx, res, id)) continue;
    await nestedStack(ctx, id, res, input, model, opts, builds);
  }
}

async function nestedStack(ctx: StackCtx, id: string, res: Obj, parent: StackInput, model: ApiModel, opts: LoadOptions, builds: ApiBuild[]): Promise<void> {
  const props = isObj(res.Properties) ? res.Properties : {};
  const key = res.Type === 'AWS::Serverless::Application' ? 'Location' : 'TemplateURL';
  const p = ['Resources', id, 'Properties', key];
  const loc = props[key];
  if (isObj(loc) && loc.ApplicationId !== undefined) {
    warn(ctx, p, `${id} is a Serverless Application Repository application, which is not served locally`);
    return;
  }
  // CDK nested stacks: the child template is a local asset next to the parent (cdk.out).
  const meta = isObj(res.Metadata) ? res.Metadata : {};
  const asset = typeof meta['aws:asset:path'] === 'string' && meta['aws:asset:property'] === key ? meta['aws:asset:path'] : undefined;
  const s = asset ?? tryString(ctx, loc, p, `${id} ${key}`);
  if (s === undefined) return;
  if (/^(s3|https?):\/\//.test(s)) {
    warn(ctx, p, `${id}: ${s} is not a local template; point ${key} at a local file to serve the nested stack`);
    return;
  }
  const file = path.resolve(ctx.dir, s);
  if (parent.ancestry.includes(file) || parent.ancestry.length >= MAX_DEPTH)
    throw new TemplateLoadError(
      ctx.src.file,
      ctx.src.lineOf(p),
      `${id}: nested stack ${file} ${parent.ancestry.includes(file) ? 'includes itself' : `is nested more than ${MAX_DEPTH} deep`}`,
    );
  const passed: Record<string, string> = {};
  const given = isObj(props.Parameters) ? props.Parameters : {};
  for (const [k, v] of Object.entries(given)) {
    const r = tryResolve(ctx, v, ['Resources', id, 'Properties', 'Parameters', k], `${id} parameter ${k}`);
    if (r !== undefined && (typeof r !== 'object' || Array.isArray(r))) passed[k] = Array.isArray(r) ? r.join(',') : String(r);
  }
  await loadStack(
    {
      file,
      prefix: `${parent.prefix}${id}/`,
      params: passed,
      ancestry: [...parent.ancestry, file],
      referrer: { file: ctx.src.file, line: ctx.src.lineOf(p), what: `nested stack ${id}:` },
    },
    model,
    opts,
    builds,
  );
}
