// Layers in the configuration editor: the attached layer versions of a function (add, replace, remove)
// and the picker of a layer version (the connection's layers, or an ARN typed for other accounts).
import * as vscode from 'vscode';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { Connection } from '../../core/types';
import { LIMITS, LayerLister, layerBaseArn, listLayerVersions, validateConfig, type ConfigChange } from '../../lambda';
import type { WorkbenchServices } from '../services';

/** The first problem of a layer list as the engine sees it. */
function problem(change: ConfigChange): string | undefined {
  return validateConfig(change)[0]?.message;
}

/** Attached layers: add a version (picked from the connection's layers), remove one, reorder by re-adding. */
export async function editLayers(s: WorkbenchServices, connection: Connection, f: FunctionConfiguration): Promise<ConfigChange | undefined> {
  const layers = (f.Layers ?? []).map((l) => l.Arn!).filter(Boolean);
  const items: (vscode.QuickPickItem & { arn?: string })[] = [
    { label: '$(add) Add a layer version…', alwaysShow: true },
    ...layers.map((arn) => ({ label: arn.split(':').slice(-2).join(':'), description: 'attached, pick to remove', arn })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Layers of ${f.FunctionName} (${layers.length}/${LIMITS.layersMax})` });
  if (!picked) return undefined;
  if (picked.arn) {
    const ok = await vscode.window.showWarningMessage(`Detach ${picked.label} from ${f.FunctionName}?`, { modal: true }, 'Detach');
    return ok === 'Detach' ? { Layers: layers.filter((l) => l !== picked.arn) } : undefined;
  }
  const arn = await pickLayerVersion(s, connection);
  if (!arn) return undefined;
  const next = [...layers];
  const i = next.findIndex((l) => layerBaseArn(l) === layerBaseArn(arn));
  if (i >= 0) next[i] = arn;
  else next.push(arn);
  const p = problem({ Layers: next });
  if (p) {
    void vscode.window.showErrorMessage(p);
    return undefined;
  }
  return { Layers: next };
}

/** A layer version ARN from the connection's layers, or typed (layers of other accounts). */
export async function pickLayerVersion(s: WorkbenchServices, connection: Connection): Promise<string | undefined> {
  const client = s.clients.lambda(connection);
  const lister = new LayerLister(client);
  try {
    await lister.loadAll();
    const layers = lister.snapshot().items;
    const ENTER = '$(edit) Enter a layer version ARN…';
    const layer = await vscode.window.showQuickPick(
      [
        { label: ENTER, alwaysShow: true },
        ...layers.map((l) => ({ label: l.LayerName ?? '?', description: `latest ${l.LatestMatchingVersion?.Version ?? '?'}` })),
      ],
      { title: 'Layer' },
    );
    if (!layer) return undefined;
    if (layer.label === ENTER) {
      return (
        await vscode.window.showInputBox({
          title: 'Layer version ARN',
          placeHolder: 'arn:aws:lambda:us-east-1:123456789012:layer:name:3',
          ignoreFocusOut: true,
          validateInput: (v) => problem({ Layers: [v.trim()] }),
        })
      )?.trim();
    }
    const versions = await listLayerVersions(client, layer.label);
    const v = await vscode.window.showQuickPick(
      versions.map((x) => ({
        label: `${layer.label}:${x.Version}`,
        description: x.Description,
        detail: x.CompatibleRuntimes?.join(', '),
        arn: x.LayerVersionArn,
      })),
      { title: `Version of ${layer.label}` },
    );
    return v?.arn;
  } finally {
    lister.dispose();
  }
}
