// One parsed file (a template, a nested template, an OpenAPI document) with its positions kept, so a
// warning or an error can name the line. CloudFormation short tags (`!Ref x`, `!Join [a, b]`) become
// their long form (`{ Ref: x }`, `{ 'Fn::Join': [a, b] }`), as in a JSON template.
import { readFile } from 'node:fs/promises';
import { LineCounter, Pair, Scalar, YAMLMap, isMap, isNode, isScalar, isSeq, parseDocument, type Document, type Node, type Tags } from 'yaml';
import { SHORT_TAGS } from '../../../sam/ast';
import { TemplateLoadError } from '../model';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
export type Path = (string | number)[];

const wrap = (key: string, node: Node): YAMLMap => {
  const m = new YAMLMap();
  m.items.push(new Pair(new Scalar(key), node));
  m.range = node.range;
  return m;
};

/** Short tags as collections keep their items' positions: the wrapper is a map node around them. */
const cfnTags: Tags = Object.entries(SHORT_TAGS).flatMap(([tag, key]) => [
  { tag, resolve: (v: string) => ({ [key]: v }) },
  { tag, collection: 'seq' as const, resolve: (v: unknown) => (isNode(v) ? wrap(key, v) : { [key]: v }) },
  { tag, collection: 'map' as const, resolve: (v: unknown) => (isNode(v) ? wrap(key, v) : { [key]: v }) },
]) as Tags;

export interface SourceFile {
  file: string; // absolute
  data: unknown;
  /** 1-based line of the value at `path` (or of its nearest existing parent). */
  lineOf(path: Path): number | undefined;
}

export function parseSource(text: string, file: string): SourceFile {
  const lc = new LineCounter();
  const doc: Document = parseDocument(text, { customTags: cfnTags, uniqueKeys: false, lineCounter: lc, prettyErrors: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line;
    throw new TemplateLoadError(file, line, `not valid YAML/JSON: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  const data: unknown = doc.toJS({ maxAliasCount: -1 });
  return {
    file,
    data,
    lineOf(path: Path): number | undefined {
      // The line of the key (`Path:` rather than the value under it), or of the list item.
      for (let n = path.length; n > 0; n--) {
        const parent: unknown = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
        const key = path[n - 1];
        let at: Node | undefined;
        if (isMap(parent)) at = parent.items.find((p) => isScalar(p.key) && p.key.value === key)?.key as Node | undefined;
        else if (isSeq(parent) && typeof key === 'number') at = parent.items[key] as Node | undefined;
        if (at && isNode(at) && at.range) return lc.linePos(at.range[0]).line;
      }
      return undefined;
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
