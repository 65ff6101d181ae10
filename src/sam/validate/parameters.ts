// A parameter's Default against the parameter's own constraints. CloudFormation applies AllowedValues,
// AllowedPattern (to the whole value), MinLength/MaxLength (String) and MinValue/MaxValue (Number) to
// the value a stack gets, and a stack created without a value gets the Default: a Default outside its
// constraints fails that create ("Parameter 'X' must be one of AllowedValues", "... failed to satisfy
// constraint"). A list type (CommaDelimitedList, List<...>) is checked item by item.
import { getValue, yaml11Bool, type TNode } from '../ast';
import type { Template } from '../template';
import type { Sink } from './sink';

export function validateParameterDefaults(t: Template, sink: Sink): void {
  for (const [name, p] of t.parameters) {
    const def = getValue(p.value, 'Default');
    if (!def || def.kind !== 'scalar' || def.value === null) continue;
    const type = scalarText(t, getValue(p.value, 'Type'))[0];
    if (!type || type.startsWith('AWS::SSM::Parameter::')) continue; // the Default names an SSM parameter
    const list = type === 'CommaDelimitedList' || /^List<.+>$/.test(type);
    const value = String(def.value);
    const candidates = scalarText(t, def);
    const fail = (why: string) =>
      sink.hard(def, 'parameter-default', `Default of parameter '${name}' ${why}: a stack created without a value for '${name}' fails.`);

    const allowed = getValue(p.value, 'AllowedValues');
    if (allowed?.kind === 'seq' && allowed.items.length > 0 && allowed.items.every((i) => i.kind === 'scalar')) {
      const ok = new Set(allowed.items.flatMap((i) => scalarText(t, i)));
      const shown = [...allowed.items.slice(0, 8).map((i) => scalarText(t, i)[0])].join(', ');
      if (list) {
        const bad = value === '' ? undefined : value.split(',').find((item) => !ok.has(item) && !ok.has(item.trim()));
        if (bad !== undefined) fail(`has the item '${bad}', which is not one of its AllowedValues (${shown})`);
      } else if (!candidates.some((c) => ok.has(c))) fail(`'${value}' is not one of its AllowedValues (${shown})`);
    }

    const pattern = scalarText(t, getValue(p.value, 'AllowedPattern'))[0];
    const re = pattern !== undefined ? wholeMatch(pattern) : undefined;
    if (re && (type === 'String' || type === 'CommaDelimitedList')) {
      const items = type === 'CommaDelimitedList' ? (value === '' ? [] : value.split(',')) : [value];
      // Whether CloudFormation applies the pattern to a list item by item or to the whole text has
      // changed over time: only a Default that fails both ways is reported.
      if (!re.test(value) && !items.every((i) => re.test(i))) fail(`'${value}' does not match its AllowedPattern ${pattern}`);
    }

    if (type === 'String') {
      const min = num(t, getValue(p.value, 'MinLength'));
      const max = num(t, getValue(p.value, 'MaxLength'));
      if (min !== undefined && value.length < min) fail(`'${value}' is ${value.length} characters long, shorter than its MinLength ${min}`);
      if (max !== undefined && value.length > max) fail(`'${value}' is ${value.length} characters long, longer than its MaxLength ${max}`);
    }
    if (type === 'Number') {
      const n = Number(value);
      const min = num(t, getValue(p.value, 'MinValue'));
      const max = num(t, getValue(p.value, 'MaxValue'));
      if (value.trim() !== '' && !Number.isNaN(n)) {
        if (min !== undefined && n < min) fail(`${value} is below its MinValue ${min}`);
        if (max !== undefined && n > max) fail(`${value} is above its MaxValue ${max}`);
      }
    }
  }
}

/** The texts a scalar stands for: its value, its source text when unquoted (1.50 is 1.5), and true/false for a YAML 1.1 boolean. */
function scalarText(t: Template, n: TNode | null | undefined): string[] {
  if (!n || n.kind !== 'scalar' || n.value === null) return [];
  const out = [String(n.value)];
  if (!n.quoted) out.push(t.text.slice(n.start, n.end).trim());
  const b = yaml11Bool(n);
  if (b !== undefined) out.push(String(b));
  return out;
}

function num(t: Template, n: TNode | null | undefined): number | undefined {
  const s = scalarText(t, n)[0];
  if (s === undefined || s.trim() === '') return undefined;
  const v = Number(s);
  return Number.isNaN(v) ? undefined : v;
}

/**
 * The pattern as a JavaScript regular expression anchored at both ends (CloudFormation matches the
 * whole value), or undefined where Java's syntax (what CloudFormation uses) and JavaScript's differ.
 */
function wholeMatch(pattern: string): RegExp | undefined {
  if (/\\[pPAZzGQEhHRXbB]|\(\?|&&|\[\[|[+*?}]\+/.test(pattern)) return undefined;
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return undefined;
  }
}
