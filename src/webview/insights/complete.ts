// The query editor's completion: what may be written at the cursor. Where a command belongs (the start,
// after a pipe) the commands; elsewhere the fields (the discovered fields of Lambda logs, the fields of
// the last results, the aliases the query defines), the functions and the keywords. Words come from
// src/insights/vocabulary.ts. Pure (no DOM): the editor shows the list and inserts the choice.
import { COMMANDS, DISCOVERED_FIELDS, FUNCTIONS, KEYWORDS } from '../../insights/vocabulary';
import { tokenize } from './tokens';

export interface Completion {
  label: string;
  /** What replaces the word being typed. */
  insert: string;
  kind: 'command' | 'function' | 'field' | 'keyword';
  detail: string;
}

export interface CompletionList {
  /** The word being typed spans [from, to): the choice replaces it. */
  from: number;
  to: number;
  items: Completion[];
}

const MAX_ITEMS = 50;
const COMMAND_ITEMS: Completion[] = COMMANDS.map((c) => ({ label: c.name, insert: `${c.name} `, kind: 'command', detail: c.syntax }));
const FUNCTION_ITEMS: Completion[] = FUNCTIONS.map((f) => ({ label: f.name, insert: `${f.name}(`, kind: 'function', detail: f.signature }));
const KEYWORD_ITEMS: Completion[] = KEYWORDS.map((k) => ({ label: k, insert: `${k} `, kind: 'keyword', detail: 'keyword' }));
const DISCOVERED: Completion[] = DISCOVERED_FIELDS.filter((f) => f.name !== '@ptr').map((f) => ({
  label: f.name,
  insert: f.name,
  kind: 'field',
  detail: f.description,
}));

/** The completions at `cursor`; `knownFields` are the fields of the last results. */
export function completionsAt(text: string, cursor: number, knownFields: readonly string[] = []): CompletionList {
  const before = text.slice(0, cursor);
  const word = /[\w@$.]*$/.exec(before)?.[0] ?? '';
  const from = cursor - word.length;
  const after = /^[\w@$.]*/.exec(text.slice(cursor))?.[0] ?? '';
  const to = cursor + after.length;
  const tokens = tokenize(text.slice(0, from));
  const last = tokens[tokens.length - 1];
  const lastText = last ? text.slice(last.start, last.end).toLowerCase() : '';
  // Inside a string, a regex or a comment nothing is offered.
  if (last && (last.kind === 'string' || last.kind === 'regex' || last.kind === 'comment') && last.end >= from) return { from, to, items: [] };
  let candidates: Completion[];
  if (!last || last.kind === 'pipe') candidates = COMMAND_ITEMS;
  else if (lastText === 'by') candidates = [FUNCTION_ITEMS.find((f) => f.label === 'bin')!, ...fieldItems(text, knownFields), ...FUNCTION_ITEMS];
  else if (last.kind === 'field' || last.kind === 'ident' || (last.kind === 'punct' && lastText === ')'))
    candidates = [...KEYWORD_ITEMS, ...fieldItems(text, knownFields), ...FUNCTION_ITEMS];
  else candidates = [...fieldItems(text, knownFields), ...FUNCTION_ITEMS, ...KEYWORD_ITEMS];
  return { from, to, items: rank(candidates, word) };
}

/** Discovered fields, then the last results' fields, then the aliases the query names (`as x`), without repeats. */
function fieldItems(text: string, knownFields: readonly string[]): Completion[] {
  const seen = new Set(DISCOVERED.map((f) => f.label));
  const extra: Completion[] = [];
  const add = (name: string, detail: string) => {
    if (!name || seen.has(name) || /[()*\s]/.test(name)) return;
    seen.add(name);
    extra.push({ label: name, insert: name, kind: 'field', detail });
  };
  for (const f of knownFields) add(f, 'field of the last results');
  for (const m of text.matchAll(/\bas\s+([A-Za-z_@$][\w@$.]*)/gi)) add(m[1], 'defined in this query');
  return [...DISCOVERED, ...extra];
}

/** Prefix matches first (case-insensitive), then words that contain the typed text; unique labels. */
function rank(items: Completion[], word: string): Completion[] {
  const w = word.toLowerCase();
  const seen = new Set<string>();
  const unique = items.filter((i) => !seen.has(i.label) && seen.add(i.label));
  if (!w) return unique.slice(0, MAX_ITEMS);
  const bare = (l: string) => l.toLowerCase().replace(/^@/, '');
  const prefix = unique.filter((i) => i.label.toLowerCase().startsWith(w) || bare(i.label).startsWith(w.replace(/^@/, '')));
  const contains = unique.filter((i) => !prefix.includes(i) && i.label.toLowerCase().includes(w.replace(/^@/, '')));
  return [...prefix, ...contains].filter((i) => i.label.toLowerCase() !== w).slice(0, MAX_ITEMS);
}
