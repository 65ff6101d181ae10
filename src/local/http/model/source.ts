// One parsed file (a template, a nested template, an OpenAPI document) with its positions kept, so a
// warning or an error can name the line. Parsed by the language service's parser (src/sam/parse.ts:
// its fast path for the usual YAML, the `yaml` library for the rest and for JSON), which turns
// CloudFormation short tags (`!Ref x`, `!Join [a, b]`) into their long form, as in a JSON template.
import { readFile } from 'node:fs/promises';
import { toPlain, type TNode, type TPair } from '../../../sam/ast';
import { LineIndex } from '../../../sam/lines';
import { parseText } from '../../../sam/parse';
import { TemplateLoadError } from '../model';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
export type Path = (string | number)[];

/** Stage variables and the like: the scalar values of a map, as strings. */
export const strMap = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (isObj(v)) for (const [k, val] of Object.entries(v)) if (val !== undefined && val !== null && typeof val !== 'object') out[k] = String(val);
  return out;
};

export interface SourceFile {
  file: string; // absolute
  data: unknown;
  /** 1-based line of the key (or list item) at `path`, or of its nearest existing parent. */
  lineOf(path: Path): number | undefined;
}

export function parseSource(text: string, file: string): SourceFile {
  // JSON (CDK output, often large): JSON.parse is two orders of magnitude faster than a YAML parse;
  // the positions tree is built only when a line is asked for (a warning).
  if (/^\s*\{/.test(text)) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined; // the YAML parser below reports where it is broken (or reads what JSON refuses)
    }
    if (data !== undefined) {
      let tree: SourceFile | undefined;
      return { file, data, lineOf: (path) => (tree ??= parseTree(text, file)).lineOf(path) };
    }
  }
  return parseTree(text, file);
}

function parseTree(text: string, file: string): SourceFile {
  const { root, problems } = parseText(text);
  let lines: LineIndex | undefined;
  const lineAt = (offset: number) => (lines ??= new LineIndex(text)).position(offset).line + 1;
  const error = problems.find((p) => p.severity === 'error');
  if (error)
    throw new TemplateLoadError(file, lineAt(error.start), `not valid YAML/JSON: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
  return {
    file,
    data: toPlain(root),
    lineOf(path: Path): number | undefined {
      let node: TNode | null | undefined = root;
      let found: number | undefined;
      for (const key of path) {
        if (node?.kind === 'map') {
          const pair: TPair | undefined = node.pairs.find((p) => p.key === key);
          if (!pair) break;
          // A short tag (`!Sub …`) is a map of one pair whose key has no place of its own.
          if (pair.keyEnd > pair.keyStart) found = pair.keyStart;
          node = pair.value;
        } else if (node?.kind === 'seq' && typeof key === 'number' && node.items[key]) {
          node = node.items[key];
          found = node.start;
        } else break;
      }
      return found === undefined ? undefined : lineAt(found);
    },
  };
}

/** Reads and parses a file; a missing file is a TemplateLoadError naming who referred to it. */
export async function readSource(file: string, referrer?: { file: string; line?: number; what: string }): Promise<SourceFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(err as Error).message})`;
    if (referrer) throw new TemplateLoadError(referrer.file, referrer.line, `${referrer.what} ${file} ${why}`);
    throw new TemplateLoadError(file, undefined, `the template ${why}`);
  }
  return parseSource(text, file);
}
