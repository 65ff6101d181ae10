// Layers: publish from a folder, attach, list, delete, against the local service.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLocal, type LocalHarness } from '../local/harness';
import {
  attachLayers,
  deployCode,
  detachLayer,
  deleteLayerVersion,
  invokeFunction,
  LayerLister,
  layerLabel,
  listLayerVersions,
  loadFunctionDetails,
  publishLayerFromFolder,
  ValidationError,
} from '../../../src/lambda';
import { tempTree } from './fixtures';

let h: LocalHarness;
before(async () => {
  h = await startLocal();
});
after(async () => {
  await h?.stop();
});

const usesLayer = "const greet = require('greet');\nexports.handler = async () => ({ greeting: greet('layer') });\n";

test('publish a layer from a folder, attach it, a new version replaces the old one in place', async (t) => {
  const v1Dir = tempTree({ 'nodejs/node_modules/greet/index.js': "module.exports = (n) => 'hi ' + n;\n" }, t);
  const v2Dir = tempTree({ 'nodejs/node_modules/greet/index.js': "module.exports = (n) => 'hello ' + n;\n" }, t);
  const p1 = await publishLayerFromFolder(h.lambda, {
    layerName: 'greet',
    dir: v1Dir,
    compatibleRuntimes: ['nodejs20.x', 'nodejs22.x'],
    description: 'greeter',
  });
  assert.equal(p1.Version, 1);
  assert.match(p1.LayerVersionArn!, /:layer:greet:1$/);

  const fnDir = tempTree({ 'index.js': usesLayer }, t);
  await deployCode(h.lambda, {
    functionName: 'it-layers',
    source: { kind: 'folder', dir: fnDir },
    create: { Runtime: 'nodejs20.x', Handler: 'index.handler' },
  });
  const attached = await attachLayers(h.lambda, 'it-layers', [p1.LayerVersionArn!]);
  assert.deepEqual(attached.Layers?.map(layerLabel), ['greet:1']);
  assert.equal(JSON.parse((await invokeFunction(h.lambda, { functionName: 'it-layers' })).payloadText).greeting, 'hi layer');

  const p2 = await publishLayerFromFolder(h.lambda, { layerName: 'greet', dir: v2Dir, compatibleRuntimes: ['nodejs20.x'] });
  const replaced = await attachLayers(h.lambda, 'it-layers', [p2.LayerVersionArn!]);
  assert.deepEqual(replaced.Layers?.map(layerLabel), ['greet:2']);
  assert.equal(JSON.parse((await invokeFunction(h.lambda, { functionName: 'it-layers' })).payloadText).greeting, 'hello layer');
  const details = await loadFunctionDetails(h.lambda, 'it-layers');
  assert.deepEqual(details.layers.map(layerLabel), ['greet:2']);

  const layers = await new LayerLister(h.lambda).refresh();
  assert.ok(layers.items.some((l) => l.LayerName === 'greet'));
  const versions = await listLayerVersions(h.lambda, 'greet');
  assert.deepEqual(
    versions.map((v) => v.Version),
    [2, 1],
  );
  await deleteLayerVersion(h.lambda, 'greet', 1);
  assert.deepEqual(
    (await listLayerVersions(h.lambda, 'greet')).map((v) => v.Version),
    [2],
  );
  const detached = await detachLayer(h.lambda, 'it-layers', p2.LayerVersionArn!);
  assert.deepEqual(detached.Layers ?? [], []);
});

test('a python layer with the python/ layout works', async (t) => {
  const dir = tempTree({ 'python/helper.py': 'def double(x):\n    return x * 2\n' }, t);
  const p = await publishLayerFromFolder(h.lambda, { layerName: 'pyhelper', dir, compatibleRuntimes: ['python3.12'] });
  const fnDir = tempTree({ 'app.py': 'import helper\ndef handler(event, context):\n    return {"d": helper.double(21)}\n' }, t);
  await deployCode(h.lambda, {
    functionName: 'it-pylayer',
    source: { kind: 'folder', dir: fnDir },
    create: { Runtime: 'python3.12', Handler: 'app.handler', Layers: [p.LayerVersionArn!] },
  });
  assert.deepEqual(JSON.parse((await invokeFunction(h.lambda, { functionName: 'it-pylayer' })).payloadText), { d: 42 });
});

test('a layer folder with the wrong layout is refused before publishing', async (t) => {
  const flat = tempTree({ 'node_modules/greet/index.js': '1' }, t);
  await assert.rejects(
    publishLayerFromFolder(h.lambda, { layerName: 'flat', dir: flat, compatibleRuntimes: ['nodejs20.x'] }),
    (e: unknown) => e instanceof ValidationError && /under nodejs\//.test(e.message),
  );
  const py = tempTree({ 'helper.py': '1' }, t);
  await assert.rejects(publishLayerFromFolder(h.lambda, { layerName: 'py', dir: py, compatibleRuntimes: ['python3.12'] }), /under python\//);
  await assert.rejects(publishLayerFromFolder(h.lambda, { layerName: 'none', dir: py }), /does not look like a layer/);
  await assert.rejects(publishLayerFromFolder(h.lambda, { layerName: 'bad name', dir: flat }), /Layer name/);
  await assert.rejects(publishLayerFromFolder(h.lambda, { layerName: 'rt', dir: flat, compatibleRuntimes: ['node99'] }), /Unknown runtime/);
  assert.equal((await new LayerLister(h.lambda).refresh()).items.filter((l) => ['flat', 'py', 'none'].includes(l.LayerName!)).length, 0);
});

test('attaching more than five layers is refused', async (t) => {
  const dir = tempTree({ 'nodejs/x.js': '1' }, t);
  const arns: string[] = [];
  for (let i = 0; i < 6; i++)
    arns.push((await publishLayerFromFolder(h.lambda, { layerName: `many${i}`, dir, compatibleRuntimes: ['nodejs20.x'] })).LayerVersionArn!);
  const fnDir = tempTree({ 'index.js': 'exports.handler=async()=>1' }, t);
  await deployCode(h.lambda, {
    functionName: 'it-many-layers',
    source: { kind: 'folder', dir: fnDir },
    create: { Runtime: 'nodejs20.x', Handler: 'index.handler' },
  });
  await assert.rejects(attachLayers(h.lambda, 'it-many-layers', arns), /at most 5 layers/);
});
