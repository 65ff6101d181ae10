// What the cursor is on, worked out from the text itself: templates being edited are often not
// valid YAML at that moment, so the key path comes from indentation, not from the parse tree.

export interface CursorContext {
  /** Keys from the root to the map the cursor is in (for a key) or to the key whose value it edits. */
  path: string[];
  /** 'key': typing a key; 'value': typing the value of path's last key. */
  mode: 'key' | 'value';
  /** The word being typed, and where it starts. */
  word: string;
  wordStart: number;
  /** Text of the line before the cursor. */
  linePrefix: string;
  /** Short-form tag right before the value, e.g. '!Ref', or a long-form function key ('Ref'). */
  fn?: string;
}

interface Line {
  indent: number;
  key?: string;
  /** Column where a map in this line's value would start when it is a `- ` item. */
  seqItem: boolean;
}

function describeLine(line: string): Line | undefined {
  // The key may not start with a space, so the engine never re-splits the indentation (no backtracking).
  const m = /^( *)(- +)?(?:(["']?)([^\s"'#:][^"'#:]*?)\3 *:(?:\s|$))?/.exec(line);
  if (!m || line.trim() === '' || line.trim().startsWith('#')) return undefined;
  const indent = m[1].length + (m[2] ? m[2].length : 0);
  return { indent, key: m[4]?.trim(), seqItem: !!m[2] };
}

export function cursorContext(text: string, offset: number): CursorContext {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const linePrefix = text.slice(lineStart, offset);
  const wm = /[A-Za-z0-9_:.\-${!]*$/.exec(linePrefix)!;
  let word = wm[0];
  let wordStart = offset - word.length;
  // `${Name` inside a Sub: the word is what follows `${`.
  const sub = /\$\{([A-Za-z0-9_:.]*)$/.exec(linePrefix);
  if (sub) {
    word = sub[1];
    wordStart = offset - word.length;
  } else if (word.startsWith('!')) {
    // typing a tag itself
  }
  const keyValue = /^( *)(- +)?(["']?)([^\s"'#:][^"'#:]*?)\3 *:\s+(.*)$/.exec(linePrefix);
  const own = describeLine(linePrefix);
  let mode: 'key' | 'value' = 'key';
  let indent = linePrefix.length - linePrefix.trimStart().length;
  const path: string[] = [];
  let fn: string | undefined;
  if (keyValue) {
    mode = 'value';
    indent = keyValue[1].length + (keyValue[2]?.length ?? 0);
    path.push(keyValue[4].trim());
    const v = keyValue[5];
    const tag = /(![A-Za-z]+)\s+\S*$/.exec(v);
    if (tag) fn = tag[1];
  } else if (own?.seqItem) {
    indent = own.indent;
    mode = 'key';
    const v = /^ *- +(.*)$/.exec(linePrefix)?.[1] ?? '';
    const tag = /(![A-Za-z]+)\s+\S*$/.exec(v);
    if (tag) {
      fn = tag[1];
      mode = 'value';
    }
  }
  // Ancestors: walk up to lines with a smaller indentation that are keys.
  let limit = indent;
  if (own?.seqItem && !keyValue) {
    path.unshift('[]');
    limit = own.indent - 2;
  } else if (keyValue?.[2]) {
    path.unshift('[]');
    limit = indent - keyValue[2].length;
  }
  let pos = lineStart - 1;
  let budget = 20_000; // lines looked at, at most: pathological documents stay fast
  while (pos > 0 && limit > 0 && budget-- > 0) {
    const s = text.lastIndexOf('\n', pos - 1) + 1;
    const l = describeLine(text.slice(s, pos));
    pos = s - 1;
    if (!l) continue;
    if (l.indent < limit && l.key) {
      path.unshift(l.key);
      if (l.seqItem) {
        path.unshift('[]');
        limit = l.indent - 2;
      } else limit = l.indent;
    } else if (l.seqItem && l.indent <= limit) {
      path.unshift('[]');
      limit = l.indent - 2;
    }
  }
  if (mode === 'key' && !fn) {
    const parentFn = path[path.length - 1];
    if (parentFn === 'Ref' || parentFn === 'Fn::GetAtt' || parentFn === 'Condition') fn = parentFn;
  }
  return { path, mode, word, wordStart, linePrefix, fn };
}
