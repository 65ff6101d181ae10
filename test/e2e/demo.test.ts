// `npm run demo` end to end: it prints a URL where code-server answers with the extension installed
// on a copy of the demo workspace, says which functions it deployed to the local service, and Ctrl-C
// stops everything and removes its temporary state.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageExtension, REPO_ROOT } from './codeserver';

let demo: ChildProcess | undefined;
after(() => {
  if (demo?.pid && demo.exitCode === null) process.kill(demo.pid, 'SIGKILL');
});

let out = '';
/** Waits until the demo's stdout so far matches `re`. */
async function waitForStdout(child: ChildProcess, re: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = re.exec(out);
    if (m) return m;
    if (child.exitCode !== null) throw new Error(`demo exited with ${child.exitCode} before printing ${re}; stdout:\n${out}`);
    if (Date.now() > deadline) throw new Error(`demo printed no ${re} within ${timeoutMs / 1000} s; stdout:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('npm run demo serves the extension on the demo workspace and stops cleanly on Ctrl-C', { timeout: 10 * 60_000 }, async () => {
  const vsix = process.env.LWB_E2E_VSIX ? resolve(REPO_ROOT, process.env.LWB_E2E_VSIX) : await packageExtension();
  demo = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'demo.mjs'), '--skip-setup', '--vsix', vsix], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  demo.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  let stderr = '';
  demo.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));

  const [, url] = await waitForStdout(demo, /^\s*(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)$/m, 5 * 60_000);
  const folder = new URL(url).searchParams.get('folder') ?? '';
  assert.ok(existsSync(join(folder, 'template.yaml')), `the demo workspace copy at ${folder} has the template`);
  assert.ok(!folder.startsWith(REPO_ROOT), 'the demo runs on a copy, not on the repository fixture');
  const extensions = readdirSync(join(folder, '..', 'extensions'));
  assert.ok(
    extensions.some((e) => e.startsWith('lambda-workbench.lambda-workbench-')),
    `installed: ${extensions.join(', ')}`,
  );

  const [, deployed] = await waitForStdout(demo, /^local service: functions (.+); layers/m, 60_000);
  assert.deepEqual(deployed.split(', ').sort(), ['demo-hello-dev', 'demo-orders-dev', 'demo-report-dev']);

  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<html/i, 'code-server answers with the workbench page');

  const exited = new Promise<number | null>((r) => demo!.once('exit', (code) => r(code)));
  demo.kill('SIGINT');
  assert.equal(await exited, 0, `demo exits cleanly on Ctrl-C; stderr:\n${stderr}`);
  assert.ok(!existsSync(join(folder, '..')), 'the demo removed its temporary state');
  await assert.rejects(fetch(url), 'code-server is gone');
});
