// The demo workspace is a working SAM app, not just a pretty file: its template is consistent with the
// files beside it, and every function runs on the embedded local service with its saved test events
// (the CommonJS one through the layer, the ES module one, the Python one).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type Tags } from 'yaml';
import { CreateFunctionCommand, InvokeCommand, PublishLayerVersionCommand, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { LOCAL_SOURCE_BUCKET } from '../../src/local/contracts';
import { startLocal, type LocalHarness } from '../integration/local/harness';
import { FIXTURES_DIR } from './harness';

const DEMO = join(FIXTURES_DIR, 'demo');

// CloudFormation's short-form intrinsics, kept as their long form.
const cfnTags: Tags = ['Ref', 'Sub', 'GetAtt', 'Join', 'Select', 'If', 'Equals', 'Not', 'FindInMap', 'ImportValue', 'Split', 'Base64', 'GetAZs'].map((name) => ({
  tag: `!${name}`,
  resolve: (value: unknown) => ({ [name === 'Ref' ? 'Ref' : `Fn::${name}`]: value }),
}));

interface Resource {
  Type: string;
  Properties: Record<string, unknown> & { CodeUri?: string; ContentUri?: string; Handler?: string; Runtime?: string; Environment?: { Variables?: Record<string, unknown> } };
}
const template = parse(readFileSync(join(DEMO, 'template.yaml'), 'utf8'), { customTags: cfnTags }) as {
  Transform: string;
  Globals: { Function: { Timeout: number; MemorySize: number; Environment: { Variables: Record<string, unknown> } } };
  Resources: Record<string, Resource>;
};
const functions = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Serverless::Function');

/** The file a handler string points at: index.handler -> index.js / index.mjs / index.cjs, app.handler -> app.py. */
function handlerFile(codeDir: string, handler: string, runtime: string): string | undefined {
  const base = handler.slice(0, handler.lastIndexOf('.'));
  const exts = runtime.startsWith('python') ? ['.py'] : ['.js', '.mjs', '.cjs'];
  return exts.map((e) => join(codeDir, base + e)).find(existsSync);
}

function savedEvents(fn: string): [string, unknown][] {
  const dir = join(DEMO, '.lambda-workbench', 'events', fn);
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, f), 'utf8'))]);
}

describe('the demo workspace template', () => {
  test('is a SAM template with Globals, three functions, an HTTP API event and a layer', () => {
    assert.equal(template.Transform, 'AWS::Serverless-2016-10-31');
    assert.ok(template.Globals.Function.Timeout > 0);
    assert.deepEqual(functions.map(([id]) => id).sort(), ['HelloFunction', 'OrdersFunction', 'ReportFunction']);
    assert.deepEqual(new Set(functions.map(([, r]) => r.Properties.Runtime!.replace(/[\d.]+x?$/, ''))), new Set(['nodejs', 'python']));
    const hello = template.Resources.HelloFunction.Properties as { Events: Record<string, { Type: string }> };
    assert.ok(Object.values(hello.Events).some((e) => e.Type === 'HttpApi'));
    const layer = template.Resources.SharedLayer;
    assert.equal(layer.Type, 'AWS::Serverless::LayerVersion');
    assert.ok(existsSync(join(DEMO, layer.Properties.ContentUri!, 'nodejs', 'node_modules', 'shared-greeting', 'index.js')));
  });

  test('every function\'s handler file exists and every saved event belongs to a function', () => {
    for (const [id, r] of functions) {
      const file = handlerFile(join(DEMO, r.Properties.CodeUri!), r.Properties.Handler!, r.Properties.Runtime!);
      assert.ok(file, `${id}: handler ${r.Properties.Handler} in ${r.Properties.CodeUri}`);
    }
    const eventDirs = readdirSync(join(DEMO, '.lambda-workbench', 'events'));
    assert.deepEqual(eventDirs.filter((d) => !template.Resources[d]), [], 'event folders are named by logical id');
    for (const [id] of functions) assert.ok(savedEvents(id).length > 0, `${id} has saved events`);
  });
});

describe('the demo functions on the local service', () => {
  let local: LocalHarness | undefined;
  const names: Record<string, string> = {};
  before(async () => {
    local = await startLocal({ args: ['--state-delay-ms', '0'] });
    const layer = await local.lambda.send(new PublishLayerVersionCommand({
      LayerName: 'demo-shared',
      Content: { S3Bucket: LOCAL_SOURCE_BUCKET, S3Key: join(DEMO, template.Resources.SharedLayer.Properties.ContentUri!) },
      CompatibleRuntimes: ['nodejs22.x'],
    }));
    for (const [id, r] of functions) {
      const p = r.Properties;
      const FunctionName = `demo-${id}`;
      names[id] = FunctionName;
      const env = { ...template.Globals.Function.Environment.Variables, STAGE: 'dev', ...(p.Environment?.Variables ?? {}) };
      await local.lambda.send(new CreateFunctionCommand({
        FunctionName,
        Runtime: p.Runtime as never,
        Handler: p.Handler,
        Role: 'arn:aws:iam::000000000000:role/demo',
        Code: { S3Bucket: LOCAL_SOURCE_BUCKET, S3Key: join(DEMO, p.CodeUri!) },
        Timeout: (p.Timeout as number | undefined) ?? template.Globals.Function.Timeout,
        MemorySize: (p.MemorySize as number | undefined) ?? template.Globals.Function.MemorySize,
        Environment: { Variables: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])) },
        Layers: p.Layers ? [layer.LayerVersionArn!] : undefined,
      }));
      await waitUntilFunctionActiveV2({ client: local.lambda, maxWaitTime: 60 }, { FunctionName });
    }
  }, { timeout: 5 * 60_000 });
  after(async () => {
    await local?.stop();
  });

  async function invoke(id: string, event: string) {
    const payload = savedEvents(id).find(([n]) => n === event)?.[1];
    assert.ok(payload, `${id} has a saved event ${event}`);
    const out = await local!.lambda.send(new InvokeCommand({ FunctionName: names[id], Payload: JSON.stringify(payload), LogType: 'Tail' }));
    const body = JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8') || 'null') as Record<string, unknown>;
    const logs = Buffer.from(out.LogResult ?? '', 'base64').toString('utf8');
    return { out, body, logs };
  }

  test('HelloFunction (CommonJS + layer) answers the saved API event', async () => {
    const { out, body, logs } = await invoke('HelloFunction', 'get-hello');
    assert.equal(out.FunctionError, undefined, JSON.stringify(body));
    assert.equal(body.statusCode, 200);
    assert.deepEqual(JSON.parse(body.body as string), { message: 'Hello, Ada!', stage: 'dev' });
    assert.match(logs, /hello invoked/);
  });

  test('OrdersFunction (ES module) totals an order and fails an empty one', async () => {
    const ok = await invoke('OrdersFunction', 'two-lines');
    assert.deepEqual(ok.body, { orderId: 'ord-1001', currency: 'EUR', total: 28.6 });
    const bad = await invoke('OrdersFunction', 'empty-order');
    assert.equal(bad.out.FunctionError, 'Unhandled');
    assert.match(String(bad.body.errorMessage), /at least one line/);
  });

  test('ReportFunction (Python) summarises the saved numbers', async () => {
    const { out, body } = await invoke('ReportFunction', 'numbers');
    assert.equal(out.FunctionError, undefined, JSON.stringify(body));
    assert.deepEqual(body, { count: 8, sum: 31, mean: 3.875, min: 1, max: 9 });
  });
});
