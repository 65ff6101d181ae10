// Our SAM diagnostics beside the field's reference verdict, on templates nobody tuned a rule for: each
// template of ../shared/corpus/sam-integration (which the SAM team deploys) with one seeded mistake
// (scripts/sam-mutants.mjs), judged by the SAM translator and cfn-lint, both installed with pip on
// this machine (scripts/sam-oracle.py). No template the reference accepts may get an error from us;
// and we must flag most of what it rejects. Skipped where Python lacks cfn-lint or samtranslator, or
// the shared corpus is absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const corpus = resolve(root, '../shared/corpus/sam-integration');
const python = process.env.PYTHON ?? 'python3';
const hasReference = spawnSync(python, ['-c', 'import cfnlint, samtranslator'], { encoding: 'utf8' }).status === 0;
const skip = !existsSync(corpus)
  ? `corpus not found at ${corpus}`
  : !hasReference
    ? `${python} has no cfn-lint/samtranslator (pip install cfn-lint) to give the reference verdict`
    : false;

interface Row {
  file: string;
  verdict: 'both' | 'neither' | 'oursOnly' | 'theirsOnly';
  ours: { code: string; line: number; message: string }[];
  theirs: { rule: string; line: number; message: string }[];
}

test('seeded mistakes in deployed templates: no error where the reference accepts, most of what it rejects flagged', { skip, timeout: 20 * 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'sam-mutants-'));
  try {
    const gen = spawnSync(process.execPath, [join(root, 'scripts/sam-mutants.mjs'), '--out', dir, '--per', '1', corpus], { encoding: 'utf8' });
    assert.equal(gen.status, 0, gen.stderr);
    const out = join(dir, 'verdicts.json');
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/sam-differential.mjs'), dir, '--json', out], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    assert.equal(run.status, 0, run.stderr);
    const rows = JSON.parse(readFileSync(out, 'utf8')) as Row[];
    const byFile = new Map(rows.map((r) => [r.file, r]));
    // The sources, as the generator rewrote them, must themselves be accepted by both.
    const bases = rows.filter((r) => r.file.endsWith('__base.yaml'));
    assert.ok(bases.length >= 200, `only ${bases.length} sources`);
    const falseErrors = bases.filter((r) => r.verdict === 'oursOnly').map((r) => `${r.file}: ${r.ours.map((e) => e.message).join(' | ')}`);
    const mutants = rows.filter((r) => !r.file.endsWith('__base.yaml') && byFile.get(r.file.replace(/__m\d+\.yaml$/, '__base.yaml'))?.verdict === 'neither');
    for (const r of mutants.filter((m) => m.verdict === 'oursOnly')) {
      const what = readFileSync(join(dir, r.file), 'utf8').split('\n')[0];
      falseErrors.push(`${what}: ${r.ours.map((e) => `[${e.code}] ${e.message}`).join(' | ')}`);
    }
    const rejected = mutants.filter((r) => r.verdict === 'both' || r.verdict === 'theirsOnly');
    const flagged = rejected.filter((r) => r.verdict === 'both').length;
    console.log(
      `${mutants.length} mutants of accepted sources: reference rejects ${rejected.length}, we flag ${flagged} (${((100 * flagged) / rejected.length).toFixed(1)}%); false errors: ${falseErrors.length}`,
    );
    assert.deepEqual(falseErrors, []);
    assert.ok(flagged / rejected.length >= 0.75, `flagged only ${flagged}/${rejected.length}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
