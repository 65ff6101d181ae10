// The demo as a user meets it: `npm run demo` seeds the local service with the demo template, so the
// Lambda view opens on the three functions and the layer, and a function shows its configuration.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { e2eTest, suiteWorkbench } from './harness';

describe('the seeded demo in code-server', () => {
  const wb = suiteWorkbench({ fixture: 'demo', seedLocalService: true });

  e2eTest('the explorer lists the demo functions with their runtimes and the layer', wb, async (wb) => {
    await wb.openLambdaView();
    await wb.expandTreeItem('Local service');
    await wb.expandTreeItem('Functions');
    for (const name of ['demo-hello-dev', 'demo-orders-dev', 'demo-report-dev']) await wb.treeItem(name);
    const rows = await wb.treeItems();
    assert.ok(rows.includes('Functions 3'), `a count of 3 functions: ${JSON.stringify(rows)}`);
    assert.ok(
      rows.some((r) => /^demo-report-dev python3\.12\b/.test(r)),
      `the runtime shows: ${JSON.stringify(rows)}`,
    );
    await wb.expandTreeItem('Layers');
    await wb.treeItem('demo-shared-dev');
    await wb.screenshot('demo-explorer', wb.page.locator('.part.sidebar'));
  });
});
