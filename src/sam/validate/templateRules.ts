// Template-level rules of CloudFormation's template parser (user guide, "Template anatomy" and the
// pages of each section): the format version, the template's Description, logical ids shared by a
// parameter and a resource, and the names and values of Mappings. Each is a "Template format error"
// at deploy, whatever the transform.
import { intrinsicName, type TNode } from '../ast';
import type { Template } from '../template';
import { keyRange, type Sink } from './sink';

export function validateTemplateRules(t: Template, sink: Sink): void {
  formatVersion(t, sink);
  description(t, sink);
  sharedLogicalIds(t, sink);
  mappings(t, sink);
}

/** "The latest template format version is 2010-09-09 and is currently the only valid value." It must be a literal string. */
function formatVersion(t: Template, sink: Sink): void {
  const p = t.sections.get('AWSTemplateFormatVersion');
  if (!p) return;
  const v = p.value;
  // YAML may read an unquoted 2010-09-09 as a date: the literal text is what counts.
  const text = v?.kind === 'scalar' && v.value !== null ? String(v.value) : undefined;
  if (text === '2010-09-09') return;
  const empty = !v || (v.kind === 'scalar' && v.value === null);
  const what = empty ? 'empty' : text !== undefined ? `'${text}'` : 'not a literal string';
  sink.hard(
    empty ? keyRange(p) : v,
    'template-format-version',
    `AWSTemplateFormatVersion is ${what}: its only valid value is '2010-09-09' (or leave the section out).`,
  );
}

/** "The value for the description declaration must be a literal string that is between 0 and 1024 bytes in length." */
function description(t: Template, sink: Sink): void {
  const p = t.sections.get('Description');
  if (!p) return;
  const v = p.value;
  if (!v || (v.kind === 'scalar' && v.value === null)) {
    sink.hard(keyRange(p), 'template-description', `The template's Description is empty: give it a text, or remove it.`);
    return;
  }
  if (v.kind !== 'scalar') {
    const what = intrinsicName(v) ? `an intrinsic function (${intrinsicName(v)})` : v.kind === 'seq' ? 'a list' : 'a map';
    sink.hard(
      v,
      'template-description',
      `The template's Description is ${what}: it must be a literal string (parameters and functions are not resolved there).`,
    );
    return;
  }
  const bytes = typeof v.value === 'string' && v.value.length > 256 ? new TextEncoder().encode(v.value).length : 0;
  if (bytes > 1024) sink.hard(v, 'template-description', `The template's Description is ${bytes} bytes long: CloudFormation takes at most 1024.`);
}

/** Ref resolves a name to a parameter or a resource: CloudFormation rejects a template where both use it. */
function sharedLogicalIds(t: Template, sink: Sink): void {
  if (t.parameters.size === 0) return;
  for (const r of t.resources) {
    if (!t.parameters.has(r.logicalId)) continue;
    sink.hard(
      keyRange(r.pair),
      'logical-id-shared',
      `'${r.logicalId}' is both a parameter and a resource: logical ids must be unique across Parameters and Resources. Rename one of them.`,
    );
  }
}

const ALNUM = /^[A-Za-z0-9]+$/;
/** CloudFormation: "Mappings element name '...' must be non-empty and can contain only alphanumerics, '-' or '.'". */
const MAPPING_KEY = /^[A-Za-z0-9.-]+$/;

/**
 * Mapping names are logical ids (alphanumeric); top-level keys may hold alphanumerics, '-' and '.';
 * second-level keys ("attribute names") only alphanumerics ("Mappings attribute name '...' must contain
 * only alphanumeric characters"); values are strings or lists (numbers and booleans read as text), never
 * maps or functions ("You can't include parameters, pseudo parameters, or intrinsic functions").
 */
function mappings(t: Template, sink: Sink): void {
  for (const [name, p] of t.mappings) {
    if (!ALNUM.test(name)) sink.hard(keyRange(p), 'mapping-name', `Mapping name '${name}' must contain only letters and digits (A-Za-z0-9).`);
    if (!p.value || p.value.kind !== 'map') continue; // 'mapping' reports the shape
    for (const top of p.value.pairs) {
      if (!MAPPING_KEY.test(top.key))
        sink.hard(keyRange(top), 'mapping-key', `Mapping key '${top.key}' of '${name}' can contain only letters, digits, '-' and '.'.`);
      if (!top.value || top.value.kind !== 'map') continue;
      for (const second of top.value.pairs) {
        if (!ALNUM.test(second.key))
          sink.hard(
            keyRange(second),
            'mapping-attribute',
            `Mapping attribute name '${second.key}' (in ${name}.${top.key}) must contain only letters and digits (A-Za-z0-9).`,
          );
        if (second.value) mappingValue(second.value, `${name}.${top.key}.${second.key}`, sink);
      }
    }
  }
}

function mappingValue(v: TNode, where: string, sink: Sink): void {
  if (v.kind !== 'map') return;
  const fn = intrinsicName(v);
  sink.hard(
    v,
    'mapping-value',
    fn
      ? `Mapping value ${where} is an intrinsic function (${fn}): mappings hold literal strings or lists only.`
      : `Mapping value ${where} is a map: a mapping value is a string or a list (mappings have two levels of keys).`,
  );
}
