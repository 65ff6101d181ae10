// Explorer benchmark (issue 5): with 10,000 functions on the local service, the time until the tree
// shows the first page and until every page is loaded as tree nodes, and the heap the tree keeps,
// beside a plain ListFunctionsCommand loop (the floor: the least any client can do).
// Run: npx tsx test/integration/vscode/explorer/treeBench.ts   (bench/explorer.bench.ts may import run()).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type LambdaClient } from '@aws-sdk/client-lambda';
import { startLocal, type LocalHarness } from '../../local/harness';
import { plainListingLoop, seedFunctions } from '../../local/seedFunctions';
import { DefaultClientFactory } from '../../../../src/core/clientFactory';
import { ConnectionRegistry, type KeyValueStore } from '../../../../src/core/connectionRegistry';
import { ExplorerModel } from '../../../../src/vscode/explorer/tree';
import { LOCAL_SOURCE_BUCKET } from '../../../../src/contract/localService';

const N = Number(process.env.BENCH_FUNCTIONS ?? 10_000);
const RUNS = Number(process.env.BENCH_LIST_RUNS ?? 3);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const now = () => performance.now();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

class MemoryStore implements KeyValueStore {
  private readonly m = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.m.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.m.set(key, value);
  }
}

/** 10,000 functions run from a source folder (no zip to store), copied through the store. */
function seed(h: LocalHarness): Promise<LocalHarness> {
  return seedFunctions(h, N, { Runtime: 'nodejs22.x', Code: { S3Bucket: LOCAL_SOURCE_BUCKET, S3Key: h.dataDir } });
}

interface Result {
  first: number;
  all: number;
  keep: unknown;
  count: number;
}

async function floor(client: LambdaClient): Promise<Result> {
  const { first, all, items } = await plainListingLoop(client);
  return { first, all, keep: items, count: items.length };
}

async function tree(h: LocalHarness): Promise<Result> {
  const info = h.info;
  const clients = new DefaultClientFactory({ extraConfig: { maxAttempts: 1 } });
  const registry = new ConnectionRegistry(new MemoryStore(), { start: async () => info, current: () => info }, clients);
  const model = new ExplorerModel({ registry, clients });
  const t = now();
  const [root] = await model.getChildren();
  const [functions] = await model.getChildren(root);
  const page = await model.getChildren(functions);
  const first = now() - t;
  if (page.length !== 51) throw new Error(`first page has ${page.length} nodes`);
  await model.loadAllFunctions('local');
  const nodes = await model.getChildren(functions);
  const all = now() - t;
  return { first, all, keep: { model, clients }, count: nodes.filter((n) => n.kind === 'function').length };
}

async function retained(run: () => Promise<Result>): Promise<number> {
  gc();
  const before = process.memoryUsage().heapUsed;
  const r = await run();
  gc();
  const after = process.memoryUsage().heapUsed;
  if (r.count !== N) throw new Error(`listed ${r.count} of ${N}`);
  void r.keep;
  return after - before;
}

export async function run(): Promise<string[]> {
  let h = await startLocal();
  try {
    h = await seed(h);
    const systems: Array<[string, () => Promise<Result>]> = [
      ['plain ListFunctionsCommand loop (floor)', () => floor(h.lambda)],
      ['Lambda Workbench explorer tree (nodes built)', () => tree(h)],
    ];
    await floor(h.lambda);
    const firsts = new Map<string, number[]>();
    const alls = new Map<string, number[]>();
    for (let r = 0; r < RUNS; r++) {
      for (const [name, fn] of systems) {
        const x = await fn();
        if (x.count !== N) throw new Error(`${name} listed ${x.count}`);
        firsts.set(name, [...(firsts.get(name) ?? []), x.first]);
        alls.set(name, [...(alls.get(name) ?? []), x.all]);
      }
    }
    const heap = new Map<string, number>();
    for (const [name, fn] of systems) heap.set(name, await retained(fn));
    const f0 = median(firsts.get(systems[0][0])!);
    const a0 = median(alls.get(systems[0][0])!);
    const lines = [
      `### Explorer: ${N.toLocaleString('en')} functions on the local service (pages of 50, median of ${RUNS})`,
      '',
      '| client | first page shown | vs floor | all pages | vs floor | heap kept |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
    ];
    for (const [name] of systems) {
      const f = median(firsts.get(name)!);
      const a = median(alls.get(name)!);
      lines.push(`| ${name} | ${ms(f)} | ${(f / f0).toFixed(2)}x | ${ms(a)} | ${(a / a0).toFixed(2)}x | ${mb(heap.get(name)!)} |`);
    }
    lines.push(
      '',
      `The tree's figures include resolving the connection, sorting, and building one tree node per function; process RSS at the end: ${mb(process.memoryUsage().rss)}.`,
    );
    return lines;
  } finally {
    await h.stop();
  }
}

if (require.main === module) {
  run().then(
    (lines) => console.log(lines.join('\n')),
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
