// Shared scaffolding for executor tests: functions written into temp folders, a fake in-memory
// LogSink, and an executor that cleans up after itself.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Executor, InvokeRequest, InvokeResult, LogEventInput, LogSink, ResolvedFunction } from '../../../../src/local/seams';
import { createExecutor, type ExecutorTuning } from '../../../../src/local/executor';

export class MemorySink implements LogSink {
  readonly streams = new Map<string, LogEventInput[]>();
  append(group: string, stream: string, events: LogEventInput[]): void {
    const key = `${group}|${stream}`;
    const list = this.streams.get(key) ?? [];
    list.push(...events);
    this.streams.set(key, list);
  }
  /** Every message of a group, in order, streams concatenated. */
  messages(group: string): string[] {
    const out: string[] = [];
    for (const [k, v] of this.streams) if (k.startsWith(group + '|')) out.push(...v.map((e) => e.message));
    return out;
  }
  streamNames(group: string): string[] {
    return [...this.streams.keys()].filter((k) => k.startsWith(group + '|')).map((k) => k.slice(group.length + 1));
  }
}

export interface Fixture {
  root: string;
  sink: MemorySink;
  executor: Executor;
  /** Writes files into a new code folder; returns its path. */
  code(files: Record<string, string>, mode?: Record<string, number>): string;
  fn(over: Partial<ResolvedFunction> & { codeDir: string }): ResolvedFunction;
  invoke(fn: ResolvedFunction, payload?: unknown, over?: Partial<InvokeRequest>): Promise<InvokeResult & { json: unknown; logs: string }>;
  close(): Promise<void>;
}

export function fixture(opts: { accountConcurrency?: number; tuning?: Partial<ExecutorTuning> } = {}): Fixture {
  const root = mkdtempSync(join(tmpdir(), 'lw-exec-'));
  const sink = new MemorySink();
  const executor = createExecutor(
    { region: 'us-east-1', accountId: '000000000000', workDir: join(root, 'work'), logSink: sink, accountConcurrency: opts.accountConcurrency ?? 10 },
    opts.tuning,
  );
  let n = 0;
  return {
    root,
    sink,
    executor,
    code(files, mode = {}) {
      const dir = join(root, `code${n++}`);
      for (const [name, text] of Object.entries(files)) {
        const p = join(dir, name);
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, text);
        if (mode[name]) chmodSync(p, mode[name]);
      }
      mkdirSync(dir, { recursive: true });
      return dir;
    },
    fn(over) {
      const name = over.functionName ?? `fn${n++}`;
      return {
        functionName: name,
        functionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
        version: '$LATEST',
        runtime: 'nodejs20.x',
        handler: 'index.handler',
        sourceMode: false,
        layerDirs: [],
        memorySize: 128,
        timeout: 3,
        environment: {},
        logGroup: `/aws/lambda/${name}`,
        logFormat: 'Text',
        architectures: ['x86_64'],
        revisionId: 'r1',
        codeSha256: 'x',
        ...over,
      };
    },
    async invoke(fn, payload = {}, over = {}) {
      const r = await executor.invoke({
        fn,
        payload: Buffer.from(JSON.stringify(payload)),
        invocationType: 'RequestResponse',
        logTail: true,
        requestId: randomUUID(),
        ...over,
      });
      const text = r.payload.toString('utf8');
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = text;
      }
      return { ...r, json, logs: r.logTailBase64 ? Buffer.from(r.logTailBase64, 'base64').toString('utf8') : '' };
    },
    async close() {
      await executor.shutdown();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
