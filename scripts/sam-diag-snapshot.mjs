// Every diagnostic (code, severity, start, end, message) validateTemplate() gives on every template of
// ../shared/corpus/sam-translator/{valid,invalid} and ../shared/corpus/sam-integration, as JSON on
// stdout: run before and after a change that must not change behaviour, and diff the two.
//   node --import tsx scripts/sam-diag-snapshot.mjs > before.json
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseTemplate } from '../src/sam/document.ts';
import { validateTemplate } from '../src/sam/validate/index.ts';
import { withTransform } from './sam-transform.mjs';

const shared = resolve(import.meta.dirname, '../../shared/corpus');
const OPTS = { today: '2026-01-01', budgetMs: 60_000 };

const out = {};
for (const [dir, fix] of [
  ['sam-translator/valid', true],
  ['sam-translator/invalid', true],
  ['sam-integration', false],
]) {
  const abs = join(shared, dir);
  if (!existsSync(abs)) throw new Error(`corpus not found at ${abs}`);
  for (const f of readdirSync(abs)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const raw = readFileSync(join(abs, f), 'utf8');
    const ds = validateTemplate(parseTemplate(fix ? withTransform(raw) : raw), OPTS);
    out[`${dir}/${f}`] = ds.map((d) => ({ code: d.code, severity: d.severity, start: d.start, end: d.end, message: d.message }));
  }
}
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
