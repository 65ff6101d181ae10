// Log tailing figures, all measured in this run on this machine.
//
// 1. Latency from `console.log` in a running local function to the line in the log panel's model
//    (p50 / p95): our tail engine in live mode (StartLiveTail) and in polling mode (FilterLogEvents),
//    beside the AWS CLI v2's `aws logs tail --follow` (the usual terminal way, it polls) and the floor:
//    a bare SDK StartLiveTail stream consumer with no engine and no model. Every subject watches the
//    same invocations at the same time, so a busy machine weighs on all alike. The function stamps
//    each line with Date.now(); the receiving side takes its own Date.now() (same clock, same machine).
//
// 2. Events per second the panel model sustains (parse, group, cap, rows rebuilt at 10 Hz as the page
//    does), beside floors: appending to an array, and parsing alone.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CloudWatchLogsClient, StartLiveTailCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateFunctionCommand, InvokeCommand, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { startLocal, type LocalHarness } from '../test/integration/local/harness';
import { makeZip } from '../test/integration/local/zip';
import { startTail, type TailHandle } from '../src/logs/engine';
import { PanelModel } from '../src/logs/model';
import { parseLine } from '../src/logs/parse';
import type { TailEvent } from '../src/logs/types';

const ROOT = resolve(__dirname, '..');
const N = Number(process.env.BENCH_LOG_SAMPLES ?? 30);
const FN = 'bench-logger';
const GROUP = `/aws/lambda/${FN}`;
const HANDLER = `exports.handler = async (event) => { console.log('MARK ' + event.id + ' ' + Date.now()); return {}; };\n`;

interface Subject {
  name: string;
  via: string;
  seen: Map<string, number>; // mark id -> latency ms
  stop?: () => Promise<void>;
  unavailable?: string;
}

const subjects: Subject[] = [];
const sent = new Set<string>();

function onLine(s: Subject, message: string): void {
  const m = /MARK (\S+) (\d+)/.exec(message);
  if (!m || s.seen.has(m[1]) || !sent.has(m[1])) return;
  s.seen.set(m[1], Date.now() - Number(m[2]));
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function latency(h: LocalHarness): Promise<string> {
  const clientConfig = {
    endpoint: h.info.endpoint,
    region: h.info.region,
    credentials: { accessKeyId: h.info.accessKeyId, secretAccessKey: h.info.secretAccessKey },
    disableHostPrefix: true,
    maxAttempts: 3,
  };
  const logs = new CloudWatchLogsClient(clientConfig);
  await h.lambda.send(
    new CreateFunctionCommand({
      FunctionName: FN,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: 'arn:aws:iam::000000000000:role/r',
      Code: { ZipFile: await makeZip({ 'index.js': HANDLER }) },
    }),
  );
  await waitUntilFunctionActiveV2({ client: h.lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: FN });
  // Warm the function and create its log group before anyone watches.
  await h.lambda.send(new InvokeCommand({ FunctionName: FN, Payload: Buffer.from('{"id":"warm"}') }));

  const live: Subject = { name: 'Lambda Workbench: tail engine, live (StartLiveTail) → panel model', via: 'SDK', seen: new Map() };
  const poll: Subject = { name: 'Lambda Workbench: tail engine, polling fallback (FilterLogEvents, 1 s) → panel model', via: 'SDK', seen: new Map() };
  const floor: Subject = { name: 'floor: bare SDK StartLiveTail stream consumer (no engine, no model)', via: 'SDK', seen: new Map() };
  const cli: Subject = { name: 'AWS CLI v2 `aws logs tail --follow`', via: '/usr/bin/aws', seen: new Map() };
  subjects.push(live, poll, floor, cli);

  const tails: TailHandle[] = [];
  for (const [s, mode] of [
    [live, 'live'],
    [poll, 'poll'],
  ] as const) {
    const model = new PanelModel();
    const tail = startTail(
      logs,
      { logGroups: [GROUP], mode, pollIntervalMs: 1000 },
      {
        events: (batch) => {
          model.ingest(batch);
          for (const e of batch) onLine(s, e.message);
        },
        status: () => undefined,
      },
    );
    tails.push(tail);
    s.stop = () => tail.stop();
  }

  const abort = new AbortController();
  void (async () => {
    try {
      const out = await logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [`arn:aws:logs:${h.info.region}:000000000000:log-group:${GROUP}`] }), {
        abortSignal: abort.signal,
      });
      for await (const item of out.responseStream!) for (const r of item.sessionUpdate?.sessionResults ?? []) onLine(floor, r.message ?? '');
    } catch (err) {
      if (!abort.signal.aborted) floor.unavailable = String(err);
    }
  })();
  floor.stop = async () => abort.abort();

  const cliDir = mkdtempSync(join(tmpdir(), 'lwb-bench-cli-'));
  writeFileSync(join(cliDir, 'config'), '');
  writeFileSync(join(cliDir, 'credentials'), '');
  let cliProc: ChildProcess | undefined;
  try {
    cliProc = spawn('/usr/bin/aws', ['logs', 'tail', GROUP, '--follow', '--since', '1m', '--format', 'short', '--endpoint-url', h.info.endpoint], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: cliDir,
        AWS_ACCESS_KEY_ID: h.info.accessKeyId,
        AWS_SECRET_ACCESS_KEY: h.info.secretAccessKey,
        AWS_DEFAULT_REGION: h.info.region,
        AWS_CONFIG_FILE: join(cliDir, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(cliDir, 'credentials'),
        AWS_PAGER: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buf = '';
    cliProc.stdout!.setEncoding('utf8');
    cliProc.stdout!.on('data', (c: string) => {
      buf += c;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        onLine(cli, buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    });
    let err = '';
    cliProc.stderr!.on('data', (c) => (err += String(c)));
    cliProc.on('exit', (code) => {
      if (code && !cli.unavailable) cli.unavailable = `exited ${code}: ${err.slice(0, 200)}`;
    });
    cli.stop = async () => void cliProc?.kill('SIGTERM');
  } catch (err) {
    cli.unavailable = String(err);
  }

  // Let every subject settle (sessions started, first polls done).
  await sleep(3000);
  for (let i = 0; i < N; i++) {
    const id = `m${i}-${Math.random().toString(36).slice(2, 8)}`;
    sent.add(id);
    await h.lambda.send(new InvokeCommand({ FunctionName: FN, Payload: Buffer.from(JSON.stringify({ id })) }));
    // Spread over time so the 1 s live update cadence and poll intervals are sampled at every phase.
    await sleep(150 + Math.floor(Math.random() * 250));
  }
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && subjects.some((s) => !s.unavailable && s.seen.size < sent.size)) await sleep(100);
  for (const s of subjects) await s.stop?.();
  await Promise.all(tails.map((t) => t.done));
  logs.destroy();
  rmSync(cliDir, { recursive: true, force: true });

  const floorP50 = quantile([...floor.seen.values()], 0.5);
  const rows = subjects.map((s) => {
    const xs = [...s.seen.values()];
    if (s.unavailable && !xs.length) return `| ${s.name} | – | – | – | 0/${sent.size} | unavailable: ${s.unavailable.replace(/\|/g, '/').slice(0, 120)} |`;
    const p50 = quantile(xs, 0.5);
    const p95 = quantile(xs, 0.95);
    return `| ${s.name} | ${p50} | ${p95} | ${(p50 / floorP50).toFixed(2)}× | ${xs.length}/${sent.size} | ${s.via} |`;
  });
  return [
    `### console.log in a local function → line in the panel model (${sent.size} invocations, ms)`,
    '',
    '| system | p50 ms | p95 ms | p50 vs floor | lines seen | via |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    '',
    'Live tail sends an update a second (as AWS does), so live latencies spread over 0–1 s; polling adds up to its interval.',
  ].join('\n');
}

/** Realistic traffic: 50 environments, each START, four app lines (one JSON), END, REPORT. */
function traffic(n: number): TailEvent[] {
  const fixtures = ['node-text.json', 'python-text.json', 'json-format.json'].flatMap(
    (f) => JSON.parse(readFileSync(join(ROOT, 'test/unit/logs/fixtures', f), 'utf8')) as TailEvent[],
  );
  const out: TailEvent[] = [];
  for (let i = 0; out.length < n; i++) {
    const e = fixtures[i % fixtures.length];
    const k = Math.floor(i / fixtures.length);
    // A fresh request id per round so groups keep coming and going.
    const rid = `${(k % 0xffffffff).toString(16).padStart(8, '0')}-aaaa-4bbb-8ccc-dddddddddddd`;
    out.push({
      logGroup: e.logGroup,
      logStream: `${e.logStream}-${k % 50}`,
      timestamp: 1_700_000_000_000 + i,
      message: e.message.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, rid),
    });
  }
  return out;
}

function throughput(): string {
  const total = Number(process.env.BENCH_LOG_EVENTS ?? 200_000);
  const events = traffic(total);
  const batch = 1000;
  const measure = (run: () => void): number => {
    const t0 = performance.now();
    run();
    return total / ((performance.now() - t0) / 1000);
  };
  const results: Array<[string, number]> = [];
  // Each run once to warm the JIT, then measured three times, best kept: the machine is shared.
  const best = (name: string, run: () => void): void => {
    run();
    results.push([name, Math.max(measure(run), measure(run), measure(run))]);
  };
  best('floor: append to an array', () => {
    const sink: TailEvent[] = [];
    for (let i = 0; i < total; i += batch) for (const e of events.slice(i, i + batch)) sink.push(e);
  });
  best('floor: parse each line only', () => {
    for (const e of events) parseLine(e.message);
  });
  best('PanelModel.ingest (parse, group, 20k line cap)', () => {
    const m = new PanelModel({ lineCap: 20_000 });
    for (let i = 0; i < total; i += batch) m.ingest(events.slice(i, i + batch));
  });
  best('PanelModel.ingest + rows() rebuilt every 100 ms batch (as the page draws)', () => {
    const m = new PanelModel({ lineCap: 20_000 });
    for (let i = 0; i < total; i += batch) {
      m.ingest(events.slice(i, i + batch));
      // The page rebuilds rows at most once per 100 ms flush; one flush per 1,000-event batch is the
      // worst case above 10,000 events/s.
      m.rows();
    }
  });
  best('PanelModel.ingest + rows() with a text filter', () => {
    const m = new PanelModel({ lineCap: 20_000 });
    m.setFilter({ text: 'order' });
    for (let i = 0; i < total; i += batch) {
      m.ingest(events.slice(i, i + batch));
      m.rows();
    }
  });
  const arrayFloor = results[0][1];
  const parseFloor = results[1][1];
  return [
    `### Events per second the panel model sustains (${total.toLocaleString('en')} realistic Lambda lines, batches of ${batch})`,
    '',
    '| system | events/s | vs parse-only floor | vs array floor |',
    '| --- | ---: | ---: | ---: |',
    ...results.map(([n, v]) => `| ${n} | ${Math.round(v).toLocaleString('en')} | ${(v / parseFloor).toFixed(3)}× | ${(v / arrayFloor).toFixed(4)}× |`),
  ].join('\n');
}

async function main(): Promise<void> {
  console.log(throughput());
  console.log('');
  let h: LocalHarness | undefined;
  try {
    h = await startLocal({ args: ['--state-delay-ms', '0'], maxAttempts: 3 });
    console.log(await latency(h));
  } catch (err) {
    console.log(`latency: the local service could not be used here (${(err as Error).message.split('\n')[0]})`);
  } finally {
    await h?.stop();
  }
}

void main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
