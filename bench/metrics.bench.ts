// The local CloudWatch metrics API: GetMetricData for 10 series over a week (the target:
// ≤ 50 ms locally), through the unmodified @aws-sdk/client-cloudwatch over HTTP, on a data dir holding
// a week of one invocation a minute for 10 functions (the older six days rolled up to 5-minute
// aggregates, the last day raw). Floors in the same run: the same query evaluated in-process (no HTTP,
// no SDK), and an SDK round trip that does no work (ListMetrics on another namespace).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { ensureBuilt, startLocal } from '../test/integration/local/harness';
import { MetricsStore } from '../src/local/metrics/store';
import { eventOf } from '../src/local/metrics/recorder';
import { getMetricData } from '../src/local/metrics/metricData';

const FUNCTIONS = 10;
const DAYS = 7;
const RUNS = Number(process.env.BENCH_METRICS_RUNS ?? 40);

const q = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
};

/** CPU time (user + system, ms) a process has used so far, from /proc (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

interface Timing {
  wall: number[];
  /** Mean CPU ms per call, of the process `pid` (the service) when given, else of this one. */
  cpu: number;
}

async function timed(n: number, f: () => Promise<unknown> | unknown, pid?: number): Promise<Timing> {
  for (let i = 0; i < 5; i++) await f();
  const wall: number[] = [];
  const c0 = pid ? cpuMs(pid) : process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f();
    wall.push(performance.now() - t);
  }
  const cpu = pid ? cpuMs(pid) - (c0 as number) : ((d) => (d.user + d.system) / 1000)(process.cpuUsage(c0 as NodeJS.CpuUsage));
  return { wall, cpu: cpu / n };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lwb-metrics-bench-'));
  const now = Date.now();
  const start = now - DAYS * 86_400_000;
  const seed = new MetricsStore({ dataDir });
  let events = 0;
  for (let t = start; t < now; t += 60_000) {
    for (let f = 0; f < FUNCTIONS; f++) {
      const ev = eventOf('i', { functionName: `fn-${f}`, version: '$LATEST' }, t + f * 1000);
      ev.d = 5 + ((t / 60_000 + f * 37) % 97);
      if ((t / 60_000 + f) % 50 === 0) ev.e = 1;
      ev.c = 1;
      ev.C = 1;
      seed.record(ev);
      events++;
    }
    if (events % 10_000 === 0) seed.flush();
  }
  seed.close();
  const bytes = readdirSync(join(dataDir, 'metrics')).reduce((a, f) => a + statSync(join(dataDir, 'metrics', f)).size, 0);

  const queries: MetricDataQuery[] = Array.from({ length: FUNCTIONS }, (_, f) => ({
    Id: `d${f}`,
    MetricStat: {
      Metric: { Namespace: 'AWS/Lambda', MetricName: 'Duration', Dimensions: [{ Name: 'FunctionName', Value: `fn-${f}` }] },
      Period: 300,
      Stat: 'p99',
    },
  }));
  const input = { StartTime: new Date(start), EndTime: new Date(now), MetricDataQueries: queries };

  ensureBuilt();
  const loadStarted = performance.now();
  const h = await startLocal({ dataDir });
  const startupMs = performance.now() - loadStarted;
  const cw = new CloudWatchClient({
    endpoint: h.info.endpoint,
    region: h.info.region,
    credentials: { accessKeyId: h.info.accessKeyId, secretAccessKey: h.info.secretAccessKey },
    maxAttempts: 1,
  });
  try {
    let points = 0;
    const sdk = await timed(
      RUNS,
      async () => {
        const out = await cw.send(new GetMetricDataCommand(input));
        points = (out.MetricDataResults ?? []).reduce((a, r) => a + (r.Values?.length ?? 0), 0);
      },
      h.info.pid,
    );
    const mean = await timed(
      RUNS,
      () =>
        cw.send(new GetMetricDataCommand({ ...input, MetricDataQueries: queries.map((x) => ({ ...x, MetricStat: { ...x.MetricStat!, Stat: 'Average' } })) })),
      h.info.pid,
    );
    const empty = await timed(RUNS, () => cw.send(new ListMetricsCommand({ Namespace: 'AWS/EC2' })), h.info.pid);
    const inProcStore = new MetricsStore({ dataDir });
    const inProc = await timed(RUNS, () => getMetricData(inProcStore.series, { ...input }, Date.now()));
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
    const row = (name: string, t: Timing): string =>
      `| ${name} | ${q(t.wall, 0.5).toFixed(1)} | ${q(t.wall, 0.95).toFixed(1)} | ${t.cpu.toFixed(1)} | ${(q(t.wall, 0.5) / q(inProc.wall, 0.5)).toFixed(1)}× |`;
    console.log(
      [
        `### GetMetricData, ${FUNCTIONS} series (Duration p99, Period 300) over ${DAYS} days: ${points.toLocaleString('en')} points back, ${RUNS} runs`,
        '',
        `${events.toLocaleString('en')} invocations recorded; metrics folder ${(bytes / 1048576).toFixed(1)} MB; service start on it ${startupMs.toFixed(0)} ms; load average ${load}.`,
        'CPU ms: the service process per request for the SDK rows (from /proc), this process for the in-process row.',
        '',
        '| system | p50 ms | p95 ms | CPU ms/call | p50 vs in-process floor |',
        '| --- | ---: | ---: | ---: | ---: |',
        row('SDK GetMetricData p99 (target ≤ 50 ms)', sdk),
        row('SDK GetMetricData Average', mean),
        row('floor: in-process getMetricData, no HTTP', inProc),
        row('floor: SDK round trip doing nothing (ListMetrics AWS/EC2)', empty),
        '',
        q(sdk.wall, 0.5) <= 50
          ? `Target met: p50 ${q(sdk.wall, 0.5).toFixed(1)} ms ≤ 50 ms.`
          : `**Target missed on this run: p50 ${q(sdk.wall, 0.5).toFixed(1)} ms > 50 ms** (service CPU ${sdk.cpu.toFixed(1)} ms per request).`,
      ].join('\n'),
    );
  } finally {
    cw.destroy();
    await h.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
