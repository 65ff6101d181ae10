// Time to diagnostics for generated SAM templates of 10, 100, 1,000 and 3,000 functions, and to
// re-diagnose after a one-character edit, for our server (dist/server.js) and for yaml-language-server
// with a CloudFormation + SAM JSON schema, both spoken to over stdio LSP in the same run.
//
// The peer's schema is generated here from our schema data (schemas/cfn-schema.json) in the layout
// of the schemas the YAML extension is usually given for templates (goformation-style: every
// resource type as one alternative under Resources), with intrinsic functions accepted anywhere.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { SchemaData, TypeExpr, ObjectSpec } from '../src/sam/schema';
import { cleanNpmEnv } from '../test/e2e/env';
import { samTemplate as template, editOffset } from './samTemplate';

const ROOT = resolve(__dirname, '..');
const PEERS = join(ROOT, 'bench/peers/sam');
const YAML_LS = join(PEERS, 'node_modules/yaml-language-server/bin/yaml-language-server');
const SIZES = (process.env.BENCH_SAM_SIZES ?? '10,100,1000,3000').split(',').map(Number);
const EDITS = Number(process.env.BENCH_SAM_EDITS ?? 5);
/** Warm-up rounds (an open and EDITS edits of a 200-function template) before anything is measured. */
const WARM_ROUNDS = Number(process.env.BENCH_SAM_WARM_ROUNDS ?? 3);
/** The peer is skipped at a size once it took longer than this at the previous one (keeps the bench bounded). */
const PEER_CUTOFF_MS = Number(process.env.BENCH_SAM_PEER_CUTOFF_MS ?? 30_000);
/** yaml-language-server waits this long after a change before validating (not configurable). */
const PEER_DEBOUNCE_MS = 200;

function ensurePeers(): void {
  if (existsSync(YAML_LS)) return;
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', PEERS], { stdio: 'inherit', env: cleanNpmEnv() });
  if (r.status !== 0) throw new Error('could not install bench/peers/sam');
}

/** Builds dist/server.js from the current sources every run: a dist left from older sources was measured silently before. */
function ensureServer(): string {
  const server = join(ROOT, 'dist/server.js');
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the build (scripts/build.mjs) failed');
  return server;
}

function jsonSchemaFrom(data: SchemaData): object {
  const intrinsic = { $ref: '#/definitions/Intrinsic' };
  const conv = (t: TypeExpr): object => {
    if (typeof t === 'string') {
      const base = {
        s: { type: ['string', 'number', 'boolean'] },
        n: { type: ['number', 'string'] },
        i: { type: ['integer', 'string'] },
        b: { type: ['boolean', 'string'] },
        j: {},
      }[t];
      return t === 'j' ? base : { anyOf: [base, intrinsic] };
    }
    if ('e' in t) return { anyOf: [{ enum: t.e }, intrinsic] };
    if ('a' in t) return { anyOf: [{ type: 'array', items: conv(t.a) }, intrinsic] };
    if ('m' in t) return { anyOf: [{ type: 'object', additionalProperties: conv(t.m) }, intrinsic] };
    if ('r' in t) return { anyOf: [{ $ref: `#/definitions/${encodeURIComponent(t.r)}` }, intrinsic] };
    return { anyOf: t.u.map(conv) };
  };
  const obj = (o: ObjectSpec) => ({
    type: 'object',
    properties: Object.fromEntries(Object.entries(o.p).map(([k, p]) => [k, { ...conv(p.t), description: p.d }])),
    required: Object.entries(o.p)
      .filter(([, p]) => p.q)
      .map(([k]) => k),
    additionalProperties: !!o.open,
  });
  const definitions: Record<string, object> = { Intrinsic: { type: 'object', minProperties: 1, maxProperties: 1 } };
  for (const [k, o] of Object.entries(data.types)) definitions[encodeURIComponent(k)] = obj(o);
  const resources = Object.entries(data.resources).map(([type, o]) => ({
    type: 'object',
    properties: { Type: { enum: [type] }, Properties: obj(o), DependsOn: {}, Condition: {}, Metadata: {}, DeletionPolicy: {}, UpdateReplacePolicy: {} },
    required: ['Type'],
    additionalProperties: false,
  }));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    definitions,
    type: 'object',
    properties: {
      AWSTemplateFormatVersion: { type: 'string' },
      Transform: {},
      Description: { type: 'string' },
      Globals: { type: 'object' },
      Parameters: { type: 'object' },
      Conditions: { type: 'object' },
      Mappings: { type: 'object' },
      Outputs: { type: 'object' },
      Metadata: { type: 'object' },
      Resources: { type: 'object', patternProperties: { '^[a-zA-Z0-9]+$': { anyOf: resources } }, additionalProperties: false },
    },
    required: ['Resources'],
    additionalProperties: false,
  };
}

const TAGS = [
  'Ref',
  'Sub',
  'GetAtt',
  'Join',
  'Select',
  'Split',
  'FindInMap',
  'If',
  'Not',
  'Equals',
  'And',
  'Or',
  'Base64',
  'Cidr',
  'ImportValue',
  'GetAZs',
  'Condition',
];
const CUSTOM_TAGS = TAGS.flatMap((t) => [`!${t} scalar`, `!${t} sequence`, `!${t} mapping`]);

interface Client {
  name: string;
  conn: MessageConnection;
  child: ChildProcess;
  waitFor(uri: string, version: number): Promise<number>;
  /** Number of diagnostics last published per document. */
  counts: Map<string, number>;
}

async function startClient(name: string, args: string[], settings: object | null): Promise<Client> {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const seen = new Map<string, number>();
  const waiters: { uri: string; version: number; resolve: (t: number) => void }[] = [];
  const counts = new Map<string, number>();
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: unknown[] }) => {
    const now = performance.now();
    counts.set(p.uri, p.diagnostics.length);
    const v = p.version ?? seen.get(`${p.uri}#expected`) ?? 0;
    seen.set(p.uri, v);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && v >= w.version) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(now);
      }
    }
  });
  conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
    p.items.map((i) => (i.section === 'yaml' ? ((settings as { yaml: object })?.yaml ?? null) : i.section ? null : settings)),
  );
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onNotification('window/logMessage', () => undefined);
  conn.onNotification('telemetry/event', () => undefined);
  conn.onNotification(() => undefined);
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  await conn.sendNotification('initialized', {});
  if (settings) await conn.sendNotification('workspace/didChangeConfiguration', { settings });
  return {
    name,
    conn,
    child,
    counts,
    waitFor: (uri, version) =>
      new Promise((res) => {
        seen.set(`${uri}#expected`, version);
        waiters.push({ uri, version, resolve: res });
      }),
  };
}

async function openAndWait(c: Client, uri: string, text: string): Promise<number> {
  const t0 = performance.now();
  const done = c.waitFor(uri, 1);
  await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  return (await done) - t0;
}

/** One-character edits in the middle of the document (a digit of a Description), each awaited. */
async function editsAndWait(c: Client, uri: string, text: string, n: number): Promise<number[]> {
  const { line, character } = editOffset(text);
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const version = 2 + k;
    const t0 = performance.now();
    const done = c.waitFor(uri, version);
    await c.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: String(k % 10) }],
    });
    out.push((await done) - t0);
  }
  return out;
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const fmt = (ms: number | undefined) => (ms === undefined ? 'n/a' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

async function stop(c: Client): Promise<void> {
  try {
    await Promise.race([c.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
    await c.conn.sendNotification('exit');
  } catch {
    // gone
  }
  // Let it exit on its own (a --cpu-prof run writes its profile on exit); kill it if it does not.
  if (c.child.exitCode === null) await Promise.race([new Promise((r) => c.child.once('exit', r)), new Promise((r) => setTimeout(r, 2000))]);
  c.conn.dispose();
  c.child.kill();
}

async function main(): Promise<void> {
  ensurePeers();
  const server = ensureServer();
  const dir = mkdtempSync(join(tmpdir(), 'sam-bench-'));
  try {
    const data = JSON.parse(readFileSync(join(ROOT, 'schemas/cfn-schema.json'), 'utf8')) as SchemaData;
    const schemaFile = join(dir, 'cfn-sam.schema.json');
    writeFileSync(schemaFile, JSON.stringify(jsonSchemaFrom(data)));
    const settings = {
      yaml: {
        schemas: { [pathToFileURL(schemaFile).href]: ['*.yaml'] },
        customTags: CUSTOM_TAGS,
        validate: true,
        hover: true,
        completion: true,
        format: { enable: false },
      },
    };
    // BENCH_SAM_SERVER_ARGS: node flags for our server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
    const serverArgs = (process.env.BENCH_SAM_SERVER_ARGS ?? '').split(' ').filter(Boolean);
    const ours = await startClient('ours', [...serverArgs, server, '--stdio'], null);
    const peer = await startClient('yaml-language-server', [YAML_LS, '--stdio'], settings);
    // Warm both (schema load, JIT) on a mid-size template that is not measured, so every size compares
    // steady-state servers, as in an editor that has been open for a while: opened and edited
    // WARM_ROUNDS times. One open alone left the edit path unwarmed and the open path half-compiled,
    // so the first measured size (1,000 functions) was timed on a cold JIT: in-process, its open took
    // ~175 ms of CPU after one warm-up open and ~60 ms after three rounds of an open and 10 edits.
    const warm = template(200);
    for (const c of [ours, peer]) {
      for (let r = 0; r < WARM_ROUNDS; r++) {
        const uri = pathToFileURL(join(dir, `warm${r}.yaml`)).href;
        await openAndWait(c, uri, warm);
        await editsAndWait(c, uri, warm, EDITS);
        await c.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
      }
    }
    // Sanity: the peer really validates against the schema (an unknown property must be reported).
    const probeUri = pathToFileURL(join(dir, 'probe.yaml')).href;
    const probe = template(1).replace('MemorySize: 256', 'MemorySise: 256');
    await openAndWait(peer, probeUri, probe);
    const peerDiagnostics = peer.counts.get(probeUri) ?? 0;
    const rows: string[] = [];
    let peerSkip = false;
    for (const n of SIZES) {
      const text = template(n);
      const uri = pathToFileURL(join(dir, `t${n}.yaml`)).href;
      const oOpen = await openAndWait(ours, uri, text);
      const oEdit = median(await editsAndWait(ours, uri, text, EDITS));
      let pOpen: number | undefined;
      let pEdit: number | undefined;
      if (!peerSkip) {
        pOpen = await openAndWait(peer, uri, text);
        pEdit = median(await editsAndWait(peer, uri, text, Math.min(EDITS, pOpen > 5000 ? 1 : EDITS)));
        if (pOpen > PEER_CUTOFF_MS) peerSkip = true;
      }
      const ratio = (a: number | undefined, b: number) => (a === undefined ? 'n/a' : `${(a / b).toFixed(1)}x`);
      const work = (x: number | undefined) => (x === undefined ? undefined : Math.max(x - PEER_DEBOUNCE_MS, 0));
      rows.push(
        `| ${n.toLocaleString('en-US')} | ${(text.length / 1024).toFixed(0)} KB | ${fmt(oOpen)} | ${fmt(pOpen)} | ${ratio(pOpen, oOpen)} | ${ratio(work(pOpen), oOpen)} | ${fmt(oEdit)} | ${fmt(pEdit)} | ${ratio(pEdit, oEdit)} | ${ratio(work(pEdit), oEdit)} |`,
      );
    }
    console.log('\nSAM template diagnostics over LSP (stdio), same run, same machine; edit = median of one-character edits\n');
    console.log(
      `yaml-language-server reported ${peerDiagnostics} diagnostic(s) on a probe template with one unknown property (schema validation ${peerDiagnostics > 0 ? 'active' : 'NOT active: its figures are not comparable'}).`,
    );
    console.log(
      `"excl. debounce" subtracts the peer's fixed ${PEER_DEBOUNCE_MS} ms validation delay (yamlSettings.validationDelayMs), i.e. compares work only.\n`,
    );
    console.log(
      '| functions | size | ours: open → diagnostics | yaml-language-server + schema | ours faster by | excl. debounce | ours: edit → diagnostics | yaml-language-server edit | ours faster by | excl. debounce |',
    );
    console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of rows) console.log(r);
    if (peerSkip) console.log(`\n(yaml-language-server skipped at larger sizes once a run passed ${PEER_CUTOFF_MS / 1000} s)`);
    await stop(ours);
    await stop(peer);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
