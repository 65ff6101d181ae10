import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTemplate, templateFunctions } from '../../../src/lambda/template';
import { esbuildFunction, esbuildOptions, handlerModule } from '../../../src/lambda/build';

const yaml = `
Globals:
  Function:
    Runtime: nodejs22.x
    MemorySize: 256
    Environment:
      Variables:
        SHARED: yes-shared
        OVERRIDE: global
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/api
      Handler: app.handler
      Timeout: 15
      Layers:
        - !Ref CommonLayer
        - arn:aws:lambda:us-east-1:123456789012:layer:x:1
      Environment:
        Variables:
          OVERRIDE: own
          TABLE: !Ref Table
          URL: !Sub "https://\${Api}.example"
    Metadata:
      BuildMethod: esbuild
      BuildProperties:
        Minify: false
        EntryPoints: [app.ts]
  Image:
    Type: AWS::Serverless::Function
    Properties:
      PackageType: Image
  Raw:
    Type: AWS::Lambda::Function
    Properties:
      Code: raw/
      Handler: index.handler
      Runtime: python3.12
  Inline:
    Type: AWS::Lambda::Function
    Properties:
      Code: { ZipFile: "def h(e, c): pass" }
  Table:
    Type: AWS::DynamoDB::Table
`;

test('template functions merge Globals, keep literal env values and list the rest', () => {
  const fns = templateFunctions(parseTemplate(yaml), '/proj');
  assert.deepEqual(
    fns.map((f) => f.logicalId),
    ['Api', 'Raw'],
  );
  const api = fns[0];
  assert.equal(api.codeDir, '/proj/src/api');
  assert.equal(api.runtime, 'nodejs22.x');
  assert.equal(api.memorySize, 256);
  assert.equal(api.timeout, 15);
  assert.deepEqual(api.environment, { SHARED: 'yes-shared', OVERRIDE: 'own' });
  assert.deepEqual(api.unresolvedEnvironment, ['TABLE', 'URL']);
  assert.deepEqual(api.layers, ['arn:aws:lambda:us-east-1:123456789012:layer:x:1']);
  assert.equal(api.buildMethod, 'esbuild');
  assert.deepEqual(api.buildProperties, { Minify: false, EntryPoints: ['app.ts'] });
  assert.equal(fns[1].codeDir, '/proj/raw');
  assert.equal(fns[1].runtime, 'python3.12');
});

test('JSON templates parse too; a file without Resources is refused', () => {
  const json = JSON.stringify({ Resources: { F: { Type: 'AWS::Serverless::Function', Properties: { CodeUri: '.', Handler: 'a.b', Runtime: 'python3.13' } } } });
  assert.equal(templateFunctions(parseTemplate(json), '/p')[0].codeDir, '/p');
  assert.throws(() => parseTemplate('a: 1\n'), /no Resources section/);
});

test('esbuild options follow SAM defaults and BuildProperties', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-esb-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'app.ts'), 'export const handler = 1;');
  writeFileSync(join(dir, 'index.mjs'), 'export const handler = 1;');
  const defaults = esbuildOptions({ codeDir: dir, handler: 'index.handler' }, '/out');
  assert.deepEqual(defaults.entryPoints, ['index.mjs']);
  assert.equal(defaults.minify, true);
  assert.equal(defaults.target, 'es2020');
  assert.equal(defaults.format, 'cjs');
  assert.equal(defaults.sourcemap, false);
  assert.deepEqual(defaults.mainFields, ['main', 'module']);
  assert.equal(defaults.platform, 'node');
  const nested = esbuildOptions(
    {
      codeDir: dir,
      handler: 'src/app.handler',
      properties: { Format: 'esm', External: ['pg'], Sourcemap: true, OutExtension: ['.js=.mjs'], Loader: ['.png=dataurl'] },
    },
    '/out',
  );
  assert.deepEqual(nested.entryPoints, ['src/app.ts']);
  assert.equal(nested.outbase, dir, 'a nested handler keeps its folder');
  assert.equal(nested.format, 'esm');
  assert.deepEqual(nested.external, ['pg']);
  assert.deepEqual(nested.outExtension, { '.js': '.mjs' });
  assert.deepEqual(nested.loader, { '.png': 'dataurl' });
  assert.throws(() => esbuildOptions({ codeDir: dir, handler: 'missing.handler' }, '/out'), /No source file for handler/);
  assert.throws(() => esbuildOptions({ codeDir: dir, handler: 'x.handler', properties: { EntryPoints: ['nope.ts'] } }, '/out'), /nope\.ts does not exist/);
  assert.equal(handlerModule('a/b/c.handler'), 'a/b/c');
});

test('esbuild errors name the file, line and column; the temp folder is removed', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lwb-esb-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'app.ts'), 'export const handler = async () => {\n  return { ok: true ;\n};\n');
  await assert.rejects(esbuildFunction({ codeDir: dir, handler: 'app.handler' }), /esbuild failed:\napp\.ts:2:\d+: /);
  writeFileSync(join(dir, 'app.ts'), 'export const handler = async () => ({ ok: true });\n');
  const out = await esbuildFunction({ codeDir: dir, handler: 'app.handler' });
  assert.deepEqual(out.files, ['app.js']);
  await out.dispose();
  assert.equal(existsSync(out.outDir), false);
});

test('deploy reads templates through the one reader: Globals Layers add up, AWS::Lambda::Function takes no Globals', () => {
  const doc = parseTemplate(`
Parameters:
  Stage: { Type: String, Default: dev }
Globals:
  Function:
    Runtime: nodejs22.x
    Layers: [arn:aws:lambda:us-east-1:123456789012:layer:shared:1]
Resources:
  F:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: f
      Handler: a.b
      FunctionName: !Sub shop-\${Stage}
      Layers: [arn:aws:lambda:us-east-1:123456789012:layer:own:2]
  L:
    Type: AWS::Lambda::Function
    Properties: { Code: l, Handler: a.b }
`);
  const [f, l] = templateFunctions(doc, '/p');
  assert.deepEqual(f.layers, ['arn:aws:lambda:us-east-1:123456789012:layer:shared:1', 'arn:aws:lambda:us-east-1:123456789012:layer:own:2']);
  assert.equal(f.functionName, 'shop-dev');
  assert.equal(l.runtime, undefined);
  assert.deepEqual(l.layers, []);
});
