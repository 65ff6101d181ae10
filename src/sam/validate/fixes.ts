// Quick fixes that travel with a diagnostic (SamDiagnostic.fix): the text edits are computed where the
// finding is made, from the tree and the text, so the server only hands them to the editor.
import { getPair, type TMap, type TPair } from '../ast';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}
export interface Fix {
  title: string;
  edits: TextEdit[];
}

const lineStart = (text: string, o: number) => text.lastIndexOf('\n', o - 1) + 1;
function lineEnd(text: string, o: number): number {
  const nl = text.indexOf('\n', o);
  return nl < 0 ? text.length : nl + 1;
}

/**
 * Moves `pair` (a key written beside Type) into the resource's block-style Properties, re-indented
 * to the properties' column; creates Properties when there is none. Undefined for flow-style maps.
 */
export function moveIntoProperties(text: string, resource: TMap, pair: TPair): Fix | undefined {
  if (text.trimStart().startsWith('{')) return undefined; // JSON: moving lines would break its commas
  const from = lineStart(text, pair.keyStart);
  const keyCol = pair.keyStart - from;
  if (text.slice(from, pair.keyStart).trim() !== '') return undefined; // flow map, or `- Key:` on the line
  const to = lineEnd(text, Math.max(pair.value?.end ?? pair.keyEnd, pair.keyEnd) - 1);
  const lines = text.slice(from, to).replace(/\n?$/, '\n').split('\n').slice(0, -1);
  const reindent = (col: number) => lines.map((l) => ' '.repeat(col) + l.slice(Math.min(keyCol, /^ */.exec(l)![0].length))).join('\n') + '\n';
  const props = getPair(resource, 'Properties');
  const title = `Move '${pair.key}' into Properties`;
  if (!props) {
    const at = lineEnd(text, resource.pairs[resource.pairs.length - 1].value?.end ?? pair.keyEnd);
    if (at <= from) return undefined;
    return {
      title,
      edits: [
        { start: from, end: to, newText: '' },
        { start: at, end: at, newText: `${' '.repeat(keyCol)}Properties:\n${reindent(keyCol + 2)}` },
      ],
    };
  }
  const value = props.value;
  if (!value || value.kind !== 'map' || value.pairs.length === 0) return undefined;
  const first = value.pairs[0];
  const at = lineStart(text, first.keyStart);
  if (text.slice(at, first.keyStart).trim() !== '') return undefined;
  const insert = { start: at, end: at, newText: reindent(first.keyStart - at) };
  const remove = { start: from, end: to, newText: '' };
  // Edits in the order of the text, which is what editors expect for non-overlapping edits.
  return { title, edits: at < from ? [insert, remove] : [remove, insert] };
}

/**
 * Declares `name` as a String parameter: first in a block-style Parameters section, or in a new one
 * written before Resources. Computed when the editor asks (see SamLanguageService.parameterFix), as the
 * Parameters section may have changed since the Ref's finding was made.
 */
export function addParameter(text: string, parameters: TPair | undefined, resources: TPair | undefined, name: string): Fix | undefined {
  if (text.trimStart().startsWith('{')) return undefined;
  const title = `Add parameter '${name}'`;
  const value = parameters?.value;
  if (parameters && value?.kind === 'map' && value.pairs.length) {
    const at = lineStart(text, value.pairs[0].keyStart);
    const col = value.pairs[0].keyStart - at;
    if (text.slice(at, value.pairs[0].keyStart).trim() !== '') return undefined;
    return { title, edits: [{ start: at, end: at, newText: `${' '.repeat(col)}${name}:\n${' '.repeat(col + 2)}Type: String\n` }] };
  }
  if (parameters || !resources) return undefined;
  const at = lineStart(text, resources.keyStart);
  const col = resources.keyStart - at;
  return {
    title,
    edits: [{ start: at, end: at, newText: `${' '.repeat(col)}Parameters:\n${' '.repeat(col + 2)}${name}:\n${' '.repeat(col + 4)}Type: String\n` }],
  };
}

/** Adds `name:` (to be filled in) as the first of the resource's block-style Properties, or in new ones. */
export function addProperty(text: string, resource: TMap, name: string): Fix | undefined {
  if (text.trimStart().startsWith('{') || !resource.pairs.length) return undefined;
  const title = `Add required property '${name}'`;
  const props = getPair(resource, 'Properties');
  const value = props?.value;
  if (value?.kind === 'map' && value.pairs.length) {
    const at = lineStart(text, value.pairs[0].keyStart);
    if (text.slice(at, value.pairs[0].keyStart).trim() !== '') return undefined;
    return { title, edits: [{ start: at, end: at, newText: `${' '.repeat(value.pairs[0].keyStart - at)}${name}: \n` }] };
  }
  const first = resource.pairs[0];
  const col = first.keyStart - lineStart(text, first.keyStart);
  if (text.slice(lineStart(text, first.keyStart), first.keyStart).trim() !== '') return undefined;
  if (props) {
    // `Properties:` with nothing under it yet.
    if (value && !(value.kind === 'scalar' && value.value === null)) return undefined;
    const at = lineEnd(text, props.keyEnd);
    return { title, edits: [{ start: at, end: at, newText: `${' '.repeat(col + 2)}${name}: \n` }] };
  }
  const last = resource.pairs[resource.pairs.length - 1];
  const at = lineEnd(text, Math.max(last.value?.end ?? last.keyEnd, last.keyEnd) - 1);
  return { title, edits: [{ start: at, end: at, newText: `${' '.repeat(col)}Properties:\n${' '.repeat(col + 2)}${name}: \n` }] };
}
