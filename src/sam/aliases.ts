// Alias bookkeeping for parse.ts. A template's tree has every alias expanded in place, so nested
// aliases ("billion laughs", merge-key bombs) could make a 650-byte text expand to billions of nodes
// and freeze the language server. The size an expansion would have is counted first, in one pass with
// a memo per node (the yaml package's own `maxAliasCount` guards only its toJS(), which we do not use),
// and past the bound aliases are not expanded. Anchors are looked up in one table, not by Alias.resolve,
// which walks the whole document for each alias (quadratic in the number of aliases).
import { visit, isAlias, isMap, isPair, isSeq, type Alias, type Document, type Node as YNode } from 'yaml';

/** Nodes the aliases of one text may add: far beyond any real template, far below a freeze. */
export const MAX_ALIAS_EXPANSION = 100_000;
/** Deeper than parse.ts converts anyway; bounds the recursion of the size count. */
const MAX_COUNT_DEPTH = 200;

export interface AliasTable {
  /** The node an alias stands for: the last one anchored with its name before it. */
  target(alias: Alias): YNode | undefined;
  /** False when expanding every alias would pass MAX_ALIAS_EXPANSION nodes. */
  expand: boolean;
}

export function aliasTable(doc: Document.Parsed): AliasTable {
  const targets = new Map<Alias, YNode | undefined>();
  const anchors = new Map<string, YNode>();
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) targets.set(node, anchors.get(node.source));
      else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  const target = (a: Alias): YNode | undefined => targets.get(a);
  if (targets.size === 0) return { target, expand: true };
  const memo = new Map<YNode, number>();
  const size = (node: YNode | null | undefined, depth: number): number => {
    if (!node || depth > MAX_COUNT_DEPTH) return 1;
    if (isAlias(node)) return size(targets.get(node), depth + 1);
    const known = memo.get(node);
    if (known !== undefined) return known;
    memo.set(node, 1); // an alias inside its own anchor: parse.ts stops it at its depth limit
    let n = 1;
    const children: unknown[] = isMap(node) || isSeq(node) ? node.items : [];
    for (const c of children) {
      if (isPair(c)) n += size(c.key as YNode | null, depth + 1) + size(c.value as YNode | null, depth + 1);
      else n += size(c as YNode | null, depth + 1);
      if (n > MAX_ALIAS_EXPANSION) break;
    }
    n = Math.min(n, MAX_ALIAS_EXPANSION + 1);
    memo.set(node, n);
    return n;
  };
  return { target, expand: size(doc.contents as YNode | null, 0) <= MAX_ALIAS_EXPANSION };
}
