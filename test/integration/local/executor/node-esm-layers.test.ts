// ES-module handlers import bare specifiers from layers (/opt/nodejs/node_modules), which NODE_PATH
// alone does not give ESM.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, type Fixture } from './helpers';

describe('executor: ES-module node handlers and layers', () => {
  let f: Fixture;
  before(() => {
    f = fixture();
  });
  after(() => f.close());

  it('imports a CommonJS and an ES-module package from layers, the later layer winning, and its own packages first', async () => {
    const base = f.code({
      'nodejs/node_modules/greet/package.json': '{ "name": "greet", "main": "index.js" }',
      'nodejs/node_modules/greet/index.js': 'module.exports = (n) => `hello ${n} from the base layer`;\n',
      'nodejs/node_modules/shout/package.json': '{ "name": "shout", "type": "module", "exports": "./index.js" }',
      'nodejs/node_modules/shout/index.js': 'export const shout = (s) => s.toUpperCase();\n',
      'nodejs/node_modules/which/index.js': 'module.exports = "base layer";\n',
    });
    const top = f.code({ 'nodejs/node20/node_modules/which/index.js': 'module.exports = "top layer";\n' });
    const code = f.code({
      'index.mjs':
        "import greet from 'greet';\nimport { shout } from 'shout';\nimport which from 'which';\nimport own from 'own';\n" +
        'export const handler = async (e) => ({ greeting: shout(greet(e.name)), which, own });\n',
      'node_modules/own/index.js': 'module.exports = "own package";\n',
    });
    const r = await f.invoke(f.fn({ codeDir: code, runtime: 'nodejs20.x', layerDirs: [base, top] }), { name: 'esm' });
    assert.equal(r.functionError, undefined, r.payload.toString());
    assert.deepEqual(r.json, { greeting: 'HELLO ESM FROM THE BASE LAYER', which: 'top layer', own: 'own package' });
  });

  it('answers Runtime.ImportModuleError for a package found nowhere, as for CommonJS', async () => {
    const code = f.code({ 'index.mjs': "import x from 'nowhere-to-be-found';\nexport const handler = async () => x;\n" });
    const r = await f.invoke(f.fn({ codeDir: code, runtime: 'nodejs20.x', layerDirs: [f.code({ 'nodejs/node_modules/.keep': '' })] }));
    assert.equal(r.functionError, 'Unhandled');
    const e = r.json as { errorType: string; errorMessage: string };
    assert.equal(e.errorType, 'Runtime.ImportModuleError');
    assert.match(e.errorMessage, /^Error: Cannot find package 'nowhere-to-be-found' imported from .*index\.mjs/);
  });
});
