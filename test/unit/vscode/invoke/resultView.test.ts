import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readOutcome } from '../../../../src/lambda/invoke';
import { FOLD_LINES, localFrameFile, parseFrame, requestIdFromLog, resultView } from '../../../../src/vscode/invoke/resultView';
import { parsePageMessage as parseMessage } from '../../../../src/webview/invoke/protocol';
import { resultPanelHtml } from '../../../../src/vscode/invoke/html';

// The SDK hands payloads over as Uint8ArrayBlobAdapter; a plain Uint8Array is all resultView reads.
const enc = (s: string) => new TextEncoder().encode(s) as Parameters<typeof readOutcome>[0]['Payload'];
const log = (s: string) => Buffer.from(s).toString('base64');

test('a JSON response is pretty-printed; a long one is folded', () => {
  const small = resultView(readOutcome({ StatusCode: 200, Payload: enc('{"a":1}'), $metadata: {} }), 'RequestResponse');
  assert.equal(small.status, 'success');
  assert.equal(small.response?.kind, 'json');
  assert.equal(small.response?.text, '{\n  "a": 1\n}');
  assert.equal(small.response?.folded, false);
  const big = JSON.stringify(Array.from({ length: FOLD_LINES + 5 }, (_, i) => i));
  const v = resultView(readOutcome({ StatusCode: 200, Payload: enc(big), $metadata: {} }), 'RequestResponse');
  assert.equal(v.response?.folded, true);
  assert.ok(v.response!.lines > FOLD_LINES);
});

test('text, empty and binary responses are told apart', () => {
  assert.equal(resultView(readOutcome({ StatusCode: 200, Payload: enc('plain words'), $metadata: {} }), 'RequestResponse').response?.kind, 'text');
  assert.equal(resultView(readOutcome({ StatusCode: 202, Payload: enc(''), $metadata: {} }), 'Event').response?.kind, 'empty');
  const bin = resultView(
    readOutcome({ StatusCode: 200, Payload: new Uint8Array([0xff, 0xfe, 0x00, 0x81]) as ReturnType<typeof enc>, $metadata: {} }),
    'RequestResponse',
  );
  assert.equal(bin.response?.kind, 'binary');
  assert.equal(bin.response?.bytes, 4);
  assert.equal(bin.response?.text, Buffer.from([0xff, 0xfe, 0x00, 0x81]).toString('base64'));
});

test('function errors: type, message, frames; only frames the caller can open are links', () => {
  const payload = JSON.stringify({
    errorType: 'TypeError',
    errorMessage: 'x is undefined',
    trace: [
      'TypeError: x is undefined',
      '    at handler (/work/app/index.js:12:7)',
      '    at node:internal/process/task_queues:95:5',
      '    at Runtime.handleOnce (file:///var/runtime/index.mjs:1:2)',
    ],
  });
  const o = readOutcome({
    StatusCode: 200,
    FunctionError: 'Unhandled',
    Payload: enc(payload),
    LogResult: log(
      'START RequestId: 8f507cfc-1c2d-4697-b07a-ac58fc914c95\nREPORT RequestId: 8f507cfc-1c2d-4697-b07a-ac58fc914c95\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tInit Duration: 100.5 ms\t\n',
    ),
    $metadata: {},
  });
  const v = resultView(o, 'RequestResponse', (f) => (f.file.startsWith('/work/') ? f.file : undefined));
  assert.equal(v.status, 'functionError');
  assert.equal(v.error?.type, 'TypeError');
  assert.equal(v.error?.message, 'x is undefined');
  assert.deepEqual(
    v.error?.frames.filter((f) => f.file).map((f) => [f.file, f.line, f.column]),
    [['/work/app/index.js', 12, 7]],
  );
  assert.equal(v.report?.durationMs, 12.34);
  assert.equal(v.report?.initDurationMs, 100.5);
  assert.equal(requestIdFromLog(v.logTail), '8f507cfc-1c2d-4697-b07a-ac58fc914c95');
});

test('frame parsing: node, file URLs, python; sandbox paths map into the code folder', () => {
  assert.deepEqual(parseFrame('    at Object.<anonymous> (/a/b c/x.js:3:9)'), { file: '/a/b c/x.js', line: 3, column: 9 });
  assert.deepEqual(parseFrame('    at /a/x.mjs:4:1'), { file: '/a/x.mjs', line: 4, column: 1 });
  assert.deepEqual(parseFrame('    at f (file:///a/my%20dir/x.mjs:5:2)'), { file: '/a/my dir/x.mjs', line: 5, column: 2 });
  assert.deepEqual(parseFrame('File "/var/task/app.py", line 9, in handler: raise X'), { file: '/var/task/app.py', line: 9 });
  assert.equal(parseFrame('    at node:internal/x:1:1'), undefined);
  assert.equal(localFrameFile('/var/task/lib/a.js', '/ws/src/fn/'), '/ws/src/fn/lib/a.js');
  assert.equal(localFrameFile('/opt/nodejs/x.js', '/ws/src/fn'), '/opt/nodejs/x.js');
});

test('the page may send only known messages, with checked fields', () => {
  assert.deepEqual(parseMessage({ type: 'rerun', id: 'abc' }), { type: 'rerun', id: 'abc' });
  assert.deepEqual(parseMessage({ type: 'openFrame', index: 2, extra: 1 }), { type: 'openFrame', index: 2 });
  assert.equal(parseMessage({ type: 'openFrame', index: -1 }), undefined);
  assert.equal(parseMessage({ type: 'openFrame', index: '1' }), undefined);
  assert.equal(parseMessage({ type: 'rerun' }), undefined);
  assert.equal(parseMessage({ type: 'runCommand', command: 'x' }), undefined);
  assert.equal(parseMessage('ready'), undefined);
});

test('the page has a strict CSP with a fresh nonce and escapes its title', () => {
  const a = resultPanelHtml({ cspSource: 'vscode-resource:', scriptUri: 'vscode-resource:/x.js', styleUri: 'vscode-resource:/x.css', title: '<b>fn</b>' });
  const b = resultPanelHtml({ cspSource: 'vscode-resource:', scriptUri: 'vscode-resource:/x.js', styleUri: 'vscode-resource:/x.css', title: 'fn' });
  assert.match(a, /default-src 'none'/);
  const nonce = /script-src 'nonce-([^']+)'/.exec(a)![1];
  assert.ok(a.includes(`<script nonce="${nonce}" src="vscode-resource:/x.js">`));
  assert.notEqual(nonce, /script-src 'nonce-([^']+)'/.exec(b)![1]);
  assert.ok(a.includes('&lt;b&gt;fn&lt;/b&gt;'));
  assert.doesNotMatch(a, /unsafe-inline|unsafe-eval|https?:/);
});
