// The sample queries for Lambda parse with the query language's parser (the one the local service
// runs), and each one is for what its name says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery } from '../../../../src/insights/parse';
import { SAMPLE_QUERIES } from '../../../../src/vscode/insights/samples';
import { isBinStats } from '../../../../src/webview/insights/chart';

test('every sample query parses', () => {
  for (const s of SAMPLE_QUERIES) assert.doesNotThrow(() => parseQuery(s.query), s.name);
});

test('the samples the issue asks for are there and read the REPORT fields', () => {
  const by = (name: string) => SAMPLE_QUERIES.find((s) => s.name === name)?.query ?? '';
  assert.match(by('Slowest invocations'), /sort @duration desc/);
  assert.match(by('Cold starts'), /@initDuration/);
  assert.match(by('Errors by type'), /by errorType/);
  assert.match(by('Memory headroom'), /@maxMemoryUsed/);
  assert.match(by('Memory headroom'), /@memorySize/);
  assert.match(by('Recent errors'), /sort @timestamp desc/);
  assert.equal(isBinStats(by('Invocations per minute')), true, 'a sample draws a chart');
  assert.equal(new Set(SAMPLE_QUERIES.map((s) => s.name)).size, SAMPLE_QUERIES.length);
});
