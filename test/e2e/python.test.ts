// Python in a real VS Code (code-server): Invoke Locally and Debug Locally on the demo template's
// python function (ReportFunction, python3.12). Debug Locally runs it under debugpy on the local
// service and attaches through our own debugger type (the Python Debugger extension is not installed
// here), so a breakpoint set with F9 in app.py stops the handler; the result panel then shows the
// response and the REPORT.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { e2eTest, suiteWorkbench, type Workbench } from './harness';

/** The major.minor of `cmd`, when it runs and imports debugpy (with `needDebugpy`). */
function pythonVersion(cmd: string, needDebugpy: boolean): string | undefined {
  try {
    const code = `${needDebugpy ? 'import debugpy;' : ''}import sys;print("%d.%d"%sys.version_info[:2])`;
    return execFileSync(cmd, ['-c', code], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  } catch {
    return undefined;
  }
}

/**
 * Why the debug test cannot run here, if it cannot: the local service debugs on the python Invoke
 * Locally uses (python3.12, else python3) or another of its major.minor that has debugpy.
 */
function noDebugpyReason(): string | undefined {
  const override = process.env.LAMBDA_WORKBENCH_PYTHON;
  const run = override ?? (pythonVersion('python3.12', false) ? 'python3.12' : 'python3');
  const version = pythonVersion(run, false);
  if (!version) return `no ${run} on this machine`;
  const candidates = override
    ? [override]
    : [run, `python${version}`, `/usr/bin/python${version}`, '/usr/bin/python3', `/usr/local/bin/python${version}`, '/usr/local/bin/python3'];
  if (candidates.some((c) => pythonVersion(c, true) === version)) return undefined;
  return `no Python ${version} interpreter with debugpy (tried ${candidates.join(', ')}); install python3-debugpy or \`pip install debugpy\``;
}

describe('python functions in code-server', () => {
  const workbench = suiteWorkbench({ fixture: 'demo', seedLocalService: true });

  /** The result panel's page (the newest webview). */
  const panel = (wb: Workbench) => wb.page.frameLocator('iframe.webview').last().frameLocator('iframe');

  e2eTest('invoke locally runs the python handler from source and shows its response, REPORT and log', workbench, async (wb) => {
    // The Lambda view first: the palette lists the extension's commands once its host is up.
    await wb.openLambdaView();
    await wb.runCommand('Lambda: Invoke Locally from Template…');
    await wb.pickQuickItem('ReportFunction');
    await wb.pickQuickItem('numbers');
    const status = panel(wb).locator('#status');
    await status.waitFor({ timeout: 120_000 });
    assert.match(await status.innerText(), /Succeeded/);
    const response = await panel(wb).locator('#response').innerText();
    assert.match(response, /"count": 8/);
    assert.match(response, /"max": 9/);
    const report = (await panel(wb).locator('#report').innerText()).replace(/\s+/g, ' ');
    assert.match(report, /Duration \d/);
    const tail = await panel(wb).locator('#logTail').innerText();
    assert.match(tail, /report for 8 values/);
    assert.match(tail, /^REPORT RequestId: /m);
    if (!process.env.LAMBDA_WORKBENCH_PYTHON && !pythonVersion('python3.12', false)) {
      // No python3.12 here: it ran on python3, and the extension says so (once) in its output channel.
      await wb.waitForOutput(/ReportFunction: WARNING: python3\.12 runs on Python 3\.\d+/);
      // ... and in the function's tooltip in the Lambda view, where it stays for the session.
      await wb.expandTreeItem(/^Functions/);
      const row = await wb.treeItem(/ReportFunction/);
      await row.hover();
      const tooltip = wb.page.locator('.monaco-hover, .workbench-hover', { hasText: 'On this machine' }).first();
      await tooltip.waitFor({ timeout: 60_000 });
      assert.match(await tooltip.innerText(), /python3\.12 runs on Python 3\.\d+/);
      await wb.page.keyboard.press('Escape');
    }
    await wb.screenshot('python-invoke-local', wb.page.locator('.monaco-workbench'));
    await wb.page.locator('.part.sidebar .composite.title').first().click();
    await wb.runCommand('View: Close All Editors');
  });

  const skip = noDebugpyReason();
  if (skip) {
    test('debug locally stops at a breakpoint in the python handler', { skip }, () => undefined);
    return;
  }
  e2eTest('debug locally stops at a breakpoint in the python handler, then shows the result', workbench, async (wb) => {
    await wb.openFile('src/report/app.py');
    // Breakpoint on line 15 (the summary): go to the line, toggle with F9.
    await wb.activeEditor().click();
    await wb.page.keyboard.press('Control+G');
    await wb.page.keyboard.type('15');
    await wb.page.keyboard.press('Enter');
    await wb.page.keyboard.press('F9');
    await wb.activeEditor().locator('.codicon-debug-breakpoint').first().waitFor({ timeout: 30_000 });
    await wb.runCommand('Lambda: Debug Locally from Template…');
    await wb.pickQuickItem('ReportFunction');
    await wb.pickQuickItem('numbers');
    // Paused in app.py: the editor marks the stopped line, the call stack names the handler.
    await wb.page.locator('.codicon-debug-stackframe, .debug-top-stack-frame-column').first().waitFor({ timeout: 120_000 });
    // With one thread, VS Code shows the paused reason in the Call Stack pane's header.
    const callStackPane = wb.page.locator('.pane', { has: wb.page.locator('.pane-header', { hasText: 'Call Stack' }) });
    await callStackPane
      .filter({ hasText: /Paused On Breakpoint/i })
      .first()
      .waitFor({ timeout: 30_000 });
    const stack = await wb.page.locator('.debug-call-stack').first().innerText();
    assert.match(stack, /handler/);
    assert.match(stack, /app\.py/);
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'app.py' }).first().waitFor({ timeout: 30_000 });
    const shot = await wb.screenshot('python-debug-breakpoint', wb.page.locator('.monaco-workbench'));
    console.log(`e2e: the stopped python debugger: ${shot}`);
    const cont = wb.page.locator('.debug-toolbar .action-label.codicon-debug-continue').first();
    await cont.waitFor({ timeout: 30_000 });
    await cont.click();
    const response = panel(wb).locator('#response');
    await response.waitFor({ timeout: 120_000 });
    assert.match(await response.innerText(), /"count": 8/);
    assert.match(await panel(wb).locator('#history').innerText(), /debug/);
    const report = (await panel(wb).locator('#report').innerText()).replace(/\s+/g, ' ');
    assert.match(report, /Duration \d/);
    const tail = await panel(wb).locator('#logTail').innerText();
    assert.match(tail, /^REPORT RequestId: /m);
    await wb.waitForOutput(/Debugging ReportFunction from \S+ on the local service \(debugpy port \d+\)/);
    await wb.screenshot('python-debug-result', wb.page.locator('.monaco-workbench'));
    // The debug environment serves that one invocation: its process exits and the session ends.
    await wb.page.locator('.debug-toolbar').first().waitFor({ state: 'hidden', timeout: 30_000 });
  });
});
