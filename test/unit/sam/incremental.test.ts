// The chunked, cached parse must give exactly what one full parse gives, and an edit must reuse the
// untouched resources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ChunkCache, parseTemplate } from '../../../src/sam/document';
import { validateTemplate } from '../../../src/sam/validate';
import { SamLanguageService } from '../../../src/sam/service';

const corpus = resolve(__dirname, '../../../../shared/corpus/sam-translator');
const OPTS = { today: '2026-01-01', budgetMs: 60_000 };

function corpusTexts(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const sub of ['valid', 'invalid']) {
    const dir = join(corpus, sub);
    for (const f of readdirSync(dir)) if (f.endsWith('.yaml')) out.push({ name: `${sub}/${f}`, text: readFileSync(join(dir, f), 'utf8') });
  }
  return out;
}

const key = (d: { start: number; end: number; message: string; severity: string }) => `${d.start}-${d.end} ${d.severity} ${d.message}`;

test(
  'chunked parse = full parse on every corpus template (same diagnostics, same ranges)',
  { skip: existsSync(corpus) ? false : `corpus not found at ${corpus}` },
  () => {
    const texts = corpusTexts();
    let mismatches = 0;
    for (const { name, text } of texts) {
      const full = validateTemplate(parseTemplate(text), OPTS).map(key).sort();
      // A cache that already holds something takes the chunk-by-chunk path...
      const primed = new ChunkCache();
      parseTemplate('Description: other\n', primed);
      const chunked = validateTemplate(parseTemplate(text, primed), OPTS).map(key).sort();
      if (JSON.stringify(full) !== JSON.stringify(chunked)) {
        mismatches++;
        assert.deepEqual(chunked, full, name);
      }
      // ...an empty one (a document just opened) parses once and files the chunks; the next version
      // (every position moved by a new first line) reuses them and still matches a full parse.
      const fresh = new ChunkCache();
      assert.deepEqual(validateTemplate(parseTemplate(text, fresh), OPTS).map(key).sort(), full, name);
      const moved = `# moved\n${text}`;
      const movedFull = validateTemplate(parseTemplate(moved), OPTS).map(key).sort();
      assert.deepEqual(validateTemplate(parseTemplate(moved, fresh), OPTS).map(key).sort(), movedFull, name);
    }
    assert.equal(mismatches, 0);
  },
);

function generated(n: number): string {
  let s = 'Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Runtime: nodejs22.x\nResources:\n';
  for (let i = 0; i < n; i++)
    s += `  Fn${i}:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: s3://bucket/fn${i}.zip\n      Handler: app.handler\n      MemorySize: 128\n      Environment:\n        Variables:\n          NEXT: !Ref Fn${(i + 1) % n}\n`;
  return s;
}

test('after a one-character edit, unchanged resources are reused and the result is the same as from scratch', () => {
  const uri = 'untitled:big.yaml';
  const text = generated(200);
  const s = new SamLanguageService({ today: '2026-01-01' });
  s.open(uri, text, 1);
  assert.deepEqual(s.diagnostics(uri), []);
  const before = s.template(uri)!;
  // Typo in the middle: MemorySize -> MemorySiz
  const at = text.indexOf('MemorySize', text.indexOf('Fn100:'));
  const edited = text.slice(0, at + 9) + text.slice(at + 10);
  s.update(uri, edited, 2);
  const d = s.diagnostics(uri);
  assert.equal(d.length, 1);
  assert.equal(d[0].logicalId, 'Fn100');
  assert.equal(edited.slice(d[0].start, d[0].end), 'MemorySiz');
  const after = s.template(uri)!;
  // Resources before the edit are the very same objects; the edited one was parsed again.
  assert.equal(after.resourceById.get('Fn3')!.node, before.resourceById.get('Fn3')!.node);
  assert.notEqual(after.resourceById.get('Fn100')!.node, before.resourceById.get('Fn100')!.node);
  // Later resources moved one character left, and their ranges say so.
  const fresh = parseTemplate(edited);
  assert.equal(after.resourceById.get('Fn150')!.pair.keyStart, fresh.resourceById.get('Fn150')!.pair.keyStart);
  assert.equal(after.resourceById.get('Fn150')!.node!.end, fresh.resourceById.get('Fn150')!.node!.end);
  // Undo the edit: no diagnostics again.
  s.update(uri, text, 3);
  assert.deepEqual(s.diagnostics(uri), []);
});
