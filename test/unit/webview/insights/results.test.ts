// Sorting, CSV/JSON export and JSON pretty-printing of results (src/webview/insights/results.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prettyJson, sortRows, toCsv, toJson, type Row } from '../../../../src/webview/insights/results';

const rows: Row[] = [{ d: '9.5', n: 'b' }, { d: '10', n: 'a' }, { n: 'c' }, { d: '100.25', n: 'd' }];

test('numbers sort as numbers, text as text, empty cells last either way, ties keep their order', () => {
  assert.deepEqual(
    sortRows(rows, 'd', 'asc').map((r) => r.n),
    ['b', 'a', 'd', 'c'],
  );
  assert.deepEqual(
    sortRows(rows, 'd', 'desc').map((r) => r.n),
    ['d', 'a', 'b', 'c'],
  );
  assert.deepEqual(
    sortRows(rows, 'n', 'desc').map((r) => r.n),
    ['d', 'c', 'b', 'a'],
  );
  assert.deepEqual(
    sortRows(
      [
        { x: '1', i: '0' },
        { x: '1', i: '1' },
      ],
      'x',
      'desc',
    ).map((r) => r.i),
    ['0', '1'],
  );
  assert.deepEqual(rows[0], { d: '9.5', n: 'b' }, 'the input is not changed');
});

test('CSV: header, quoting of commas, quotes and line breaks, missing cells empty', () => {
  const csv = toCsv(['@timestamp', '@message'], [{ '@timestamp': 't1', '@message': 'say "hi", then\nleave' }, { '@timestamp': 't2' }]);
  assert.equal(csv, '@timestamp,@message\r\nt1,"say ""hi"", then\nleave"\r\nt2,\r\n');
});

test('JSON: objects with the column order, missing fields left out', () => {
  const json = toJson(['b', 'a'], [{ a: '1', b: '2' }, { a: '3' }]);
  assert.equal(json, JSON.stringify([{ b: '2', a: '1' }, { a: '3' }], null, 2));
  assert.deepEqual(Object.keys(JSON.parse(json)[0]), ['b', 'a']);
});

test('a message pretty-prints as JSON, whole or after a Lambda line prefix; other text is left', () => {
  assert.equal(prettyJson('{"a":1,"b":[2]}'), '{\n  "a": 1,\n  "b": [\n    2\n  ]\n}');
  assert.equal(
    prettyJson('2024-01-01T00:00:00.000Z\tabc\tERROR\t{"errorType":"Error"}\n'),
    '2024-01-01T00:00:00.000Z\tabc\tERROR\n{\n  "errorType": "Error"\n}',
  );
  assert.equal(prettyJson('REPORT RequestId: x Duration: 1 ms'), undefined);
  assert.equal(prettyJson('{not json}'), undefined);
});
