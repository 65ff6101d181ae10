// Fills a local service with many functions fast, for the listing benchmarks: one function through the
// API, the rest written as copies of its state file, then a restart loads them (the store reads its
// files at start). If the store's layout ever changes, it falls back to the API (slower, same result).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateFunctionCommand,
  ListFunctionsCommand,
  type CreateFunctionCommandInput,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import type { LocalHarness } from './harness';

/** `fn-00000` … in a scrambled creation order, so a listing cannot rely on insertion order. */
export function benchFunctionNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `fn-${String((i * 7919) % n).padStart(5, '0')}`);
}

export async function seedFunctions(h: LocalHarness, n: number, code: Pick<CreateFunctionCommandInput, 'Code' | 'Runtime'>): Promise<LocalHarness> {
  const create = (name: string) =>
    h.lambda.send(new CreateFunctionCommand({ FunctionName: name, Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/r', ...code }));
  await create('seed-fn');
  const dir = join(h.dataDir, 'state', 'functions');
  const file = join(dir, 'seed-fn.json');
  const names = benchFunctionNames(n);
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    for (const name of names) writeFileSync(join(dir, `${name}.json`), text.split('seed-fn').join(name));
    rmSync(file);
    return h.restart();
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < names.length) await create(names[next++]);
    }),
  );
  return h;
}

/** The listing benchmarks' floor: a plain ListFunctions loop, the least any client can do. */
export async function plainListingLoop(client: LambdaClient): Promise<{ first: number; all: number; items: FunctionConfiguration[] }> {
  const t = performance.now();
  let first = 0;
  const items: FunctionConfiguration[] = [];
  let marker: string | undefined;
  do {
    const out = await client.send(new ListFunctionsCommand({ Marker: marker, MaxItems: 50 }));
    if (!first) first = performance.now() - t;
    items.push(...(out.Functions ?? []));
    marker = out.NextMarker;
  } while (marker);
  return { first, all: performance.now() - t, items };
}
