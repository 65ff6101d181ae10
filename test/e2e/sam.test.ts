// The SAM language server in a real VS Code (code-server): a template with an error shows the
// squiggle and the Problems entry, and completion inside Properties offers the right names.
// Screenshots go to test-results/.
import { describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eTest, FIXTURES_DIR, suiteWorkbench } from './harness';
import { REPO_ROOT } from './codeserver';

const TEMPLATE = readFileSync(join(FIXTURES_DIR, 'sam/template.yaml'), 'utf8');
const wired = /startSamLanguageClient\s*\(/.test(readFileSync(join(REPO_ROOT, 'src/extension.ts'), 'utf8').replace(/\/\/.*$/gm, ''));

/** 1-based line and column of the first occurrence of `needle` (column of its first character). */
function where(needle: string, delta = 0): { line: number; column: number } {
  const at = TEMPLATE.indexOf(needle) + delta;
  const before = TEMPLATE.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

describe('SAM language server in code-server', { skip: wired ? false : 'startSamLanguageClient is not wired into src/extension.ts yet' }, () => {
  const wb = suiteWorkbench({ fixture: 'sam' });

  e2eTest('an unknown property shows a squiggle and a Problems entry on its line', wb, async (wb) => {
    await wb.openFile('template.yaml');
    // "BatchSize" -> "BatchSisze": insert one character before the 'z'.
    const at = where('BatchSize', 'BatchSi'.length);
    await wb.typeInEditor('s', at);
    await wb.waitForEditorText(/BatchSisze/);
    const squiggle = wb.activeEditor().locator('.squiggly-error').first();
    await squiggle.waitFor({ timeout: 120_000 });
    await wb.screenshot('sam-squiggle', wb.activeEditor());
    const rows = await wb.problems({ atLeast: 1 });
    const row = rows.find((r) => /Unknown property 'BatchSisze'/.test(r));
    assert.ok(row, `Problems rows: ${JSON.stringify(rows)}`);
    assert.match(row!, /BatchSize/, 'the entry suggests the right name');
    assert.match(row!, new RegExp(`\\b${at.line}\\b`), `the entry is on line ${at.line}: ${row}`);
    await wb.screenshot('sam-problems');
  });

  e2eTest("completion inside Properties offers the function's property names", wb, async (wb) => {
    await wb.openFile('template.yaml');
    const handler = where('      Handler: app.handler');
    await wb.typeInEditor('', { line: handler.line, column: '      Handler: app.handler'.length + 1 });
    // Keys pressed while "Go to Line" is still closing go to it, not to the editor: wait until the
    // cursor is on the line (the status bar's "Ln N, Col M"), then again after the new line.
    const cursorOn = (line: number) =>
      wb.page
        .locator('.part.statusbar [id="status.editor.selection"]', { hasText: `Ln ${line},` })
        .first()
        .waitFor({ timeout: 60_000 });
    await cursorOn(handler.line);
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.press('Enter');
    await cursorOn(handler.line + 1);
    await wb.page.keyboard.type('Mem');
    await wb.page.keyboard.press('Control+Space');
    const widget = wb.page.locator('.suggest-widget');
    const item = widget.locator('.monaco-list-row', { hasText: 'MemorySize' }).first();
    await item.waitFor({ timeout: 120_000 });
    const labels = await widget.locator('.monaco-list-row').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
    assert.ok(
      labels.some((l) => l.includes('MemorySize')),
      `suggestions: ${JSON.stringify(labels)}`,
    );
    assert.ok(!labels.some((l) => l.includes('TopicName')), 'no property of another resource type');
    await wb.screenshot('sam-completion');
    await wb.page.keyboard.press('Escape');
  });
});
