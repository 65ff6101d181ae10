// The template's sections: the known top-level sections, a Resources map, and the shape of
// Parameters, Outputs, Mappings and Globals. Resources themselves are checked in resource.ts.
import { getPair } from '../ast';
import { didYouMean } from '../schema';
import { TOP_LEVEL_SECTIONS, type Template } from '../template';
import { validateGlobals } from './globals';
import { validateLanguageExtensions } from './intrinsics';
import { validateParameterDefaults } from './parameters';
import { keyRange, type Sink } from './sink';
import { validateTemplateRules } from './templateRules';

export function validateStructure(t: Template, sink: Sink): void {
  const root = t.root;
  if (!root) {
    sink.add(0, 0, 'error', 'structure', "The template is empty: it needs at least a 'Resources' section.");
    return;
  }
  if (root.kind !== 'map') {
    sink.error(root, 'structure', 'A template must be a map of sections (Resources, Parameters, ...).');
    return;
  }
  for (const p of root.pairs) {
    if (!TOP_LEVEL_SECTIONS.includes(p.key)) {
      sink.error(keyRange(p), 'unknown-section', `Unknown section '${p.key}'.${didYouMean(p.key, TOP_LEVEL_SECTIONS)}`);
      sink.suggest(keyRange(p), p.key, TOP_LEVEL_SECTIONS);
    }
  }
  const res = t.sections.get('Resources');
  if (!res) sink.add(root.start, Math.min(root.end, root.start + 1), 'error', 'structure', "The 'Resources' section is required.");
  else if (!res.value || res.value.kind !== 'map')
    sink.error(res.value ?? keyRange(res), 'structure', "'Resources' must be a map of logical ids to resources.");
  for (const name of ['Parameters', 'Mappings', 'Conditions', 'Outputs', 'Globals']) {
    const p = t.sections.get(name);
    if (p && (!p.value || p.value.kind !== 'map')) sink.error(p.value ?? keyRange(p), 'structure', `'${name}' must be a map.`);
  }
  for (const [name, p] of t.parameters) {
    if (!getPair(p.value, 'Type'))
      sink.error(
        keyRange(p),
        'parameter',
        `Parameter '${name}' needs a 'Type' (String, Number, List<Number>, CommaDelimitedList, an AWS-specific type or an SSM parameter type).`,
      );
  }
  for (const [name, p] of t.outputs) {
    if (p.value && p.value.kind === 'map' && !getPair(p.value, 'Value')) sink.error(keyRange(p), 'output', `Output '${name}' needs a 'Value'.`);
  }
  for (const [name, p] of t.mappings) {
    if (!p.value || p.value.kind !== 'map') {
      sink.error(p.value ?? keyRange(p), 'mapping', `Mapping '${name}' must be a two-level map.`);
      continue;
    }
    for (const q of p.value.pairs)
      if (!q.value || q.value.kind !== 'map')
        sink.error(q.value ?? keyRange(q), 'mapping', `Mapping '${name}.${q.key}' must be a map (mappings have two levels).`);
  }
  if (t.globals && t.globals.kind === 'map') validateGlobals(t.globals, sink);
  validateTemplateRules(t, sink);
  validateParameterDefaults(t, sink);
  validateLanguageExtensions(t, sink);
}
