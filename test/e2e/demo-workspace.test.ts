// The demo workspace is a working SAM app, not just a pretty file: its template is consistent with the
// files beside it, and every function runs on the embedded local service with its saved test events
// (the CommonJS one through the layer, the ES module one, the Python one).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GetFunctionCommand, InvokeCommand, ListLayersCommand } from '@aws-sdk/client-lambda';
import { startLocal, type LocalHarness } from '../integration/local/harness';
import { FIXTURES_DIR } from './harness';
import { readTemplate, savedEvents as savedEventsOf, seedDemo, type SeededDemo } from './demoSeed';

const DEMO = join(FIXTURES_DIR, 'demo');
interface FnProps {
  CodeUri: string;
  Handler: string;
  Runtime: string;
  Events?: Record<string, { Type: string }>;
}
const template = readTemplate(DEMO);
const functions = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Serverless::Function') as unknown as [
  string,
  { Type: string; Properties: FnProps },
][];
const savedEvents = (fn: string) => savedEventsOf(DEMO, fn);

/** The file a handler string points at: index.handler -> index.js / index.mjs / index.cjs, app.handler -> app.py. */
function handlerFile(codeDir: string, handler: string, runtime: string): string | undefined {
  const base = handler.slice(0, handler.lastIndexOf('.'));
  const exts = runtime.startsWith('python') ? ['.py'] : ['.js', '.mjs', '.cjs'];
  return exts.map((e) => join(codeDir, base + e)).find(existsSync);
}

describe('the demo workspace template', () => {
  test('is a SAM template with Globals, three functions, an HTTP API event and a layer', () => {
    assert.equal(template.Transform, 'AWS::Serverless-2016-10-31');
    assert.ok(Number(template.Globals?.Function?.Timeout) > 0);
    assert.deepEqual(functions.map(([id]) => id).sort(), ['HelloFunction', 'OrdersFunction', 'ReportFunction']);
    assert.deepEqual(new Set(functions.map(([, r]) => r.Properties.Runtime.replace(/[\d.]+x?$/, ''))), new Set(['nodejs', 'python']));
    const hello = template.Resources.HelloFunction.Properties as unknown as FnProps;
    assert.ok(Object.values(hello.Events ?? {}).some((e) => e.Type === 'HttpApi'));
    const layer = template.Resources.SharedLayer;
    assert.equal(layer.Type, 'AWS::Serverless::LayerVersion');
    assert.ok(existsSync(join(DEMO, String(layer.Properties.ContentUri), 'nodejs', 'node_modules', 'shared-greeting', 'index.js')));
  });

  test("every function's handler file exists and every saved event belongs to a function", () => {
    for (const [id, r] of functions) {
      const file = handlerFile(join(DEMO, r.Properties.CodeUri), r.Properties.Handler, r.Properties.Runtime);
      assert.ok(file, `${id}: handler ${r.Properties.Handler} in ${r.Properties.CodeUri}`);
    }
    const eventDirs = readdirSync(join(DEMO, '.lambda-workbench', 'events'));
    assert.deepEqual(
      eventDirs.filter((d) => !template.Resources[d]),
      [],
      'event folders are named by logical id',
    );
    for (const [id] of functions) assert.ok(savedEvents(id).length > 0, `${id} has saved events`);
  });
});

describe('the demo functions on the local service (as npm run demo seeds them)', () => {
  let local: LocalHarness | undefined;
  let seeded: SeededDemo = { functions: {}, layers: {} };
  const names: Record<string, string> = {};
  before(
    async () => {
      local = await startLocal({ args: ['--state-delay-ms', '0'] });
      seeded = await seedDemo(local.lambda, DEMO);
      Object.assign(names, seeded.functions);
    },
    { timeout: 5 * 60_000 },
  );
  after(async () => {
    await local?.stop();
  });

  test("the template's names, configuration and layer are deployed", async () => {
    assert.deepEqual(Object.values(seeded.functions).sort(), ['demo-hello-dev', 'demo-orders-dev', 'demo-report-dev']);
    const orders = await local!.lambda.send(new GetFunctionCommand({ FunctionName: 'demo-orders-dev' }));
    assert.equal(orders.Configuration?.MemorySize, 512, 'own MemorySize wins over Globals');
    assert.equal(orders.Configuration?.Timeout, 10, 'Timeout from Globals');
    assert.deepEqual(orders.Configuration?.Environment?.Variables, { STAGE: 'dev', LOG_LEVEL: 'info', CURRENCY: 'EUR' });
    const hello = await local!.lambda.send(new GetFunctionCommand({ FunctionName: 'demo-hello-dev' }));
    assert.deepEqual(
      hello.Configuration?.Layers?.map((l) => l.Arn),
      [seeded.layers.SharedLayer],
    );
    const layers = await local!.lambda.send(new ListLayersCommand({}));
    assert.ok(layers.Layers?.some((l) => l.LayerName === 'demo-shared-dev'));
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
