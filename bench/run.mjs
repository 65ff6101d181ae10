#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.ts through tsx, one after the other (the machine is small
// and benchmarks must not disturb each other), printing each one's table under a header. A failing
// bench does not hide the others; the run exits non-zero if any failed.
//
//   npm run bench               # all of them
//   npm run bench -- logs sam   # only files whose name contains "logs" or "sam"
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = join(benchDir, '..');
const filters = process.argv.slice(2);
// A bench stuck past this is killed and reported as failed, so one hang cannot eat a CI run.
const LIMIT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 10 * 60_000);

const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((w) => f.replace(/\.bench\.ts$/, '').includes(w)))
  .sort();

if (files.length === 0) {
  console.log(filters.length ? `bench: no bench/*.bench.ts matches ${filters.join(', ')}` : 'bench: no bench/*.bench.ts files');
  process.exit(filters.length ? 1 : 0);
}

function runOne(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', join('bench', file)], { cwd: root, stdio: 'inherit', detached: true });
    const timer = setTimeout(() => {
      console.error(`bench: ${file} still running after ${LIMIT_MS / 1000} s; killing it`);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, LIMIT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ file, ok: false, seconds: (Date.now() - started) / 1000, why: err.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const why = signal ? `killed by ${signal}` : `exit code ${code}`;
      resolve({ file, ok: code === 0, seconds: (Date.now() - started) / 1000, why });
    });
  });
}

console.log(`# Lambda Workbench benchmarks`);
console.log(`node ${process.version}, ${new Date().toISOString()}, ${files.length} bench file(s)\n`);
const results = [];
for (const file of files) {
  console.log(`## ${file.replace(/\.bench\.ts$/, '')}\n`);
  const r = await runOne(file);
  results.push(r);
  console.log(r.ok ? '' : `\n**${file} failed (${r.why})**\n`);
}

console.log('## summary\n');
console.log('| bench | result | seconds |');
console.log('| --- | --- | ---: |');
for (const r of results) console.log(`| ${r.file} | ${r.ok ? 'ok' : `FAILED: ${r.why}`} | ${r.seconds.toFixed(1)} |`);
const failed = results.filter((r) => !r.ok);
process.exit(failed.length ? 1 : 0);
