// SAM Globals: which Globals section applies to which resource type, what each section may set, and
// a resource opting out with IgnoreGlobals. SAM copies a section's properties into every resource of
// its type, which is why resource.ts checks required properties with them merged in.
import { getValue, scalarString, type TMap, type TNode } from '../ast';
import { didYouMean, schema } from '../schema';
import type { ResourceEntry, Template } from '../template';
import { keyRange, type Sink } from './sink';

const GLOBAL_SECTIONS: Record<string, string> = {
  Function: 'AWS::Serverless::Function',
  Api: 'AWS::Serverless::Api',
  HttpApi: 'AWS::Serverless::HttpApi',
  SimpleTable: 'AWS::Serverless::SimpleTable',
  StateMachine: 'AWS::Serverless::StateMachine',
  LayerVersion: 'AWS::Serverless::LayerVersion',
  CapacityProvider: 'AWS::Serverless::CapacityProvider',
  WebSocketApi: 'AWS::Serverless::WebSocketApi',
};
export const GLOBAL_SECTION_OF_TYPE = new Map(Object.entries(GLOBAL_SECTIONS).map(([k, v]) => [v, k]));

export function validateGlobals(g: TMap, sink: Sink): void {
  for (const sec of g.pairs) {
    const allowed = schema().globals[sec.key];
    if (!allowed) {
      sink.error(
        keyRange(sec),
        'globals',
        `'${sec.key}' is not a Globals section: use one of ${Object.keys(GLOBAL_SECTIONS).join(', ')}.${didYouMean(sec.key, Object.keys(GLOBAL_SECTIONS))}`,
      );
      continue;
    }
    if (!sec.value) continue;
    if (sec.value.kind !== 'map') {
      sink.error(sec.value, 'globals', `Globals.${sec.key} must be a map of properties.`);
      continue;
    }
    for (const p of sec.value.pairs) {
      if (!allowed.includes(p.key)) {
        sink.error(keyRange(p), 'globals', `'${p.key}' is not supported in Globals.${sec.key}: set it on each resource instead.${didYouMean(p.key, allowed)}`);
        sink.suggest(keyRange(p), p.key, allowed);
      }
    }
  }
}

export function ignoresGlobals(node: TNode): boolean {
  const v = getValue(node, 'IgnoreGlobals');
  return !!v && (scalarString(v) === '*' || v.kind === 'seq');
}

/**
 * The Globals keys that apply to this resource, as the translator merges them: IgnoreGlobals '*' drops
 * them all, a list drops the keys it names. (ignoresGlobals above is coarser: any list drops them all.)
 */
export function appliedGlobals(t: Template, r: ResourceEntry): TNode | undefined {
  const section = r.type ? GLOBAL_SECTION_OF_TYPE.get(r.type) : undefined;
  const g = section ? getValue(t.globals, section) : undefined;
  if (!g || g.kind !== 'map') return undefined;
  const ig = getValue(r.node, 'IgnoreGlobals');
  if (scalarString(ig) === '*') return undefined;
  if (ig?.kind === 'seq') {
    const drop = new Set(ig.items.map(scalarString));
    return { ...g, pairs: g.pairs.filter((p) => !drop.has(p.key)) };
  }
  return g;
}
