// Builds the extension bundles into dist/. Tests run the TypeScript sources directly through tsx.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, cpSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');

/** Node entries: each becomes one self-contained CommonJS bundle in dist/. */
const nodeEntries = [
  { in: 'src/extension.ts', out: 'extension', external: ['vscode'] },
  { in: 'src/server/main.ts', out: 'server' },
  { in: 'src/local/main.ts', out: 'local', banner: '#!/usr/bin/env node' },
];

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  legalComments: 'linked',
  // The SDK ships browser and node variants; we always run under node.
  mainFields: ['module', 'main'],
};

const builds = [];
for (const e of nodeEntries) {
  if (!existsSync(join(root, e.in))) continue;
  builds.push({
    ...common,
    entryPoints: { [e.out]: join(root, e.in) },
    outdir: join(root, 'dist'),
    external: e.external ?? [],
    banner: e.banner ? { js: e.banner } : undefined,
  });
}

// Webview scripts: one browser bundle per panel page (no vscode import; they talk through
// acquireVsCodeApi().postMessage). The other modules of src/webview/ (protocols, rendering, lib/) are
// bundled into these. Each panel's stylesheet is media/<panel>.css, shipped as it is.
const webviewEntries = [
  'src/webview/logs/logsPanel.ts',
  'src/webview/invoke/resultPanel.ts',
  'src/webview/metrics/metricsPanel.ts',
  'src/webview/request/requestPanel.ts',
  'src/webview/insights/insightsPanel.ts',
]
  .map((p) => join(root, p))
  .filter((p) => existsSync(p));
if (webviewEntries.length) {
  builds.push({
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    mainFields: ['browser', 'module', 'main'],
    entryPoints: webviewEntries,
    // Fixed base: the output layout must not depend on how many webview folders exist.
    outbase: join(root, 'src/webview'),
    outdir: join(root, 'dist/webview'),
  });
}

// Runtime bootstraps and other files the local service spawns or reads at run time.
function copyAssets() {
  const rt = join(root, 'src/local/runtimes');
  if (existsSync(rt)) {
    mkdirSync(join(root, 'dist'), { recursive: true });
    cpSync(rt, join(root, 'dist/runtimes'), { recursive: true });
  }
  // Webviews use codicons from the extension's own files (no remote content under their CSP).
  const codicons = join(root, 'node_modules/@vscode/codicons/dist');
  if (existsSync(codicons)) {
    mkdirSync(join(root, 'dist/webview/codicons'), { recursive: true });
    for (const f of ['codicon.css', 'codicon.ttf']) cpSync(join(codicons, f), join(root, 'dist/webview/codicons', f));
  }
  // uPlot (the metrics and Insights charts) is bundled into each page; its stylesheet ships beside them.
  const uplotCss = join(root, 'node_modules/uplot/dist/uPlot.min.css');
  if (existsSync(uplotCss)) {
    mkdirSync(join(root, 'dist/webview/uplot'), { recursive: true });
    cpSync(uplotCss, join(root, 'dist/webview/uplot/uPlot.min.css'));
  }
}

// A release build starts from an empty dist/ so nothing stale ships in the .vsix.
if (production) rmSync(join(root, 'dist'), { recursive: true, force: true });
copyAssets();
if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
  console.log('watching…');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
