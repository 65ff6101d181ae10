// `npm run test:electron`: the in-host suite in a desktop VS Code that @vscode/test-electron downloads.
// For a developer's machine that can reach the VS Code download site; CI here cannot, and runs the
// code-server suite (test/e2e/*.test.ts) instead. Builds the extension and the suite, then runs the
// suite inside the extension host on a copy of the demo workspace.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { runTests } from '@vscode/test-electron';
import { copyWorkspace, REPO_ROOT } from '../codeserver';
import { run } from '../env';

async function main(): Promise<void> {
  await run(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs')], process.env, REPO_ROOT);
  const suite = join(REPO_ROOT, 'out', 'electron-suite.js');
  // The extension host loads plain CommonJS: bundle the TypeScript suite, vscode left to the host.
  await build({
    entryPoints: [join(__dirname, 'suite.ts')],
    outfile: suite,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  const scratch = mkdtempSync(join(tmpdir(), 'lwb-electron-'));
  const workspace = copyWorkspace(join(REPO_ROOT, 'test', 'fixtures', 'demo'), join(scratch, 'demo'));
  try {
    const code = await runTests({
      version: process.env.VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: suite,
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${join(scratch, 'user-data')}`,
      ],
      extensionTestsEnv: { AWS_CONFIG_FILE: join(scratch, 'no-config'), AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'no-credentials') },
    });
    process.exitCode = code;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`test:electron: ${err instanceof Error ? err.message : String(err)}`);
  console.error('It needs to download VS Code; on a machine without that access, run npm run test:e2e (code-server) instead.');
  process.exitCode = 1;
});
