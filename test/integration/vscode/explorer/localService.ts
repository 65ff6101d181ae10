// Starts the real local service (dist/local.js, built when missing) for the explorer tests.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalServiceProcess } from '../../../../src/core/localService';
import type { LocalServiceInfo } from '../../../../src/contract/localService';

const root = join(__dirname, '..', '..', '..', '..');

export interface RunningLocal {
  service: LocalServiceProcess;
  info: LocalServiceInfo;
  dir: string;
  stop(): Promise<void>;
}

export async function startLocal(): Promise<RunningLocal> {
  const script = join(root, 'dist', 'local.js');
  if (!existsSync(script)) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'lw-explorer-'));
  const service = new LocalServiceProcess({ scriptPath: script, dataDir: join(dir, 'data'), startTimeoutMs: 30000 });
  const info = await service.start();
  return {
    service,
    info,
    dir,
    async stop() {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
