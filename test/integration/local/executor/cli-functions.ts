// Functions deployed and invoked through the real AWS CLI v2 against the local service, for the
// runtime tests: zip the files, create-function, wait until active, invoke with the log tail.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalHarness } from '../harness';
import { makeZip } from '../zip';

export interface CliInvoke {
  /** What `aws lambda invoke` printed (StatusCode, FunctionError, LogResult, ExecutedVersion). */
  meta: Record<string, unknown>;
  /** The response payload written to the outfile. */
  payload: string;
  /** LogResult decoded. */
  logs: string;
}

export class CliFunctions {
  private readonly dir = mkdtempSync(join(tmpdir(), 'lwb-rt-cli-'));
  private n = 0;
  constructor(private readonly h: LocalHarness) {}

  async ok(args: string[]): Promise<Record<string, unknown>> {
    const r = await this.h.cli(args);
    assert.equal(r.code, 0, `aws ${args.join(' ')} failed: ${r.stderr}\nservice: ${this.h.stderr().slice(-2000)}`);
    return (r.json ?? {}) as Record<string, unknown>;
  }

  async create(
    name: string,
    runtime: string,
    handler: string,
    files: Record<string, string | Buffer>,
    extra: string[] = [],
    modes: Record<string, number> = {},
  ): Promise<void> {
    const zip = join(this.dir, `${name}.zip`);
    writeFileSync(zip, await makeZip(files, modes));
    const role = 'arn:aws:iam::000000000000:role/r';
    await this.ok([
      'lambda',
      'create-function',
      '--function-name',
      name,
      '--runtime',
      runtime,
      '--handler',
      handler,
      '--role',
      role,
      '--zip-file',
      `fileb://${zip}`,
      ...extra,
    ]);
    await this.ok(['lambda', 'wait', 'function-active-v2', '--function-name', name]);
  }

  async invoke(name: string, payload: unknown): Promise<CliInvoke> {
    const out = join(this.dir, `out${this.n++}.json`);
    const meta = await this.ok([
      'lambda',
      'invoke',
      '--function-name',
      name,
      '--cli-binary-format',
      'raw-in-base64-out',
      '--payload',
      JSON.stringify(payload),
      '--log-type',
      'Tail',
      out,
    ]);
    const logs = typeof meta['LogResult'] === 'string' ? Buffer.from(meta['LogResult'], 'base64').toString('utf8') : '';
    return { meta, payload: readFileSync(out, 'utf8'), logs };
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
