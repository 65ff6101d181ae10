// The fast YAML path must build exactly the tree the `yaml` library gives (values, key ranges, scalar
// ranges) on every corpus template it accepts, and must accept the common ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { toPlain, type TNode } from '../../../src/sam/ast';
import { parseWithLibrary } from '../../../src/sam/parse';
import { fastParse } from '../../../src/sam/fastyaml';

const corpus = resolve(__dirname, '../../../../shared/corpus/sam-translator');

/** Values plus the ranges of keys and scalars (collection ends may legitimately differ). */
function shape(n: TNode | null): unknown {
  if (!n) return null;
  if (n.kind === 'scalar') return [n.value, n.start, n.quoted ? n.end : n.end];
  if (n.kind === 'seq') return n.items.map(shape);
  return n.pairs.map((p) => [p.key, p.keyStart, p.keyEnd, shape(p.value)]);
}

test(
  'fast path = yaml library on every corpus template it accepts, and it accepts most',
  { skip: existsSync(corpus) ? false : `corpus not found at ${corpus}` },
  () => {
    let accepted = 0;
    let total = 0;
    for (const sub of ['valid', 'invalid']) {
      for (const f of readdirSync(join(corpus, sub))) {
        if (!f.endsWith('.yaml')) continue;
        total++;
        const text = readFileSync(join(corpus, sub, f), 'utf8');
        const fast = fastParse(text);
        if (fast === undefined) continue;
        accepted++;
        const lib = parseWithLibrary(text);
        assert.deepEqual(toPlain(fast), toPlain(lib.root), `${sub}/${f}: values`);
        assert.deepEqual(shape(fast), shape(lib.root), `${sub}/${f}: ranges`);
      }
    }
    console.log(`fast YAML path took ${accepted}/${total} corpus templates`);
    assert.ok(accepted / total > 0.8, `fast path accepted only ${accepted}/${total}`);
  },
);

test('fast path gives up on what it does not handle, so the library reports it', () => {
  for (const text of [
    'a: &x 1\nb: *x\n',
    'a: b: c\n',
    'a:\n\tb: 1\n',
    'a: 1\na: 2\n',
    'a: "unclosed\n',
    'a: [1,\n  2]\n',
    '--- \na: 1\n',
    'a: !Unknown x\n',
    'a: plain\n  continued\n',
  ]) {
    assert.equal(fastParse(text), undefined, JSON.stringify(text));
  }
});

test('fast path handles tags, flow collections, quotes and block scalars', () => {
  const text =
    'A: !Ref X\nB: !GetAtt [R, Arn]\nC: { Path: /, Method: get }\nD: "q\\"x"\nE: \'it\'\'s\'\nF: |\n  line1\n  line2\nG: >-\n  a\n  b\nH:\n  - !Sub\n    - "${A}"\n    - { A: 1 }\n  - 2.5\n  - true\n  - ~\n';
  const fast = fastParse(text);
  assert.notEqual(fast, undefined);
  assert.deepEqual(toPlain(fast!), toPlain(parseWithLibrary(text).root));
  assert.deepEqual(shape(fast!), shape(parseWithLibrary(text).root));
});
