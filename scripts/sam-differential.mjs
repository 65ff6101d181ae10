// Our language server's verdict beside the field's reference verdict (cfn-lint's error-level
// findings, which include the SAM translator's own: scripts/sam-oracle.py), template by template.
//
//   node --import tsx scripts/sam-differential.mjs <folder|file>... [--transform] [--list] [--json OUT] [--cache DIR]
//
// For each template: do we report an error, and does the reference? It prints the four counts and,
// with --list, every disagreement:
// - "OURS ONLY": we report an error the reference does not. On a template that deploys, a false error.
// - "THEIRS ONLY": the reference rejects a template we pass.
// Deprecated-runtime findings (cfn-lint E2533) are left out of the reference verdict: they depend on
// the day, and we report them as warnings.
// --transform puts back the Transform line the translator's own tests leave out.
// --cache DIR keeps each reference verdict under the hash of the template's text, so a second run
// only asks the reference about templates it has not seen (the reference takes ~0.4 s a template).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve, basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTemplate } from '../src/sam/document.ts';
import { validateTemplate } from '../src/sam/validate/index.ts';
import { withTransform } from './sam-transform.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (f) => args.includes(f);
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const cacheDir = args.includes('--cache') ? resolve(args[args.indexOf('--cache') + 1]) : undefined;
const inputs = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--json' && args[i - 1] !== '--cache');
const IGNORED_REFERENCE_RULES = new Set(['E2533']);

const files = inputs.flatMap((p) => {
  const abs = resolve(p);
  if (!statSync(abs).isDirectory()) return [abs];
  return readdirSync(abs)
    .filter((f) => /\.(ya?ml|json|template)$/.test(f) && !f.endsWith('.expected.json') && f !== 'SOURCES.tsv')
    .sort()
    .map((f) => join(abs, f));
});

const py = process.env.PYTHON ?? 'python3';
// The key covers the reference script too: a changed reference is asked again.
const oracleText = readFileSync(join(root, 'scripts/sam-oracle.py'), 'utf8');
const keyOf = (file) =>
  createHash('sha1')
    .update(`${oracleText}\n${flag('--transform')}\n${readFileSync(file, 'utf8')}`)
    .digest('hex');
const cached = (file) => (cacheDir ? join(cacheDir, `${keyOf(file)}.json`) : undefined);
const reference = new Map();
const ask = [];
for (const file of files) {
  const c = cached(file);
  if (c && existsSync(c)) reference.set(file, JSON.parse(readFileSync(c, 'utf8')));
  else ask.push(file);
}
if (ask.length) {
  const oracleRun = spawnSync(py, [join(root, 'scripts/sam-oracle.py'), ...(flag('--transform') ? ['--transform'] : [])], {
    input: ask.join('\n'),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (oracleRun.status === 3) {
    console.error(oracleRun.stdout.trim());
    process.exit(3);
  }
  if (cacheDir) mkdirSync(cacheDir, { recursive: true });
  for (const line of oracleRun.stdout.split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line);
    const errors = r.errors ?? null;
    reference.set(r.file, errors);
    if (cacheDir && errors) writeFileSync(cached(r.file), JSON.stringify(errors));
  }
}
for (const [file, errors] of reference)
  if (errors)
    reference.set(
      file,
      errors.filter((e) => !IGNORED_REFERENCE_RULES.has(e.rule)),
    );

const lineOf = (text, offset) => text.slice(0, offset).split('\n').length;
const counts = { both: 0, neither: 0, oursOnly: 0, theirsOnly: 0, crashed: 0 };
const rows = [];
for (const file of files) {
  let text = readFileSync(file, 'utf8');
  if (flag('--transform')) text = withTransform(text);
  const ours = validateTemplate(parseTemplate(text), { today: new Date().toISOString().slice(0, 10), budgetMs: 10_000 })
    .filter((d) => d.severity === 'error')
    .map((d) => ({ code: d.code, line: lineOf(text, d.start), message: d.message, logicalId: d.logicalId }));
  const theirs = reference.get(file);
  if (theirs === null || theirs === undefined) {
    counts.crashed++;
    continue;
  }
  const key = ours.length ? (theirs.length ? 'both' : 'oursOnly') : theirs.length ? 'theirsOnly' : 'neither';
  counts[key]++;
  rows.push({ file: basename(file), verdict: key, ours, theirs });
  if (flag('--list') && (key === 'oursOnly' || key === 'theirsOnly')) {
    console.log(`${key === 'oursOnly' ? 'OURS ONLY  ' : 'THEIRS ONLY'} ${basename(file)}`);
    for (const e of key === 'oursOnly' ? ours : theirs) console.log(`    ${e.line}: [${e.code ?? e.rule}] ${e.message.replace(/\s+/g, ' ').slice(0, 220)}`);
  }
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(rows, null, 1));
const n = files.length - counts.crashed;
console.log(
  `${n} templates: both reject ${counts.both}, both accept ${counts.neither}, ours only ${counts.oursOnly}, reference only ${counts.theirsOnly}` +
    (counts.crashed ? `, reference crashed on ${counts.crashed}` : ''),
);
