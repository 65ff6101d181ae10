// The tool cache's install-once logic: complete installs are kept and found again, failed or
// interrupted ones leave nothing a later run would mistake for a tool.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanNpmEnv, installOnce, removeStaleTemps } from './env';

function scratch(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-env-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
const quiet = () => undefined;

test('installs once, then finds the complete install and does nothing', async (t) => {
  const root = scratch(t);
  const final = join(root, 'tool-1');
  let runs = 0;
  const install = async (tmp: string) => {
    runs++;
    writeFileSync(join(tmp, 'bin'), 'tool');
  };
  await installOnce(root, final, { tool: '1' }, quiet, install);
  await installOnce(root, final, { tool: '1' }, quiet, install);
  assert.equal(runs, 1);
  assert.equal(readFileSync(join(final, 'bin'), 'utf8'), 'tool');
  assert.equal(JSON.parse(readFileSync(join(final, '.lambda-workbench-e2e.json'), 'utf8')).tool, '1');
  assert.deepEqual(
    readdirSync(root).filter((n) => n.startsWith('.tmp-')),
    [],
    'no temp folder left',
  );
});

test('a failed install leaves neither the tool folder nor its temp folder', async (t) => {
  const root = scratch(t);
  const final = join(root, 'tool-1');
  await assert.rejects(
    installOnce(root, final, { tool: '1' }, quiet, async (tmp) => {
      writeFileSync(join(tmp, 'half'), 'x');
      throw new Error('network down');
    }),
    /network down/,
  );
  assert.equal(existsSync(final), false);
  assert.deepEqual(readdirSync(root), []);
});

test('a folder without the marker (an older, interrupted layout) or with other versions is replaced', async (t) => {
  const root = scratch(t);
  const final = join(root, 'tool');
  mkdirSync(final);
  writeFileSync(join(final, 'junk'), 'x');
  await installOnce(root, final, { tool: '2' }, quiet, async (tmp) => writeFileSync(join(tmp, 'bin'), 'v2'));
  assert.equal(existsSync(join(final, 'junk')), false);
  await installOnce(root, final, { tool: '3' }, quiet, async (tmp) => writeFileSync(join(tmp, 'bin'), 'v3'));
  assert.equal(readFileSync(join(final, 'bin'), 'utf8'), 'v3');
});

test('temp folders older than a day are removed, recent ones (another run at work) are kept', (t) => {
  const root = scratch(t);
  mkdirSync(join(root, '.tmp-old'));
  mkdirSync(join(root, '.tmp-new'));
  mkdirSync(join(root, 'node-24'));
  const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
  utimesSync(join(root, '.tmp-old'), twoDaysAgo, twoDaysAgo);
  removeStaleTemps(root);
  assert.deepEqual(readdirSync(root).sort(), ['.tmp-new', 'node-24']);
});

test("an npm started from an npm script gets none of the outer npm's variables (code-server read Node 20 from them)", () => {
  const outer = {
    HOME: '/home/u',
    PATH: [
      '/repo/node_modules/.bin',
      '/node_modules/.bin',
      '/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin',
      '/usr/local/bin',
      '/usr/bin',
    ].join(':'),
    npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
    npm_config_nodedir: '/usr',
    npm_package_name: 'lambda-workbench',
    npm_lifecycle_event: 'test',
    npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
    npm_node_execpath: '/usr/bin/node',
    INIT_CWD: '/repo',
    NODE: '/usr/bin/node',
    LWB_E2E_CACHE: '/tmp/cache',
  };
  const inner = cleanNpmEnv(outer);
  assert.deepEqual(Object.keys(inner).sort(), ['HOME', 'LWB_E2E_CACHE', 'PATH']);
  assert.equal(inner.PATH, '/usr/local/bin:/usr/bin');
});
