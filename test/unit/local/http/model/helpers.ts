// Shared helpers of the model loader's tests: the fixtures folder, a loader with the test account,
// and throwaway templates written to a temporary folder.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadApiModel } from '../../../../../src/local/http/model/index';
import type { ApiDef, ApiModel, LoadOptions } from '../../../../../src/local/http/model';

export const FIXTURES = path.resolve(__dirname, '../../../../fixtures/start-api');
export const OPTS: LoadOptions = { region: 'us-east-1', accountId: '123456789012' };

export const load = (rel: string, opts: Partial<LoadOptions> = {}): Promise<ApiModel> => loadApiModel(path.join(FIXTURES, rel), { ...OPTS, ...opts });

const made: string[] = [];
process.on('exit', () => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Writes files (relative path → text) to a fresh temporary folder (removed at exit) and returns the folder. */
export function tmpTemplates(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lw-model-'));
  made.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

export const loadText = (yaml: string, opts: Partial<LoadOptions> = {}, extra: Record<string, string> = {}): Promise<ApiModel> => {
  const dir = tmpTemplates({ 'template.yaml': yaml, 'src/index.js': 'exports.handler = async () => ({});\n', ...extra });
  return loadApiModel(path.join(dir, 'template.yaml'), { ...OPTS, ...opts });
};

export function api(model: ApiModel, id: string): ApiDef {
  const a = model.apis.find((x) => x.id === id);
  if (!a) throw new Error(`no API ${id} in ${model.apis.map((x) => x.id).join(', ')}`);
  return a;
}

/** Routes as "METHOD path → function (payload) [authorizer]" lines, for compact assertions. */
export const routeLines = (a: ApiDef): string[] =>
  a.routes.map((r) => `${r.method} ${r.path} -> ${r.functionId} (${r.payloadFormatVersion})${r.authorizer ? ` [${r.authorizer}]` : ''}`);

/** A function template with the given events, as a YAML block under Resources. */
export const fn = (id: string, events = '', extra = ''): string => `  ${id}:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      CodeUri: src/${extra}${events ? `\n      Events:\n${events}` : ''}
`;
