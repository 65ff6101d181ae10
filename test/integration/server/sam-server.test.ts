// Protocol test: the bundled server (dist/server.js) over stdio, spoken to with vscode-jsonrpc as any
// LSP client would. Builds the bundle first when it is missing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

const root = resolve(__dirname, '../../..');
const serverJs = resolve(root, 'dist/server.js');
const fixture = resolve(root, 'test/fixtures/sam/template.yaml');
const uri = pathToFileURL(fixture).href;

let child: ChildProcess;
let conn: MessageConnection;
const published = new Map<
  string,
  {
    version?: number;
    diagnostics: { range: { start: { line: number; character: number } }; message: string; severity: number; data?: { logicalId?: string } }[];
  }[]
>();
const waiters: (() => void)[] = [];

function nextDiagnostics(forUri: string, count = 1): Promise<(typeof published extends Map<string, infer V> ? V : never)[number]> {
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error('no diagnostics published within 20 s')), 20_000);
    const check = () => {
      const list = published.get(forUri) ?? [];
      if (list.length >= count) {
        clearTimeout(timer);
        res(list[count - 1]);
        return true;
      }
      return false;
    };
    if (!check()) waiters.push(() => void check());
  });
}

before(async () => {
  if (!existsSync(serverJs)) {
    const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
    assert.equal(b.status, 0, 'build failed');
  }
  child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: never[] }) => {
    const list = published.get(p.uri) ?? [];
    list.push(p);
    published.set(p.uri, list);
    for (const w of waiters.splice(0)) w();
  });
  conn.onNotification('window/logMessage', () => undefined);
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/configuration', () => []);
  conn.listen();
  const init = (await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as { capabilities: Record<string, unknown> };
  for (const cap of [
    'completionProvider',
    'hoverProvider',
    'definitionProvider',
    'referencesProvider',
    'renameProvider',
    'documentSymbolProvider',
    'codeLensProvider',
  ])
    assert.ok(init.capabilities[cap], cap);
  await conn.sendNotification('initialized', {});
});

after(async () => {
  try {
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
  } catch {
    // already gone
  }
  conn?.dispose();
  if (child && child.exitCode === null) child.kill();
});

const pos = (text: string, needle: string, delta = 0) => {
  const o = text.indexOf(needle) + delta;
  const before = text.slice(0, o).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
};

test('diagnostics: none on the fixture, then one on the exact range after an edit, gone after undo', async () => {
  const text = readFileSync(fixture, 'utf8');
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const first = await nextDiagnostics(uri, 1);
  assert.deepEqual(first.diagnostics, []);
  // Incremental edit: "BatchSize" -> "BatchSise".
  const p = pos(text, 'BatchSize', 7);
  await conn.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: p, end: { line: p.line, character: p.character + 1 } }, text: 's' }],
  });
  const second = await nextDiagnostics(uri, 2);
  assert.equal(second.version, 2);
  assert.equal(second.diagnostics.length, 1);
  const d = second.diagnostics[0];
  assert.equal(d.severity, 1);
  assert.deepEqual(d.range.start, pos(text, 'BatchSize'));
  assert.match(d.message, /Unknown property 'BatchSise'.*Did you mean 'BatchSize'/);
  assert.equal(d.data?.logicalId, 'HelloFunction');
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text }] });
  const third = await nextDiagnostics(uri, 3);
  assert.deepEqual(third.diagnostics, []);
});

test('completion, hover, definition, references, rename, symbols and CodeLens over the protocol', async () => {
  const text = readFileSync(fixture, 'utf8');
  const doc = { uri };
  const completion = (await conn.sendRequest('textDocument/completion', {
    textDocument: doc,
    position: pos(text, 'TABLE: !Ref Table', 'TABLE: !Ref '.length),
  })) as { label: string }[];
  assert.ok(completion.some((c) => c.label === 'Queue'));
  const hover = (await conn.sendRequest('textDocument/hover', { textDocument: doc, position: pos(text, '!Ref Table', 6) })) as { contents: { value: string } };
  assert.match(hover.contents.value, /AWS::Serverless::SimpleTable/);
  const def = (await conn.sendRequest('textDocument/definition', { textDocument: doc, position: pos(text, '!Ref Table', 6) })) as {
    range: { start: { line: number } };
  };
  assert.equal(def.range.start.line, pos(text, '  Table:\n').line);
  const refs = (await conn.sendRequest('textDocument/references', {
    textDocument: doc,
    position: pos(text, '!Ref Table', 6),
    context: { includeDeclaration: true },
  })) as unknown[];
  assert.equal(refs.length, 4);
  const rename = (await conn.sendRequest('textDocument/rename', { textDocument: doc, position: pos(text, '!Ref Table', 6), newName: 'Orders' })) as {
    changes: Record<string, unknown[]>;
  };
  assert.equal(rename.changes[uri].length, 4);
  await assert.rejects(
    conn.sendRequest('textDocument/rename', { textDocument: doc, position: pos(text, '!Ref Table', 6), newName: 'Queue' }),
    /already defined/,
  );
  const symbols = (await conn.sendRequest('textDocument/documentSymbol', { textDocument: doc })) as { name: string; children?: { name: string }[] }[];
  assert.deepEqual(
    symbols.find((s) => s.name === 'Resources')!.children!.map((c) => c.name),
    ['HelloFunction', 'PyFunction', 'Table', 'Queue'],
  );
  const lenses = (await conn.sendRequest('textDocument/codeLens', { textDocument: doc })) as {
    command: { command: string; arguments: { templateUri: string; logicalId: string }[] };
  }[];
  // Node.js HelloFunction: invoke, debug, deploy, tail, metrics, and start local API (it has an Api
  // event); python PyFunction: no debug lens.
  assert.equal(lenses.length, 10);
  assert.deepEqual(lenses[0].command.arguments[0], { templateUri: uri, logicalId: 'HelloFunction' });
  assert.deepEqual(lenses.map((l) => l.command.command).slice(0, 5), [
    'lambdaWorkbench.invokeLocal',
    'lambdaWorkbench.debugLocal',
    'lambdaWorkbench.deployFunction',
    'lambdaWorkbench.tailLogs',
    'lambdaWorkbench.showMetrics',
  ]);
  assert.ok(lenses.some((l) => l.command.command === 'lambdaWorkbench.startLocalApi' && l.command.arguments[0]?.logicalId === 'HelloFunction'));
});

test('a YAML file that is not a template gets nothing from the server', async () => {
  const other = 'untitled:ci.yaml';
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: other, languageId: 'yaml', version: 1, text: 'on: push\njobs:\n  build: {}\n' } });
  const symbols = (await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: other } })) as unknown[];
  assert.deepEqual(symbols, []);
  assert.equal(published.get(other), undefined);
});

test('garbage input does not kill the server', async () => {
  const bad = 'untitled:bad.yaml';
  const garbage = 'Resources:\n  A: !Ref\n    - [\n\u0000\t&x *x *y\nAWSTemplateFormatVersion: {{{{';
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: bad, languageId: 'yaml', version: 1, text: garbage } });
  const d = await nextDiagnostics(bad, 1);
  assert.ok(d.diagnostics.length > 0);
  const symbols = await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: bad } });
  assert.ok(Array.isArray(symbols));
  assert.equal(child.exitCode, null);
});

test('a file named template.yaml is checked even when it does not look like a template', async () => {
  const t = 'file:///tmp/lw-sam-test/template.yaml';
  const text = 'Resource:\n  Fn:\n    Type: AWS::Serverless::Function\n';
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: t, languageId: 'yaml', version: 1, text } });
  const d = await nextDiagnostics(t, 1);
  assert.ok(d.diagnostics.some((x) => /Unknown section 'Resource'.*Did you mean 'Resources'/.test(x.message)));
});

test('a key beside Type that belongs in Properties comes with a quick fix that moves it', async () => {
  const t = 'untitled:fix.yaml';
  const text =
    'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Description: hello\n    Properties:\n      Runtime: nodejs22.x\n      Handler: a.b\n';
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: t, languageId: 'yaml', version: 1, text } });
  const d = (await nextDiagnostics(t, 1)).diagnostics.filter((x) => /Description/.test(x.message));
  assert.equal(d.length, 1);
  assert.equal(d[0].severity, 2);
  const actions = (await conn.sendRequest('textDocument/codeAction', {
    textDocument: { uri: t },
    range: d[0].range,
    context: { diagnostics: d },
  })) as { title: string; kind: string; edit: { changes: Record<string, { range: unknown; newText: string }[]> } }[];
  assert.equal(actions.length, 1);
  assert.equal(actions[0].title, "Move 'Description' into Properties");
  assert.equal(actions[0].kind, 'quickfix');
  assert.deepEqual(
    actions[0].edit.changes[t].map((e) => e.newText),
    ['', '      Description: hello\n'],
  );
});

test('a Ref to nothing offers a quick fix that declares the parameter', async () => {
  const t = 'untitled:param.yaml';
  const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Ref Stage\n';
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: t, languageId: 'yaml', version: 1, text } });
  const d = (await nextDiagnostics(t, 1)).diagnostics.filter((x) => /Stage/.test(x.message));
  assert.equal(d.length, 1);
  const actions = (await conn.sendRequest('textDocument/codeAction', { textDocument: { uri: t }, range: d[0].range, context: { diagnostics: d } })) as {
    title: string;
    edit: { changes: Record<string, { newText: string }[]> };
  }[];
  assert.deepEqual(
    actions.map((a) => a.title),
    ["Add parameter 'Stage'"],
  );
  assert.equal(actions[0].edit.changes[t][0].newText, 'Parameters:\n  Stage:\n    Type: String\n');
});

test('a Handler that points at nothing offers to create its file, or to add the function to it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lw-handler-'));
  try {
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'index.js'), "exports.other = async () => 'x';");
    const file = join(dir, 'template.yaml');
    const text = [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Missing:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      CodeUri: src/',
      '      Runtime: python3.12',
      '      Handler: app.handler',
      '  Unexported:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      CodeUri: src/',
      '      Runtime: nodejs22.x',
      '      Handler: index.handler',
      '',
    ].join('\n');
    writeFileSync(file, text);
    const t = pathToFileURL(file).href;
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: t, languageId: 'yaml', version: 1, text } });
    const d = (await nextDiagnostics(t, 1)).diagnostics.filter((x) => (x as { code?: string }).code === 'handler');
    assert.equal(d.length, 2, JSON.stringify(d));
    type Action = {
      title: string;
      edit: {
        documentChanges: ({ kind?: string; uri?: string; options?: unknown } & {
          textDocument?: { uri: string };
          edits?: { newText: string; range: unknown }[];
        })[];
      };
    };
    const actionsFor = async (diag: (typeof d)[number]): Promise<Action[]> =>
      (await conn.sendRequest('textDocument/codeAction', { textDocument: { uri: t }, range: diag.range, context: { diagnostics: [diag] } })) as Action[];

    const [create] = await actionsFor(d.find((x) => /app/.test(x.message))!);
    assert.equal(create.title, 'Create app.py with the handler');
    const [op, edit] = create.edit.documentChanges;
    assert.equal(op.kind, 'create');
    assert.equal(op.uri, pathToFileURL(join(dir, 'src', 'app.py')).href);
    assert.deepEqual(op.options, { overwrite: false, ignoreIfExists: true }, 'never replaces a file');
    assert.match(edit.edits![0].newText, /^def handler\(event, context\):\n/);

    const [append] = await actionsFor(d.find((x) => /index/.test(x.message))!);
    assert.equal(append.title, 'Add the handler function to index.js');
    const only = append.edit.documentChanges[0];
    assert.equal(only.textDocument!.uri, pathToFileURL(join(dir, 'src', 'index.js')).href);
    assert.deepEqual(only.edits![0].range, { start: { line: 0, character: 32 }, end: { line: 0, character: 32 } });
    assert.match(only.edits![0].newText, /^\n\nexports\.handler = async \(event, context\) => \{/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an open template whose YAML an edit breaks keeps its diagnostics (a syntax error), though it no longer looks like one', async () => {
  const t = 'untitled:stack.yaml';
  const good = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n';
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: t, languageId: 'yaml', version: 1, text: good } });
  assert.deepEqual((await nextDiagnostics(t, 1)).diagnostics, []);
  const broken = 'AWSTemplateFormat\n  - [unclosed\n  Q: {\n';
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri: t, version: 2 }, contentChanges: [{ text: broken }] });
  const after = await nextDiagnostics(t, 2);
  assert.equal(after.version, 2);
  assert.ok(
    after.diagnostics.some((d) => (d as { code?: string }).code === 'syntax'),
    JSON.stringify(after.diagnostics),
  );
  // Text that parses and is no longer a template is left alone.
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri: t, version: 3 }, contentChanges: [{ text: 'name: ci\non: push\n' }] });
  assert.deepEqual((await nextDiagnostics(t, 3)).diagnostics, []);
});
