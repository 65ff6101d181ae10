// Argument shapes of the condition functions and of Fn::Split (checked wherever they appear, from
// references.ts), and the functions only the AWS::LanguageExtensions transform defines: Fn::ForEach,
// Fn::Length and Fn::ToJsonString. Without that transform CloudFormation rejects them; with it,
// Fn::Length takes a list and Fn::ToJsonString a map or a list.
import { getValue, intrinsicName, refName, scalarString, type TMap, type TNode } from '../ast';
import { PSEUDO_PARAMETERS, type Template } from '../template';
import type { Sink } from './sink';

/** A condition inside Fn::And/Or/Not: {Condition: name}, another condition function (any intrinsic is let through), or a literal boolean. */
function isCondition(n: TNode): boolean {
  if (n.kind === 'scalar') return typeof n.value === 'boolean';
  if (n.kind !== 'map') return false;
  return intrinsicName(n) !== undefined;
}

/** Fn::And and Fn::Or take a list of 2 to 10 conditions, Fn::Not a list of exactly 1 (user guide, "Condition functions"). */
export function checkConditionFunction(fn: 'Fn::And' | 'Fn::Or' | 'Fn::Not', n: TMap, sink: Sink): void {
  const arg = n.pairs[0].value;
  const [min, max] = fn === 'Fn::Not' ? [1, 1] : [2, 10];
  const shape = fn === 'Fn::Not' ? 'a list of exactly 1 condition' : 'a list of 2 to 10 conditions';
  if (!arg || arg.kind !== 'seq') {
    if (arg && intrinsicName(arg)) return;
    sink.hard(arg ?? n, 'condition-function', `${fn} takes ${shape}, e.g. [!Condition IsProd, !Equals [a, b]].`);
    return;
  }
  if (arg.items.length < min || arg.items.length > max) {
    sink.hard(arg, 'condition-function', `${fn} takes ${shape}; this one has ${arg.items.length}.`);
    return;
  }
  for (const item of arg.items)
    if (!isCondition(item))
      sink.hard(
        item,
        'condition-function',
        item.kind === 'scalar' && typeof item.value === 'string'
          ? `An item of ${fn} is a condition, not a name: write {Condition: ${item.value}} (!Condition ${item.value}).`
          : `An item of ${fn} must be a condition: {Condition: name}, Fn::Equals, Fn::And, Fn::Or or Fn::Not.`,
      );
}

/** Fn::Split: [delimiter, source string]; "You must specify both parameters", the delimiter a literal string. */
export function checkSplit(n: TMap, sink: Sink): void {
  const arg = n.pairs[0].value;
  if (!arg || arg.kind !== 'seq' || arg.items.length !== 2) {
    sink.hard(arg ?? n, 'split', `Fn::Split takes a list of 2: [delimiter, source string].`);
    return;
  }
  const delim = arg.items[0];
  if (delim.kind !== 'scalar' || delim.value === null)
    sink.hard(delim, 'split', `The delimiter of Fn::Split must be a literal string, such as ',' (functions are not allowed there).`);
}

/** What the text holds when it uses one of them (long form or short-form tag). */
const EXTENSION_FUNCTIONS = /Fn::Length|Fn::ToJsonString|Fn::ForEach::|!Length|!ToJsonString/;

/** Fn::ForEach, Fn::Length and Fn::ToJsonString: present only with the transform, and with the argument it takes. */
export function validateLanguageExtensions(t: Template, sink: Sink): void {
  if (!t.root || !EXTENSION_FUNCTIONS.test(t.text)) return;
  const enabled = t.transforms.includes('AWS::LanguageExtensions');
  walk(t.text, t.root, 0, (key, start, end, value) => {
    const fn = key.startsWith('Fn::ForEach::') ? 'Fn::ForEach' : key;
    if (!enabled) {
      sink.hard(
        { start, end },
        'language-extensions-transform',
        `${fn} needs the AWS::LanguageExtensions transform: add it to the template's Transform (Transform: [AWS::LanguageExtensions, ...]).`,
      );
      return;
    }
    if (fn === 'Fn::Length') checkLength(t, value, { start, end }, sink);
    if (fn === 'Fn::ToJsonString' && value?.kind === 'scalar')
      sink.hard(value, 'tojsonstring', `Fn::ToJsonString takes a map or a list (or a function that returns one), not a scalar.`);
  });
}

function walk(text: string, n: TNode, depth: number, visit: (key: string, start: number, end: number, value: TNode | null) => void): void {
  if (depth > 100) return;
  if (n.kind === 'seq') for (const i of n.items) walk(text, i, depth + 1, visit);
  if (n.kind !== 'map') return;
  for (const p of n.pairs) {
    if (p.key === 'Fn::Length' || p.key === 'Fn::ToJsonString' || p.key.startsWith('Fn::ForEach::')) {
      // A short-form tag (!Length) has no key text: the range is the tag's.
      const at = n.shortTag && p.keyEnd <= p.keyStart ? text.lastIndexOf(n.shortTag, n.start) : -1;
      if (at >= 0) visit(p.key, at, at + n.shortTag!.length, p.value);
      else visit(p.key, p.keyStart, Math.max(p.keyEnd, p.keyStart), p.value);
    }
    if (p.value) walk(text, p.value, depth + 1, visit);
  }
}

const LIST_PSEUDO = new Set(['AWS::NotificationARNs']);

/** Fn::Length takes a list, or a function that returns one; a Ref to a parameter that is not a list type is not one. */
function checkLength(t: Template, v: TNode | null, key: { start: number; end: number }, sink: Sink): void {
  if (!v || v.kind === 'seq') return;
  if (v.kind === 'scalar') {
    sink.hard(v, 'length', `Fn::Length takes a list (or a function that returns one), not a ${v.value === null ? 'null' : typeof v.value}.`);
    return;
  }
  const fn = intrinsicName(v);
  if (!fn) {
    sink.hard(v.pairs.length ? v : key, 'length', `Fn::Length takes a list (or a function that returns one), not a map.`);
    return;
  }
  const name = refName(v);
  if (name === undefined) return;
  if (PSEUDO_PARAMETERS.includes(name)) {
    if (!LIST_PSEUDO.has(name)) sink.hard(v, 'length', `Fn::Length takes a list: ${name} is a string.`);
    return;
  }
  const param = t.parameters.get(name);
  const type = scalarString(getValue(param?.value, 'Type'));
  if (type && !/^(CommaDelimitedList|List<.+>|AWS::SSM::Parameter::Value<(List<.+>|CommaDelimitedList)>)$/.test(type))
    sink.hard(v, 'length', `Fn::Length takes a list: parameter '${name}' is of type ${type}, not CommaDelimitedList or List<...>.`);
}
