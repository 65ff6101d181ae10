// The local CloudWatch Logs API: how fast a log line reaches a StartLiveTail reader, and how fast
// FilterLogEvents scans a 1,000,000-event group. Everything goes through the unmodified
// @aws-sdk/client-cloudwatch-logs over HTTP; the peers are measured in the same run on this machine:
//  - latency: polling FilterLogEvents once a second (what a client without live tail does, and what
//    `aws logs tail --follow` does, at a slower 5 s) against StartLiveTail at AWS's 1 s cadence;
//  - throughput: a bare in-memory Array scan of the same strings (the floor any API over the data pays).
// StartLiveTail sends one sessionUpdate a second, as AWS does, so its latency is bounded by that
// cadence: an event waits on average half the period (p50 ~ 500 ms), at most the whole period.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudWatchLogsClient, FilterLogEventsCommand, StartLiveTailCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateFunctionCommand, InvokeCommand, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { startLocal, startLogsApi, type LogsApiHarness } from '../test/integration/local/harness';
import { makeZip } from '../test/integration/local/zip';
import { compilePattern, createLogStore } from '../src/local/logs';

const TAIL_SECONDS = Number(process.env.BENCH_TAIL_SECONDS ?? 15);
const N_EVENTS = Number(process.env.BENCH_FILTER_EVENTS ?? 1_000_000);

const q = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
};
const fmt = (n: number, d = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Latency: append -> arrival in the SDK

async function tailLatency(h: LogsApiHarness, group: string, seconds: number): Promise<number[]> {
  const abort = new AbortController();
  const out = await h.client.send(new StartLiveTailCommand({ logGroupIdentifiers: [group] }), { abortSignal: abort.signal });
  const sent = new Map<string, number>();
  const lat: number[] = [];
  const reader = (async () => {
    try {
      for await (const ev of out.responseStream!) {
        const t = performance.now();
        for (const r of ev.sessionUpdate?.sessionResults ?? []) {
          const t0 = sent.get(r.message!);
          if (t0 !== undefined) lat.push(t - t0);
        }
      }
    } catch {
      // aborted
    }
  })();
  await sleep(300);
  const end = Date.now() + seconds * 1000;
  let i = 0;
  while (Date.now() < end) {
    // Random gaps so appends land at every phase of the update cadence.
    await sleep(100 + Math.random() * 300);
    const msg = `${group} mark ${i++}`;
    sent.set(msg, performance.now());
    h.store.append(group, 's', [{ timestamp: Date.now(), message: msg }]);
  }
  await sleep(1500);
  abort.abort();
  await reader;
  return lat;
}

async function pollLatency(h: LogsApiHarness, group: string, seconds: number, periodMs: number): Promise<number[]> {
  const sent = new Map<string, number>();
  const lat: number[] = [];
  let stop = false;
  let since = Date.now();
  const poller = (async () => {
    while (!stop) {
      await sleep(periodMs);
      const r = await h.client.send(new FilterLogEventsCommand({ logGroupName: group, startTime: since }));
      const t = performance.now();
      for (const e of r.events ?? []) {
        const t0 = sent.get(e.message!);
        if (t0 !== undefined) {
          lat.push(t - t0);
          sent.delete(e.message!);
        }
        since = Math.max(since, e.timestamp! + 1);
      }
    }
  })();
  const end = Date.now() + seconds * 1000;
  let i = 0;
  while (Date.now() < end) {
    await sleep(100 + Math.random() * 300);
    const msg = `${group} poll ${i++}`;
    sent.set(msg, performance.now());
    h.store.append(group, 's', [{ timestamp: Date.now(), message: msg }]);
  }
  await sleep(periodMs + 500);
  stop = true;
  await poller;
  return lat;
}

/** A function's console.log, through the real local service (front, SigV4, executor), to StartLiveTail. */
async function functionLatency(invokes: number): Promise<number[]> {
  const h = await startLocal({ args: ['--state-delay-ms', '0'] });
  const client = new CloudWatchLogsClient({
    endpoint: h.info.endpoint,
    region: h.info.region,
    disableHostPrefix: true,
    credentials: { accessKeyId: h.info.accessKeyId, secretAccessKey: h.info.secretAccessKey },
  });
  try {
    await h.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'bench-logger',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: 'arn:aws:iam::000000000000:role/r',
        Code: { ZipFile: await makeZip({ 'index.js': 'exports.handler = async (e) => { console.log("mark " + Date.now()); return 1; };\n' }) },
      }),
    );
    await waitUntilFunctionActiveV2({ client: h.lambda, maxWaitTime: 20, minDelay: 1 }, { FunctionName: 'bench-logger' });
    await h.lambda.send(new InvokeCommand({ FunctionName: 'bench-logger', Payload: Buffer.from('{}') })); // warm, creates the group
    const abort = new AbortController();
    const out = await client.send(new StartLiveTailCommand({ logGroupIdentifiers: ['/aws/lambda/bench-logger'], logEventFilterPattern: 'mark' }), {
      abortSignal: abort.signal,
    });
    const lat: number[] = [];
    const reader = (async () => {
      try {
        for await (const ev of out.responseStream!) {
          const now = Date.now();
          for (const r of ev.sessionUpdate?.sessionResults ?? []) {
            const m = /mark (\d+)/.exec(r.message!);
            if (m) lat.push(now - Number(m[1]));
          }
        }
      } catch {
        // aborted
      }
    })();
    await sleep(300);
    for (let i = 0; i < invokes; i++) {
      await h.lambda.send(new InvokeCommand({ FunctionName: 'bench-logger', Payload: Buffer.from('{}') }));
      await sleep(100 + Math.random() * 300);
    }
    await sleep(1500);
    abort.abort();
    await reader;
    return lat;
  } finally {
    client.destroy();
    await h.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Throughput: FilterLogEvents over 1,000,000 events

function line(i: number): string {
  if (i % 2 === 0) return JSON.stringify({ level: i % 1000 === 0 ? 'ERROR' : 'INFO', latency: i % 997, requestId: `req-${i % 5000}`, msg: 'handled request' });
  return `2026-01-01T00:00:00.000Z\treq-${i % 5000}\tINFO\tprocessed item ${i} of batch ${i >> 10}${i % 1000 === 1 ? ' needle' : ''}`;
}

async function filterAll(client: CloudWatchLogsClient, group: string, pattern?: string): Promise<{ ms: number; returned: number; calls: number }> {
  const t0 = performance.now();
  let token: string | undefined;
  let returned = 0;
  let calls = 0;
  do {
    const r = await client.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: pattern, nextToken: token }));
    returned += r.events!.length;
    token = r.nextToken;
    calls++;
  } while (token);
  return { ms: performance.now() - t0, returned, calls };
}

/** The same paging without the SDK (unsigned; the in-process harness does not check signatures): what the server costs. */
async function filterAllRaw(endpoint: string, group: string): Promise<{ ms: number; returned: number; calls: number }> {
  const t0 = performance.now();
  let token: string | undefined;
  let returned = 0;
  let calls = 0;
  do {
    const r = await fetch(endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'Logs_20140328.FilterLogEvents', 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ logGroupName: group, nextToken: token }),
    });
    const body = (await r.json()) as { events: unknown[]; nextToken?: string };
    returned += body.events.length;
    token = body.nextToken;
    calls++;
  } while (token);
  return { ms: performance.now() - t0, returned, calls };
}

async function main(): Promise<void> {
  const rows: string[] = [];
  // --- latency
  const h = await startLogsApi({ warn: () => {} });
  for (const g of ['tail-1s', 'poll-1s']) h.store.append(g, 's', [{ timestamp: Date.now(), message: 'init' }]);
  const [tail1s, poll1s] = await Promise.all([tailLatency(h, 'tail-1s', TAIL_SECONDS), pollLatency(h, 'poll-1s', TAIL_SECONDS, 1000)]);
  await h.close();
  const fast = await startLogsApi({ warn: () => {}, liveTailUpdateMs: 50 });
  fast.store.append('tail-50ms', 's', [{ timestamp: Date.now(), message: 'init' }]);
  const tail50 = await tailLatency(fast, 'tail-50ms', Math.min(8, TAIL_SECONDS));
  await fast.close();
  let fnLat: number[] = [];
  let fnNote = '';
  try {
    fnLat = await functionLatency(Math.max(10, TAIL_SECONDS * 2));
  } catch (err) {
    fnNote = ` (not measured: ${(err as Error).message.split('\n')[0]})`;
  }
  const base = q(poll1s, 0.5);
  console.log('### Log line -> reader latency (ms), through @aws-sdk/client-cloudwatch-logs over HTTP\n');
  console.log('| path | n | p50 | p95 | max | p50 vs FilterLogEvents poll 1 s |');
  console.log('| --- | --: | --: | --: | --: | --: |');
  const row = (name: string, xs: number[]): void => {
    if (!xs.length) return void console.log(`| ${name} | 0 | - | - | - | - |`);
    console.log(`| ${name} | ${xs.length} | ${fmt(q(xs, 0.5))} | ${fmt(q(xs, 0.95))} | ${fmt(Math.max(...xs))} | ${fmt(q(xs, 0.5) / base, 2)}x |`);
  };
  row('append -> StartLiveTail, 1 s sessionUpdate (AWS cadence)', tail1s);
  row('append -> StartLiveTail, 50 ms sessionUpdate (liveTailUpdateMs option)', tail50);
  row(`function console.log -> front -> StartLiveTail, 1 s${fnNote}`, fnLat);
  row('peer: append -> FilterLogEvents polled every 1 s', poll1s);
  console.log('\nThe 1 s cadence bounds StartLiveTail latency: an event waits for the next update, on average half a period.\n');

  // --- throughput
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'logs-bench-'));
  try {
    const big = await startLogsApi({ dataDir, warn: () => {}, maxEventsPerGroup: N_EVENTS + 10 });
    const g = '/aws/lambda/big';
    const t0 = Date.now() - N_EVENTS;
    const messages: string[] = Array.from({ length: N_EVENTS }, (_, i) => line(i));
    const tLoad = performance.now();
    for (let i = 0; i < N_EVENTS; i += 10_000) {
      const batch = [];
      for (let j = i; j < Math.min(N_EVENTS, i + 10_000); j++) batch.push({ timestamp: t0 + j, message: messages[j] });
      big.store.append(g, `stream-${(i / 10_000) % 4}`, batch);
    }
    const loadMs = performance.now() - tLoad;
    const tFlush = performance.now();
    big.store.flushSync();
    const flushMs = performance.now() - tFlush;
    // The hot path of a function's output: one event per call, to one stream.
    const tSingle = performance.now();
    for (let i = 0; i < 100_000; i++) big.store.append('/aws/lambda/single', 's', [{ timestamp: t0 + i, message: messages[i] }]);
    const singleMs = performance.now() - tSingle;

    const none = await filterAll(big.client, g);
    const raw = await filterAllRaw(big.endpoint, g);
    const text = await filterAll(big.client, g, 'needle');
    const json = await filterAll(big.client, g, '{ $.level = "ERROR" && $.latency > 500 }');
    const jsonNum = await filterAll(big.client, g, '{ $.latency > 990 }');
    const recent = await (async () => {
      const s = performance.now();
      const r = await big.client.send(new FilterLogEventsCommand({ logGroupName: g, startTime: t0 + N_EVENTS - 10_000 }));
      return { ms: performance.now() - s, returned: r.events!.length };
    })();
    // Peer: the bare scan of the same strings in memory.
    const tPeer = performance.now();
    let peerHits = 0;
    for (const m of messages) if (m.includes('needle')) peerHits++;
    const peerMs = performance.now() - tPeer;
    const matcher = compilePattern('needle');
    const tM = performance.now();
    let mHits = 0;
    for (const m of messages) if (matcher(m)) mHits++;
    const matcherMs = performance.now() - tM;
    await big.close();
    const fileBytes = fs.readdirSync(path.join(dataDir, 'logs')).reduce((s, f) => s + fs.statSync(path.join(dataDir, 'logs', f)).size, 0);
    const tReload = performance.now();
    const reloaded = createLogStore({ dataDir, warn: () => {} });
    const reloadMs = performance.now() - tReload;
    const reloadedEvents = reloaded.groups.get(g)?.events ?? 0;
    await reloaded.close();

    const perSec = (n: number, ms: number): number => (n / ms) * 1000;
    const peerRate = perSec(N_EVENTS, peerMs);
    console.log(`### FilterLogEvents over a ${fmt(N_EVENTS)}-event group (4 streams, half JSON lines), SDK over HTTP\n`);
    console.log('| query | calls | events returned | time (ms) | events scanned/s | vs bare in-memory scan |');
    console.log('| --- | --: | --: | --: | --: | --: |');
    const trow = (name: string, r: { ms: number; returned: number; calls?: number }, scanned = N_EVENTS): void => {
      console.log(
        `| ${name} | ${r.calls ?? 1} | ${fmt(r.returned)} | ${fmt(r.ms)} | ${fmt(perSec(scanned, r.ms))} | ${fmt(perSec(scanned, r.ms) / peerRate, 3)}x |`,
      );
    };
    trow('no pattern, every page (10,000 events each)', none);
    trow('no pattern, every page, raw HTTP + JSON.parse (no SDK: server cost)', raw);
    trow('text pattern `needle` (0.05% match)', text);
    trow('JSON pattern `{ $.level = "ERROR" && $.latency > 500 }` (literal prefilter)', json);
    trow('JSON pattern `{ $.latency > 990 }` (parses every JSON line)', jsonNum);
    trow('time range: the last 10,000 ms (binary search, no full scan)', recent, 10_000);
    trow('in-process compiled matcher `needle`, no HTTP', { ms: matcherMs, returned: mHits });
    trow('peer: bare `String.includes` loop over the same strings', { ms: peerMs, returned: peerHits });
    rows.push(
      `append: ${fmt(N_EVENTS)} events in batches of 10,000: ${fmt(perSec(N_EVENTS, loadMs))} events/s; one event per call (the function log path): ${fmt(perSec(100_000, singleMs))} events/s`,
    );
    rows.push(
      `persist: writing the op logs of both groups (${fmt(fileBytes / 1048576, 1)} MB) ${fmt(flushMs)} ms; reload on restart ${fmt(reloadMs)} ms (${fmt(reloadedEvents)} events)`,
    );
    console.log('\n' + rows.join('\n'));
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
