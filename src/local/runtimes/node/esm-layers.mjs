// Module hooks for ES-module handlers: NODE_PATH (where the layers' nodejs/node_modules are, as in
// /opt) only serves require(), so a bare `import 'lib'` that node cannot resolve from the handler's
// own folders is retried from each layer folder, as Lambda's node runtime does for ESM.
import { pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

let parents = [];

export function initialize(data) {
  // A module "inside" the folder holding node_modules: resolving from it searches that node_modules.
  parents = (data && data.nodeModules ? data.nodeModules : []).map((dir) => pathToFileURL(join(dirname(dir), 'lambda-workbench-layer.mjs')).href);
}

const isBare = (s) => !/^(\.{0,2}\/|[a-zA-Z][a-zA-Z\d+.-]*:|#)/.test(s);

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (err) {
    if (!err || err.code !== 'ERR_MODULE_NOT_FOUND' || !isBare(specifier)) throw err;
    for (const parentURL of parents) {
      try {
        return await nextResolve(specifier, { ...context, parentURL });
      } catch {
        // not in this layer
      }
    }
    throw err;
  }
}
