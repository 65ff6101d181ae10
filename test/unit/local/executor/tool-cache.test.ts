import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installOnce, isInstalled } from '../../../../src/local/executor/tool-cache';

describe('the shared tool cache', () => {
  const root = mkdtempSync(join(tmpdir(), 'lwb-tool-cache-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('installs once: concurrent callers share one install, later callers find it done', async () => {
    const final = join(root, 'java', 'client-1');
    let runs = 0;
    const install = async (tmp: string): Promise<void> => {
      runs++;
      await new Promise((r) => setTimeout(r, 20));
      writeFileSync(join(tmp, 'Built.class'), 'x');
    };
    const [a, b] = await Promise.all([installOnce(final, install), installOnce(final, install)]);
    assert.equal(a, final);
    assert.equal(b, final);
    assert.equal(await installOnce(final, install), final);
    assert.equal(runs, 1);
    assert.equal(readFileSync(join(final, 'Built.class'), 'utf8'), 'x');
    assert.ok(isInstalled(final));
  });

  it('leaves nothing behind when an install fails, and tries again next time', async () => {
    const final = join(root, 'node', '99');
    await assert.rejects(
      installOnce(final, async (tmp) => {
        writeFileSync(join(tmp, 'partial'), 'half');
        throw new Error('offline');
      }),
      /offline/,
    );
    assert.ok(!existsSync(final));
    assert.deepEqual(readdirSync(join(root, 'node')), []);
    await installOnce(final, async (tmp) => writeFileSync(join(tmp, 'node'), 'ok'));
    assert.ok(isInstalled(final));
  });

  it('replaces a folder that an interrupted install left without its completion marker', async () => {
    const final = join(root, 'java', 'client-2');
    await installOnce(final, async (tmp) => writeFileSync(join(tmp, 'a'), '1'));
    rmSync(join(final, '.lambda-workbench-complete'));
    await installOnce(final, async (tmp) => writeFileSync(join(tmp, 'b'), '2'));
    assert.deepEqual(readdirSync(final).sort(), ['.lambda-workbench-complete', 'b']);
  });
});
