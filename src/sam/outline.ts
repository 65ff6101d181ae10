// Document symbols (the outline) and the CodeLens over each function.
import { scalarString, getValue } from './ast';
import type { Template } from './template';

export type SymbolKind = 'namespace' | 'function' | 'class' | 'variable' | 'boolean' | 'object' | 'constant' | 'event';
export interface SamSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  start: number;
  end: number;
  selStart: number;
  selEnd: number;
  children?: SamSymbol[];
}

const FUNCTION_TYPES = ['AWS::Serverless::Function', 'AWS::Lambda::Function'];

export function documentSymbols(t: Template): SamSymbol[] {
  const out: SamSymbol[] = [];
  for (const [name, sec] of t.sections) {
    const end = sec.value?.end ?? sec.keyEnd;
    const children: SamSymbol[] = [];
    const v = sec.value;
    if (v?.kind === 'map' && name !== 'Metadata' && name !== 'Description') {
      for (const p of v.pairs) {
        const type =
          name === 'Resources' ? scalarString(getValue(p.value, 'Type')) : name === 'Parameters' ? scalarString(getValue(p.value, 'Type')) : undefined;
        const kind: SymbolKind =
          name === 'Resources'
            ? type && FUNCTION_TYPES.includes(type)
              ? 'function'
              : 'class'
            : name === 'Parameters'
              ? 'variable'
              : name === 'Conditions'
                ? 'boolean'
                : name === 'Outputs'
                  ? 'constant'
                  : 'object';
        const child: SamSymbol = {
          name: p.key || '(empty)',
          detail: type,
          kind,
          start: p.keyStart,
          end: Math.max(p.value?.end ?? p.keyEnd, p.keyEnd),
          selStart: p.keyStart,
          selEnd: p.keyEnd,
        };
        if (name === 'Resources') {
          const events = getValue(getValue(p.value, 'Properties'), 'Events');
          if (events?.kind === 'map') {
            child.children = events.pairs.map((e) => ({
              name: e.key,
              detail: scalarString(getValue(e.value, 'Type')),
              kind: 'event' as const,
              start: e.keyStart,
              end: Math.max(e.value?.end ?? e.keyEnd, e.keyEnd),
              selStart: e.keyStart,
              selEnd: e.keyEnd,
            }));
          }
        }
        children.push(child);
      }
    }
    out.push({ name, kind: 'namespace', start: sec.keyStart, end: Math.max(end, sec.keyEnd), selStart: sec.keyStart, selEnd: sec.keyEnd, children });
  }
  return out;
}

export interface SamCodeLens {
  start: number;
  end: number;
  title: string;
  command: string;
  logicalId: string;
}

/** `nodeOnly`: the debugger attaches to Node.js functions only. */
const CODELENS_COMMANDS = [
  { command: 'lambdaWorkbench.invokeLocal', title: '$(play) Invoke locally' },
  { command: 'lambdaWorkbench.debugLocal', title: '$(debug-alt) Debug locally', nodeOnly: true },
  { command: 'lambdaWorkbench.deployFunction', title: '$(cloud-upload) Deploy' },
  { command: 'lambdaWorkbench.tailLogs', title: '$(output) Tail logs' },
  { command: 'lambdaWorkbench.showMetrics', title: '$(graph-line) Metrics' },
];

/** Resources that are an API: "Start local API" sits over them (and over functions with Api/HttpApi events). */
const API_TYPES = ['AWS::Serverless::Api', 'AWS::Serverless::HttpApi', 'AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Api'];
const START_API = { command: 'lambdaWorkbench.startLocalApi', title: '$(globe) Start local API' };

export function codeLenses(t: Template): SamCodeLens[] {
  const out: SamCodeLens[] = [];
  const globalRuntime = scalarString(getValue(getValue(t.globals, 'Function'), 'Runtime'));
  for (const r of t.resources) {
    if (r.type && API_TYPES.includes(r.type)) out.push({ start: r.pair.keyStart, end: r.pair.keyEnd, ...START_API, logicalId: r.logicalId });
    if (!r.type || !FUNCTION_TYPES.includes(r.type)) continue;
    const runtime = scalarString(getValue(r.properties, 'Runtime')) ?? globalRuntime ?? '';
    for (const c of CODELENS_COMMANDS) {
      if (c.nodeOnly && !runtime.startsWith('nodejs')) continue;
      out.push({ start: r.pair.keyStart, end: r.pair.keyEnd, title: c.title, command: c.command, logicalId: r.logicalId });
    }
    const events = getValue(r.properties, 'Events');
    const served = events?.kind === 'map' && events.pairs.some((e) => ['Api', 'HttpApi'].includes(scalarString(getValue(e.value, 'Type')) ?? ''));
    if (served) out.push({ start: r.pair.keyStart, end: r.pair.keyEnd, ...START_API, logicalId: r.logicalId });
  }
  return out;
}
