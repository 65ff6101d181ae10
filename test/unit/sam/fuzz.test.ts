// Fuzz: thousands of random mutations of the corpus templates, through the incremental service and
// every feature. Nothing may throw, no internal error may surface, every range must lie inside the
// text, and the whole run is bounded by the test timeout (a hang fails it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SamLanguageService } from '../../../src/sam/service';

const corpus = resolve(__dirname, '../../../../shared/corpus/sam-translator');
const CASES = Number(process.env.SAM_FUZZ_CASES ?? 2000);

/** Small deterministic PRNG (mulberry32) so a failure can be replayed from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOISE = [
  ':',
  '-',
  '!',
  '!Ref ',
  '!GetAtt ',
  '${',
  '}',
  '{',
  '[',
  ']',
  '"',
  "'",
  '\n',
  ' ',
  '  ',
  '\t',
  '&a ',
  '*a',
  '#',
  '|',
  '>',
  '%',
  '---\n',
  '?',
  ',',
  'Type: ',
  'AWS::Serverless::Function',
  '\u0000',
  '😀',
];

function mutate(text: string, r: () => number): string {
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
  const pos = Math.floor(r() * (text.length + 1));
  switch (Math.floor(r() * 7)) {
    case 0:
      return text.slice(0, pos) + text.slice(pos + 1 + Math.floor(r() * 20));
    case 1:
      return text.slice(0, pos) + pick(NOISE) + text.slice(pos);
    case 2: {
      const lines = text.split('\n');
      const i = Math.floor(r() * lines.length);
      lines.splice(i, 0, lines[Math.floor(r() * lines.length)]);
      return lines.join('\n');
    }
    case 3: {
      const lines = text.split('\n');
      const i = Math.floor(r() * lines.length);
      lines[i] = (r() < 0.5 ? ' ' : '') + lines[i].replace(/^ {1,2}/, '');
      return lines.join('\n');
    }
    case 4:
      return text.slice(0, pos);
    case 5: {
      const a = Math.floor(r() * text.length);
      return (
        text.slice(0, a) +
        text
          .slice(a, a + 200)
          .split('')
          .reverse()
          .join('') +
        text.slice(a + 200)
      );
    }
    default:
      return text.replace(/!Ref (\w+)/, (_m, n: string) => `!Ref ${n}x`).replace(/Type: (\S+)/, (_m, t: string) => `Type: ${t.slice(0, -1)}`);
  }
}

test(
  `fuzz: ${CASES} mutated corpus templates, no crash, no hang, ranges inside the text`,
  { skip: existsSync(corpus) ? false : `corpus not found at ${corpus}`, timeout: 240_000 },
  () => {
    const files: string[] = [];
    for (const sub of ['valid', 'invalid'])
      for (const f of readdirSync(join(corpus, sub))) if (f.endsWith('.yaml')) files.push(readFileSync(join(corpus, sub, f), 'utf8'));
    const r = rng(20261125);
    const service = new SamLanguageService({ today: '2026-01-01', budgetMs: 2000 });
    let diagnostics = 0;
    for (let i = 0; i < CASES; i++) {
      const uri = `untitled:fuzz${i % 8}.yaml`;
      let text = files[Math.floor(r() * files.length)];
      const steps = 1 + Math.floor(r() * 4);
      // Several edits on one document exercise the incremental path and its caches.
      for (let k = 0; k < steps; k++) {
        text = mutate(text, r);
        service.update(uri, text, i * 10 + k);
        const d = service.diagnostics(uri);
        diagnostics += d.length;
        for (const x of d) {
          assert.notEqual(x.code, 'internal', `case ${i}.${k}: ${x.message}`);
          assert.ok(x.start >= 0 && x.start <= x.end && x.end <= text.length, `case ${i}.${k}: range ${x.start}-${x.end} outside 0-${text.length}`);
        }
      }
      const offset = Math.floor(r() * (text.length + 1));
      service.completion(uri, offset);
      service.hover(uri, offset);
      service.definition(uri, offset);
      service.references(uri, offset);
      service.rename(uri, offset, 'Renamed1');
      service.symbols(uri);
      service.codeLenses(uri);
    }
    console.log(`fuzz: ${CASES} cases, ${diagnostics} diagnostics reported, no crash`);
  },
);
