// Lambda operations over a connection, measured on the embedded local service in this run:
//  1. Listing 10,000 functions: time to the first page and to all pages with our FunctionLister
//     (sorted, de-duplicated, filterable, generation-guarded) beside a plain ListFunctionsCommand loop
//     (the floor: the least any client can do) and the SDK's own paginator; plus the heap each keeps.
//  2. Deploying a 40 MB package: our deterministic zip + upload + wait, and the unchanged redeploy
//     (zip + CodeSha256 compare, no upload), beside the usual manual path (`zip -r -X` + AWS CLI v2
//     `update-function-code`, which uploads every time) and the raw SDK upload of a ready zip.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  paginateListFunctions,
  UpdateFunctionCodeCommand,
  waitUntilFunctionUpdatedV2,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { startLocal, type LocalHarness } from '../test/integration/local/harness';
import { plainListingLoop, seedFunctions } from '../test/integration/local/seedFunctions';
import { FunctionLister } from '../src/lambda/lister';
import { deployCode } from '../src/lambda/deploy';
import { zipFolder } from '../src/lambda/zip';
import { buildZip } from '../test/unit/lambda/zipTools';

const N_FUNCTIONS = Number(process.env.BENCH_FUNCTIONS ?? 10_000);
const LIST_RUNS = Number(process.env.BENCH_LIST_RUNS ?? 9);
const DEPLOY_RUNS = Number(process.env.BENCH_DEPLOY_RUNS ?? 3);
const PACKAGE_MB = Number(process.env.BENCH_PACKAGE_MB ?? 40);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const now = () => performance.now();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);
const ratio = (x: number, floor: number) => `${(x / floor).toFixed(2)}x`;

/** 10,000 functions (a zip function copied through the store, then a restart). */
async function seed(h: LocalHarness): Promise<LocalHarness> {
  const zip = await buildZip([{ name: 'index.js', content: 'exports.handler = async () => 1;' }]);
  return seedFunctions(h, N_FUNCTIONS, { Runtime: 'nodejs20.x', Code: { ZipFile: zip } });
}

const floorLoop = plainListingLoop;

async function paginator(client: LambdaClient): Promise<{ first: number; all: number; items: FunctionConfiguration[] }> {
  const t = now();
  let first = 0;
  const items: FunctionConfiguration[] = [];
  for await (const page of paginateListFunctions({ client, pageSize: 50 }, {})) {
    if (!first) first = now() - t;
    items.push(...(page.Functions ?? []));
  }
  return { first, all: now() - t, items };
}

async function ours(client: LambdaClient): Promise<{ first: number; all: number; items: readonly FunctionConfiguration[] }> {
  const lister = new FunctionLister(client);
  const t = now();
  await lister.refresh();
  const first = now() - t;
  const s = await lister.loadAll();
  return { first, all: now() - t, items: s.items };
}

/** Heap kept by the result of one full listing (after GC). */
async function retained(run: () => Promise<{ items: readonly unknown[] }>): Promise<number> {
  gc();
  const before = process.memoryUsage().heapUsed;
  const r = await run();
  gc();
  const after = process.memoryUsage().heapUsed;
  if (r.items.length !== N_FUNCTIONS) throw new Error(`listed ${r.items.length} of ${N_FUNCTIONS}`);
  return after - before;
}

async function benchListing(h: LocalHarness): Promise<string[]> {
  const systems: [string, (c: LambdaClient) => Promise<{ first: number; all: number; items: readonly FunctionConfiguration[] }>][] = [
    ['plain ListFunctionsCommand loop (floor)', floorLoop],
    ['SDK paginateListFunctions', paginator],
    ['Lambda Workbench FunctionLister', ours],
  ];
  const firsts = new Map<string, number[]>();
  const alls = new Map<string, number[]>();
  await floorLoop(h.lambda); // warm the connection and the service's index
  for (let r = 0; r < LIST_RUNS; r++) {
    for (const [name, run] of systems) {
      const x = await run(h.lambda);
      if (x.items.length !== N_FUNCTIONS) throw new Error(`${name} listed ${x.items.length}`);
      firsts.set(name, [...(firsts.get(name) ?? []), x.first]);
      alls.set(name, [...(alls.get(name) ?? []), x.all]);
    }
  }
  const heap = new Map<string, number>();
  for (const [name, run] of systems) heap.set(name, await retained(() => run(h.lambda)));
  const f0 = median(firsts.get(systems[0][0])!);
  const a0 = median(alls.get(systems[0][0])!);
  const lines = [
    `### Listing ${N_FUNCTIONS.toLocaleString('en')} functions (local service, pages of 50, median of ${LIST_RUNS})`,
    '',
    '| client | first page | vs floor | all pages | vs floor | heap kept |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [name] of systems) {
    const f = median(firsts.get(name)!);
    const a = median(alls.get(name)!);
    lines.push(`| ${name} | ${ms(f)} | ${ratio(f, f0)} | ${ms(a)} | ${ratio(a, a0)} | ${(heap.get(name)! / 1024 / 1024).toFixed(1)} MB |`);
  }
  lines.push('', 'FunctionLister also sorts, de-duplicates and keeps the list filterable; the others only collect pages.');
  return lines;
}

function makePackage(dir: string): void {
  // Half incompressible (binaries, images), half text (sources): a realistic node_modules-heavy mix.
  const fileMb = 0.5;
  const files = Math.round(PACKAGE_MB / fileMb);
  for (let i = 0; i < files; i++) {
    const sub = join(dir, 'node_modules', `pkg${Math.floor(i / 10)}`);
    mkdirSync(sub, { recursive: true });
    const size = fileMb * 1024 * 1024;
    const data =
      i % 2 === 0
        ? randomBytes(size)
        : Buffer.from(
            Array.from({ length: size / 64 }, (_, k) => `export const v${k} = ${JSON.stringify(randomBytes(16).toString('hex'))};\n`.padEnd(64, ' ')).join(''),
          );
    writeFileSync(join(sub, `f${i}.${i % 2 === 0 ? 'bin' : 'js'}`), data);
  }
  writeFileSync(join(dir, 'index.js'), 'exports.handler = async () => ({ ok: true });\n');
}

async function benchDeploy(h: LocalHarness): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-bench-pkg-'));
  const scratch = mkdtempSync(join(tmpdir(), 'lwb-bench-zip-'));
  try {
    makePackage(dir);
    const name = 'bench-deploy';
    await deployCode(h.lambda, {
      functionName: name,
      source: { kind: 'folder', dir: join(dir, 'node_modules', 'pkg0') },
      create: { Runtime: 'nodejs20.x', Handler: 'index.handler' },
    });
    const times: Record<string, number[]> = {};
    const add = (k: string, v: number) => (times[k] ??= []).push(v);
    let zipBytes = 0;
    for (let r = 0; r < DEPLOY_RUNS; r++) {
      // Peer 1: zip -r -X (Info-ZIP) + AWS CLI v2 update-function-code + CLI waiter.
      const zipPath = join(scratch, 'pkg.zip');
      rmSync(zipPath, { force: true });
      let t = now();
      execFileSync('zip', ['-q', '-r', '-X', zipPath, '.'], { cwd: dir });
      const cliZip = now() - t;
      const up = await h.cli(['lambda', 'update-function-code', '--function-name', name, '--zip-file', `fileb://${zipPath}`]);
      if (up.code !== 0) throw new Error(`aws lambda update-function-code failed: ${up.stderr}`);
      const w = await h.cli(['lambda', 'wait', 'function-updated-v2', '--function-name', name]);
      if (w.code !== 0) throw new Error(`aws lambda wait failed: ${w.stderr}`);
      add('zip + aws cli', now() - t);
      add('zip only (Info-ZIP)', cliZip);
      // The same unchanged package again: the CLI uploads it again.
      t = now();
      await h.cli(['lambda', 'update-function-code', '--function-name', name, '--zip-file', `fileb://${zipPath}`]);
      await h.cli(['lambda', 'wait', 'function-updated-v2', '--function-name', name]);
      add('cli unchanged', now() - t);

      // Floor: the SDK uploading a ready zip, then the SDK waiter.
      const ready = readFileSync(zipPath);
      t = now();
      await h.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: ready }));
      await waitUntilFunctionUpdatedV2({ client: h.lambda, maxWaitTime: 120, minDelay: 1, maxDelay: 5 }, { FunctionName: name });
      add('sdk upload of a ready zip', now() - t);

      // Ours: zip only, then zip + upload + wait (a change forces the upload), then unchanged.
      t = now();
      const z = await zipFolder(dir);
      add('ours zip only', now() - t);
      zipBytes = z.zip.byteLength;
      writeFileSync(join(dir, 'index.js'), `exports.handler = async () => ({ ok: ${r} });\n`);
      t = now();
      const d1 = await deployCode(h.lambda, { functionName: name, source: { kind: 'folder', dir } });
      if (d1.action !== 'updated') throw new Error(`expected an upload, got ${d1.action}`);
      add('ours deploy', now() - t);
      t = now();
      const d2 = await deployCode(h.lambda, { functionName: name, source: { kind: 'folder', dir } });
      if (d2.action !== 'unchanged') throw new Error(`expected no upload, got ${d2.action}`);
      add('ours unchanged', now() - t);
    }
    const m = (k: string) => median(times[k]);
    const floor = m('sdk upload of a ready zip');
    return [
      `### Deploying a ${PACKAGE_MB} MB package (${(zipBytes / 1024 / 1024).toFixed(1)} MB zipped; median of ${DEPLOY_RUNS})`,
      '',
      '| path | zip | zip + upload + wait | vs SDK upload floor | unchanged redeploy | vs its own first deploy |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      `| SDK UpdateFunctionCode of a ready zip + waiter (floor, no zipping) | - | ${ms(floor)} | 1.00x | - | - |`,
      `| zip -r -X + AWS CLI v2 update-function-code + wait | ${ms(m('zip only (Info-ZIP)'))} | ${ms(m('zip + aws cli'))} | ${ratio(m('zip + aws cli'), floor)} | ${ms(m('cli unchanged'))} (uploads again) | ${ratio(m('cli unchanged'), m('zip + aws cli'))} |`,
      `| Lambda Workbench deployCode (deterministic zip, CodeSha256 skip) | ${ms(m('ours zip only'))} | ${ms(m('ours deploy'))} | ${ratio(m('ours deploy'), floor)} | ${ms(m('ours unchanged'))} (no upload) | ${ratio(m('ours unchanged'), m('ours deploy'))} |`,
      '',
      'Every path waits until the update has settled: the SDK floor with the SDK waiter (first poll at once, then from 1 s), the CLI with `aws lambda wait function-updated-v2`, ours with the same SDK waiter starting at 0.25 s. The unchanged redeploy hashes the files and compares with the CodeSha256 of the zip that tree produced before.',
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  let h = await startLocal({ maxAttempts: 3 });
  try {
    const t = now();
    h = await seed(h);
    console.error(`bench: ${N_FUNCTIONS} functions ready in ${ms(now() - t)}`);
    const listing = await benchListing(h);
    console.log(listing.join('\n'));
    console.log('');
    const deploy = await benchDeploy(h);
    console.log(deploy.join('\n'));
  } finally {
    await h.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
