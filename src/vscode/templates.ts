// Template discovery: which SAM templates the workspace holds and which of their functions a command
// from the palette is about (deploy one, run one locally). CodeLens arguments skip all of this.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { readTemplateFunctions } from '../lambda/template';
import type { CommandTarget } from './commands/args';

export interface TemplateFunctionRef {
  templatePath: string;
  logicalId: string;
}

const EXCLUDE = '**/{node_modules,.aws-sam}/**';

/** Every function of every template in the workspace, in one pick (deploy). */
export async function pickTemplateFunction(title: string, otherwise: string): Promise<TemplateFunctionRef | undefined> {
  const files = await vscode.workspace.findFiles('**/{template,*.template,sam-template}.{yaml,yml,json}', EXCLUDE, 50);
  const items: (vscode.QuickPickItem & { ref: TemplateFunctionRef })[] = [];
  for (const f of files) {
    const fns = await readTemplateFunctions(f.fsPath).catch(() => []);
    for (const fn of fns) {
      items.push({
        label: fn.logicalId,
        description: fn.functionName,
        detail: `${vscode.workspace.asRelativePath(f)} · ${fn.runtime ?? 'no runtime'} · ${fn.handler ?? 'no handler'}`,
        ref: { templatePath: f.fsPath, logicalId: fn.logicalId },
      });
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(`No SAM template with functions in this workspace (looked for template.yaml / .yml / .json). ${otherwise}`);
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title, matchOnDescription: true, matchOnDetail: true }))?.ref;
}

/** The template function a target names (CodeLens), else the active template or the workspace's, then one of its functions (run locally). */
export async function templateFunctionOf(t: CommandTarget): Promise<TemplateFunctionRef | undefined> {
  if (t.kind === 'template') return { templatePath: t.templatePath, logicalId: t.logicalId };
  const templatePath = await activeOrPickedTemplate();
  if (!templatePath) return undefined;
  const fns = await readTemplateFunctions(templatePath);
  if (!fns.length) throw new Error(`${path.basename(templatePath)} has no function with local code.`);
  const logicalId =
    fns.length === 1
      ? fns[0].logicalId
      : (
          await vscode.window.showQuickPick(
            fns.map((f) => ({ label: f.logicalId, description: `${f.runtime ?? ''} ${f.handler ?? ''}` })),
            { title: 'Function to run locally' },
          )
        )?.label;
  return logicalId ? { templatePath, logicalId } : undefined;
}

/** The active editor's template, the workspace's only one, or one picked (several). */
export async function activeOrPickedTemplate(): Promise<string | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active && /template\.(ya?ml|json)$/i.test(active.fileName)) return active.fileName;
  const files = await vscode.workspace.findFiles('**/template.{yaml,yml,json}', EXCLUDE, 50);
  if (!files.length) throw new Error('No SAM template (template.yaml) in the workspace.');
  if (files.length === 1) return files[0].fsPath;
  const pick = await vscode.window.showQuickPick(
    files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })),
    { title: 'Template' },
  );
  return pick?.uri.fsPath;
}
