// Sustained concurrency of the embedded local service: an echo function invoked through the
// unmodified SDK by 10, 50 and 100 concurrent callers (600 invokes per level after a warm-up of three calls per caller),
// beside the floor measured in the same run: a bare node:http echo server behind the same client
// concurrency (no SigV4, no executor, no process hop). Reported per level: throughput, p50 and p99
// latency, failed invokes and cold starts after the warm-up (from the REPORT lines' Init Duration),
// and our throughput as a ratio of the floor's.
import { createServer, Agent, request, type Server } from 'node:http';
import { CreateFunctionCommand, GetFunctionConfigurationCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startLocal } from '../test/integration/local/harness';
import { makeZip } from '../test/integration/local/zip';

const LEVELS = (process.env.BENCH_LEVELS ?? '10,50,100').split(',').map(Number);
const TOTAL = Number(process.env.BENCH_TOTAL ?? 600);
const HANDLER = 'exports.handler = async (event) => ({ ok: true, echo: event });\n';

interface Row {
  level: number;
  seconds: number;
  latencies: number[];
  failures: number;
  coldStarts?: number;
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

/** `level` callers share `total` calls; each caller starts its next call when the previous answers. */
async function drive(level: number, total: number, call: (i: number) => Promise<void>): Promise<Row> {
  let next = 0;
  let failures = 0;
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: level }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        try {
          await call(i);
          latencies.push(performance.now() - t);
        } catch {
          failures++;
        }
      }
    }),
  );
  return { level, seconds: (performance.now() - t0) / 1000, latencies, failures };
}

async function floorServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = JSON.stringify({ ok: true, echo: JSON.parse(Buffer.concat(parts).toString() || '{}') });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as { port: number }).port };
}

async function main(): Promise<void> {
  const max = Math.max(...LEVELS);
  const h = await startLocal({ maxAttempts: 1, args: ['--state-delay-ms', '0'] });
  const agent = new Agent({ keepAlive: true, maxSockets: max * 2 });
  const lambda = new LambdaClient({
    endpoint: h.info.endpoint,
    region: h.info.region,
    credentials: { accessKeyId: h.info.accessKeyId, secretAccessKey: h.info.secretAccessKey },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: agent }),
  });
  const floor = await floorServer();
  const floorAgent = new Agent({ keepAlive: true, maxSockets: max * 2 });
  const floorCall = (i: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ n: i });
      const req = request(
        { host: '127.0.0.1', port: floor.port, method: 'POST', path: '/', agent: floorAgent, headers: { 'content-length': body.length } },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(String(res.statusCode)))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const ours: Row[] = [];
  const floors: Row[] = [];
  try {
    for (const level of LEVELS) {
      const name = `conc-${level}`;
      await h.lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: 'arn:aws:iam::000000000000:role/bench',
          Code: { ZipFile: await makeZip({ 'index.js': HANDLER }) },
        }),
      );
      while ((await h.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }))).State !== 'Active') await new Promise((r) => setTimeout(r, 20));
      const invoke = async (i: number): Promise<void> => {
        const r = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify({ n: i })) }));
        if (r.FunctionError) throw new Error(Buffer.from(r.Payload ?? []).toString());
      };
      await drive(level, level * 3, invoke); // warm-up: three calls per caller (the cold starts happen here)
      const warmFrom = Date.now();
      const row = await drive(level, TOTAL, invoke);
      // Cold starts after the warm-up: REPORT lines carrying an Init Duration.
      let cold = 0;
      let token: string | undefined;
      do {
        const page = await h.logs.send(
          new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${name}`, startTime: warmFrom, filterPattern: '"Init Duration"', nextToken: token }),
        );
        cold += page.events?.length ?? 0;
        token = page.nextToken;
      } while (token);
      ours.push({ ...row, coldStarts: cold });
      await drive(level, level, floorCall);
      floors.push(await drive(level, TOTAL, floorCall));
    }
  } finally {
    lambda.destroy();
    agent.destroy();
    floorAgent.destroy();
    floor.server.close();
    await h.stop();
  }
  const fmt = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
  console.log(`\nSustained concurrency: ${TOTAL} invokes of an echo function per level, after a warm-up of three calls per caller (node ${process.version})\n`);
  console.log('| callers | system | invokes/s | p50 ms | p99 ms | failed | cold starts after warm-up | throughput vs floor |');
  console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  LEVELS.forEach((level, i) => {
    const o = ours[i]!;
    const f = floors[i]!;
    const tput = (r: Row): number => r.latencies.length / r.seconds;
    console.log(
      `| ${level} | **Lambda Workbench** (SDK Invoke → dist/local.js) | ${fmt(tput(o))} | ${fmt(quantile(o.latencies, 0.5))} | ${fmt(quantile(o.latencies, 0.99))} | ${o.failures} | ${o.coldStarts} | ${(tput(o) / tput(f)).toFixed(2)}× |`,
    );
    console.log(
      `| ${level} | floor: bare node:http echo | ${fmt(tput(f))} | ${fmt(quantile(f.latencies, 0.5))} | ${fmt(quantile(f.latencies, 0.99))} | ${f.failures} | – | 1× |`,
    );
  });
  const failed = ours.reduce((n, r) => n + r.failures, 0);
  if (failed > 0) {
    console.error(`bench/concurrency: ${failed} invokes failed`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
