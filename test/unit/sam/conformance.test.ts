// Conformance on the SAM translator's own test templates (../shared/corpus/sam-translator): no error
// on any valid template; an error on >= 93% of the invalid ones, on the logical id the translator
// blames where it names one. And no error on any template of ../shared/corpus/sam-integration, which
// the SAM team deploys to AWS. Prints the figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseTemplate } from '../../../src/sam/document';
import { validateTemplate } from '../../../src/sam/validate';

const corpus = resolve(__dirname, '../../../../shared/corpus/sam-translator');
const present = existsSync(join(corpus, 'valid'));
const skip = present ? false : `corpus not found at ${corpus} (expected ../shared/corpus/sam-translator beside the repository)`;
const OPTS = { today: '2026-01-01', budgetMs: 10_000 };

/** The translator's tests call it directly, without the Transform line: put it back, as SAM CLI would see it. */
function load(file: string) {
  const text = readFileSync(file, 'utf8');
  if (/^Transform:/m.test(text)) return parseTemplate(text);
  // After any directive and document-start lines, which must stay first.
  const head = /^(?:(?:%.*|---.*|#.*)?\r?\n)*/.exec(text)![0];
  return parseTemplate(`${head}Transform: AWS::Serverless-2016-10-31\n${text.slice(head.length)}`);
}

test('no error on any valid translator template', { skip }, () => {
  const dir = join(corpus, 'valid');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  const failures: string[] = [];
  for (const f of files) {
    const t = load(join(dir, f));
    const errors = validateTemplate(t, OPTS).filter((d) => d.severity === 'error');
    if (errors.length) failures.push(`${f}: ${errors.map((e) => `[${e.logicalId ?? '-'}] ${e.message}`).join(' | ')}`);
  }
  console.log(`valid: ${files.length - failures.length}/${files.length} without error`);
  assert.deepEqual(failures, []);
});

test('an error on >= 90% of invalid translator templates, on the blamed logical id', { skip }, () => {
  const dir = join(corpus, 'invalid');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  let flagged = 0;
  let withId = 0;
  let rightId = 0;
  const missed: string[] = [];
  const wrongId: string[] = [];
  for (const f of files) {
    const expected = JSON.parse(readFileSync(join(dir, f.replace(/\.yaml$/, '.expected.json')), 'utf8')) as { errorMessage: string };
    const ids = [...expected.errorMessage.matchAll(/Resource with id \[([A-Za-z0-9]+)\] is invalid/g)].map((m) => m[1]);
    const t = load(join(dir, f));
    const errors = validateTemplate(t, OPTS).filter((d) => d.severity === 'error');
    if (errors.length) flagged++;
    else
      missed.push(
        `${f}: ${expected.errorMessage.replace(/^Invalid Serverless Application Specification document\. Number of errors found: \d+\. /, '').slice(0, 160)}`,
      );
    if (ids.length) {
      withId++;
      // The translator often blames a resource it generated (KinesisFnMyStream for event MyStream of
      // KinesisFn); we blame the resource the user wrote, which SAM names those after.
      const blames = (e: { logicalId?: string }) =>
        !!e.logicalId && ids.some((id) => id === e.logicalId || t.implicit.get(id)?.from === e.logicalId || id.startsWith(e.logicalId!));
      if (errors.some(blames)) rightId++;
      else wrongId.push(`${f}: blamed [${ids.join(',')}], ours [${[...new Set(errors.map((e) => e.logicalId ?? '-'))].join(',')}]`);
    }
  }
  const pct = (a: number, b: number) => ((100 * a) / b).toFixed(1);
  console.log(
    `invalid: ${flagged}/${files.length} flagged (${pct(flagged, files.length)}%); blamed id right on ${rightId}/${withId} (${pct(rightId, withId)}%)`,
  );
  if (process.env.SAM_CONFORMANCE_VERBOSE) console.log([...missed, '--- wrong or no id:', ...wrongId].join('\n'));
  assert.ok(flagged / files.length >= 0.93, `only ${pct(flagged, files.length)}% flagged`);
  assert.ok(rightId / withId >= 0.93, `the blamed logical id is right on only ${pct(rightId, withId)}%`);
});

const integration = resolve(__dirname, '../../../../shared/corpus/sam-integration');
test('no error on any deployed SAM integration template', { skip: existsSync(integration) ? false : `corpus not found at ${integration}` }, () => {
  const files = readdirSync(integration).filter((f) => f.endsWith('.yaml'));
  const failures: string[] = [];
  for (const f of files) {
    const errors = validateTemplate(parseTemplate(readFileSync(join(integration, f), 'utf8')), OPTS).filter((d) => d.severity === 'error');
    if (errors.length) failures.push(`${f}: ${errors.map((e) => `[${e.logicalId ?? '-'}] ${e.message}`).join(' | ')}`);
  }
  console.log(`integration: ${files.length - failures.length}/${files.length} without error`);
  assert.deepEqual(failures, []);
});
