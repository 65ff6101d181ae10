// Flow collections ([...] and {...}) whose continuation lines are indented no deeper than the block
// they sit in. YAML 1.2 (and so the `yaml` library) rejects them; PyYAML, which SAM CLI reads
// templates with, ignores indentation inside a flow collection, and CloudFormation deploys such
// templates. So before reporting the library's complaint, parse.ts retries on a copy of the text with
// those lines indented just enough, then maps every offset back to the text as written.

export interface Repaired {
  text: string;
  /** Offset in the repaired text -> offset in the original. */
  toOld: (offset: number) => number;
}

/** Where a flow collection opens a block line's value: `key: [`, `- {`, `key: !Sub [`, `- key: &a {`. */
const FLOW_START =
  /^((?:-[ \t]+)*(?:(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"[\]{},][^#]*?)[ \t]*:[ \t]+)?(?:-[ \t]+)*(?:![^\s[\]{}]*[ \t]+)?(?:&\S+[ \t]+)?(?:![^\s[\]{}]*[ \t]+)?)[[{]/;
const BLOCK_SCALAR = /(?:^|[ \t])[|>][0-9+-]*[ \t]*(?:#.*)?$/;

export function repairFlowIndent(text: string): Repaired | undefined {
  const inserts: { at: number; n: number }[] = [];
  let depth = 0;
  let parentIndent = 0;
  let quote: '"' | "'" | undefined;
  let blockScalar = -1;
  let pos = 0;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl < 0 ? text.length : nl;
    const line = text.slice(pos, lineEnd);
    const indent = /^ */.exec(line)![0].length;
    const blank = line.trim() === '';
    if (blockScalar >= 0 && (blank || indent > blockScalar)) {
      // inside a block scalar: its text is not YAML structure
    } else if (!blank) {
      blockScalar = -1;
      let from = indent;
      if (depth === 0 && !quote) {
        const m = FLOW_START.exec(line.slice(indent));
        if (m) {
          parentIndent = indent;
          from = indent + m[1].length;
        } else {
          if (BLOCK_SCALAR.test(line)) blockScalar = indent;
          from = -1;
        }
      } else if (indent <= parentIndent && !quote) {
        inserts.push({ at: pos, n: parentIndent + 1 - indent });
      }
      if (from >= 0) ({ depth, quote } = scanFlow(line, from, depth, quote));
    }
    if (nl < 0) break;
    pos = nl + 1;
  }
  if (!inserts.length) return undefined;
  let out = '';
  let last = 0;
  for (const i of inserts) {
    out += text.slice(last, i.at) + ' '.repeat(i.n);
    last = i.at;
  }
  out += text.slice(last);
  return { text: out, toOld: (o) => toOld(inserts, o) };
}

/** Brackets opened and closed in one line of flow content, outside quotes and comments. */
function scanFlow(line: string, from: number, depth: number, quote: '"' | "'" | undefined): { depth: number; quote: '"' | "'" | undefined } {
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (quote === '"') {
      if (c === '\\') i++;
      else if (c === '"') quote = undefined;
      continue;
    }
    if (quote === "'") {
      if (c === "'" && line[i + 1] === "'") i++;
      else if (c === "'") quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) break;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth = Math.max(0, depth - 1);
      if (depth === 0) return { depth, quote };
    }
  }
  return { depth, quote };
}

function toOld(inserts: { at: number; n: number }[], offset: number): number {
  let shift = 0;
  for (const i of inserts) {
    const at = i.at + shift;
    if (offset < at) break;
    if (offset < at + i.n) return i.at;
    shift += i.n;
  }
  return offset - shift;
}
