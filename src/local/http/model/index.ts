// The template → API model loader of the local HTTP front door (`start-api`): reads a SAM or
// CloudFormation template (YAML or JSON; nested stacks, OpenAPI files and CDK output included) and
// returns its APIs, their routes, the functions behind them and every file read. A template that
// cannot be served is a TemplateLoadError naming the file and line; anything that can be served in
// part gives warnings instead.
import path from 'node:path';
import { TemplateLoadError, type ApiModel, type LoadOptions } from '../model';
import { applyDefaultAuthorizer, type ApiBuild } from './samApis';
import { loadStack } from './stack';

export async function loadApiModel(templatePath: string, opts: LoadOptions): Promise<ApiModel> {
  const file = path.resolve(templatePath);
  const model: ApiModel = { templateFile: file, apis: [], functions: new Map(), warnings: [], files: [] };
  const builds: ApiBuild[] = [];
  await loadStack({ file, prefix: '', params: opts.parameterOverrides ?? {}, ancestry: [file] }, model, opts, builds);
  for (const b of builds) applyDefaultAuthorizer(b.def);
  model.apis = builds.map((b) => b.def).filter((a) => a.routes.length > 0);
  const urls = [...model.functions.values()].some((f) => f.url);
  if (!model.apis.length && !urls) {
    const why = model.warnings.length
      ? ` (${model.warnings.length} warning${model.warnings.length > 1 ? 's' : ''}: ${model.warnings[0].message}${model.warnings.length > 1 ? '; …' : ''})`
      : '';
    throw new TemplateLoadError(
      file,
      undefined,
      `no API to serve: the template has no Api or HttpApi event, no AWS::Serverless::Api/HttpApi or API Gateway resource with a Lambda route, and no function URL${why}`,
    );
  }
  return model;
}
