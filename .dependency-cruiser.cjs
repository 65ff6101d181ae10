// The folder table of docs/ARCHITECTURE.md, enforced: `npm run lint` runs `depcruise src` with this
// file and fails on any error below. Each rule names the table row it keeps; change the table (and
// its reason) with the rule. Type-only imports count like any other import (they are arrows too),
// except where a rule says otherwise.

const OURS = '^src/(contract|core|insights|lambda|logs|local|sam|server|vscode|webview)/|^src/extension[.]ts$';
/** Every folder of ours except the given ones (and the importing folder itself). */
const oursExcept = (...allowed) => `^src/(?!(${allowed.join('|')})/)(contract|core|insights|lambda|logs|local|sam|server|vscode|webview)/|^src/extension[.]ts$`;
/** The VS Code API: the `vscode` module (resolved to @types/vscode, or left unresolved). */
const VSCODE = '^vscode$|node_modules/@types/vscode/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles anywhere in src: a cycle makes load order matter and two files one.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'contract-imports-nothing',
      severity: 'error',
      comment: 'src/contract is what the local service and its clients agree on; every folder may import it, so it imports no folder of ours and no package.',
      from: { path: '^src/contract/' },
      to: { pathNot: '^src/contract/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'core-imports-no-folder',
      severity: 'error',
      comment: 'src/core (credentials, connections, sessions) is the bottom layer: it imports only the contract, the SDK and node.',
      from: { path: '^src/core/' },
      to: { path: oursExcept('core', 'contract') },
    },
    {
      name: 'lambda-imports-core-logs-sam',
      severity: 'error',
      comment: 'src/lambda may import core (connections, errors), logs (REPORT parsing), sam (the one template reader) and the contract.',
      from: { path: '^src/lambda/' },
      to: { path: oursExcept('lambda', 'core', 'logs', 'sam', 'contract') },
    },
    {
      name: 'insights-imports-nothing',
      severity: 'error',
      comment:
        'src/insights is the Logs Insights query language (vocabulary, parser, evaluator): pure, it imports no folder of ours, so the local service, logs, vscode and the webviews can all import it.',
      from: { path: '^src/insights/' },
      to: { path: oursExcept('insights') },
    },
    {
      name: 'logs-imports-core',
      severity: 'error',
      comment:
        'src/logs may import core (error wording), the contract and insights (the query language); nothing above it (lambda, vscode) and not the local service.',
      from: { path: '^src/logs/' },
      to: { path: oursExcept('logs', 'core', 'contract', 'insights') },
    },
    {
      name: 'local-imports-contract-sam',
      severity: 'error',
      comment:
        "src/local is a separate process (dist/local.js): it may import the contract, sam (to read templates) and insights (the Logs Insights language), never core (the extension's sessions and SDK clients), lambda, logs or vscode.",
      from: { path: '^src/local/' },
      to: { path: oursExcept('local', 'contract', 'sam', 'insights') },
    },
    {
      name: 'local-uses-no-sdk-client',
      severity: 'error',
      comment: "src/local serves the AWS APIs; it may borrow the SDK's shapes as types, but never runs an SDK client.",
      from: { path: '^src/local/' },
      to: { path: 'node_modules/@aws-sdk/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'sam-imports-no-folder',
      severity: 'error',
      comment: 'src/sam (the template language service and the template reader) imports yaml, its schema data and node only: no lambda, no core.',
      from: { path: '^src/sam/' },
      to: { path: oursExcept('sam') },
    },
    {
      name: 'server-imports-sam',
      severity: 'error',
      comment: 'src/server only wires src/sam to vscode-languageserver.',
      from: { path: '^src/server/' },
      to: { path: oursExcept('server', 'sam') },
    },
    {
      name: 'vscode-api-only-in-vscode',
      severity: 'error',
      comment: 'Only src/vscode and src/extension.ts touch the VS Code API; the rest runs and is tested under plain node.',
      from: { path: '^src/', pathNot: '^src/vscode/|^src/extension[.]ts$' },
      to: { path: VSCODE },
    },
    {
      name: 'vscode-talks-to-processes-not-their-code',
      severity: 'error',
      comment:
        'src/vscode imports everything pure, but the local service and the language server run as their own processes: it reaches them through the contract, the SDK and the language client. Of the webview pages it imports only their message protocols (src/webview/*/protocol.ts), the one module a panel and its page share.',
      from: { path: '^src/vscode/' },
      to: { path: '^src/(local|server|webview)/', pathNot: '^src/webview/[^/]+/protocol\\.ts$' },
    },
    {
      name: 'webview-imports-logs',
      severity: 'error',
      comment:
        "src/webview are browser bundles: they may import logs' pure model and messages and insights (the query language, pure); from other folders only types (erased), and no node module.",
      from: { path: '^src/webview/' },
      to: { path: oursExcept('webview', 'logs', 'insights'), dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'webview-no-node',
      severity: 'error',
      comment: 'src/webview runs in the browser: no node built-in.',
      from: { path: '^src/webview/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'nothing-imports-the-entry-points',
      severity: 'error',
      comment: 'src/extension.ts and the process entries (local/main.ts, server/main.ts) are wiring only: nothing imports them.',
      from: { path: OURS },
      to: { path: '^src/extension[.]ts$|^src/local/main[.]ts$|^src/server/main[.]ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports are arrows too.
    tsPreCompilationDeps: true,
  },
};
