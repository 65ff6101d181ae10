// The metrics panel's commands: "Show Metrics" on a function, version or alias row, from the palette
// (a function picker), from code (`{ connection | connectionId, functionName, qualifier }`), and from
// the SAM CodeLens over a template function (`{ templateUri, logicalId }`: the function it became on
// the active connection, deployed or invoked locally).
import { parseTarget, targetFunction } from '../commands/args';
import { entry, type Contribution } from '../commands/runtime';
import type { WorkbenchServices } from '../services';
import { templateFunctionOnConnection } from '../templateFunction';
import { MetricsPanel } from './panel';

export const METRICS_COMMANDS = {
  show: 'lambdaWorkbench.showMetrics',
} as const;

async function showTemplateFunction(s: WorkbenchServices, arg: unknown, file: string, logicalId: string): Promise<void> {
  const found = await templateFunctionOnConnection(s, arg, file, logicalId, 'it has no metrics');
  if (found) MetricsPanel.show(s, found.connection, found.name);
}

export function metricsArea(s: WorkbenchServices): Contribution {
  const commands = [
    entry(METRICS_COMMANDS.show, "show the function's metrics", async (arg) => {
      const t = parseTarget(arg);
      if (t.kind === 'template') return showTemplateFunction(s, arg, t.templatePath, t.logicalId);
      const f = await targetFunction(s, t, 'Show the metrics of a function');
      if (!f) return undefined;
      MetricsPanel.show(s, f.connection, f.functionName, f.qualifier);
      return undefined;
    }),
  ];
  return { commands, disposables: [{ dispose: () => MetricsPanel.disposeAll() }] };
}
