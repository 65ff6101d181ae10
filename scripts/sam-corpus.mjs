// Measures the SAM language server on a folder of templates, as a user's editor sees it: the bundled
// server (dist/server.js, build it first) over LSP stdio, each file opened as it is on disk.
//
//   node scripts/sam-corpus.mjs <folder> [--invalid] [--transform] [--list]
//
// Prints "templates with >= 1 error: N/M". A folder of valid or deployed templates should give 0.
// --invalid: the folder holds the translator's invalid inputs (<name>.yaml + <name>.expected.json);
//   prints how many are flagged and how many on the logical id the translator blames.
// --transform: put back the `Transform: AWS::Serverless-2016-10-31` line the translator's own tests
//   leave out (they call the translator directly), as SAM CLI would see the template.
// --list: print each template's errors.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';
import { withTransform } from './sam-transform.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const dir = args.find((a) => !a.startsWith('--'));
if (!dir) {
  console.error('usage: node scripts/sam-corpus.mjs <folder> [--invalid] [--transform] [--list]');
  process.exit(2);
}
const serverJs = join(root, 'dist/server.js');
if (!existsSync(serverJs)) {
  console.error('dist/server.js is missing: run node scripts/build.mjs first');
  process.exit(2);
}

const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
const latest = new Map();
let lastMessage = Date.now();
conn.onNotification('textDocument/publishDiagnostics', (p) => {
  latest.set(p.uri, p.diagnostics);
  lastMessage = Date.now();
});
conn.onNotification('window/logMessage', () => undefined);
conn.onRequest('client/registerCapability', () => null);
conn.onRequest('workspace/configuration', () => []);
conn.listen();
await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
await conn.sendNotification('initialized', {});

const folder = resolve(dir);
const files = readdirSync(folder)
  .filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith('.expected.json'))
  .sort();
for (const f of files) {
  let text = readFileSync(join(folder, f), 'utf8');
  if (flags.has('--transform')) text = withTransform(text);
  const languageId = f.endsWith('.json') ? 'json' : 'yaml';
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: pathToFileURL(join(folder, f)).href, languageId, version: 1, text } });
}
// Diagnostics come asynchronously, and not at all for files the server does not treat as templates:
// wait until the server has been quiet for a while.
lastMessage = Date.now();
while (Date.now() - lastMessage < 1500) await new Promise((r) => setTimeout(r, 200));

let withError = 0;
let flagged = 0;
let withId = 0;
let rightId = 0;
const lines = [];
for (const f of files) {
  const errors = (latest.get(pathToFileURL(join(folder, f)).href) ?? []).filter((d) => d.severity === 1);
  if (errors.length) withError++;
  if (errors.length && flags.has('--list')) lines.push(`${f}: ${errors.map((e) => `[${e.data?.logicalId ?? '-'}] ${e.message}`).join(' | ')}`);
  if (!flags.has('--invalid')) continue;
  const expectedFile = join(folder, f.replace(/\.ya?ml$/, '.expected.json'));
  if (!existsSync(expectedFile)) continue;
  const expected = JSON.parse(readFileSync(expectedFile, 'utf8'));
  if (errors.length) flagged++;
  else if (flags.has('--list')) lines.push(`MISSED ${f}: ${expected.errorMessage.slice(0, 200)}`);
  const ids = [...expected.errorMessage.matchAll(/Resource with id \[([A-Za-z0-9]+)\] is invalid/g)].map((m) => m[1]);
  if (ids.length) {
    withId++;
    // The translator often blames a resource it generated from ours (KinesisFnMyStream from KinesisFn).
    const ours = errors.map((e) => e.data?.logicalId).filter(Boolean);
    if (ours.some((o) => ids.some((id) => id === o || id.startsWith(o)))) rightId++;
  }
}
if (lines.length) console.log(lines.join('\n'));
console.log(`${folder}: templates with >= 1 error: ${withError}/${files.length}`);
if (flags.has('--invalid')) {
  const pct = (a, b) => ((100 * a) / b).toFixed(1);
  console.log(
    `invalid: ${flagged}/${files.length} flagged (${pct(flagged, files.length)}%); blamed id right on ${rightId}/${withId} (${pct(rightId, withId)}%)`,
  );
}
await conn.sendRequest('shutdown');
await conn.sendNotification('exit');
conn.dispose();
