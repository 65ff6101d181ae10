#!/usr/bin/env node
// Installs and caches the end-to-end tools outside the repository (Node 24, code-server; Chromium is
// checked, never downloaded) and prints their paths as one JSON line. Safe to run again or to
// interrupt: see test/e2e/env.ts. The cache is ~/.cache/lambda-workbench-e2e unless LWB_E2E_CACHE says.
import { tsImport } from 'tsx/esm/api';

const { ensureTools, cacheRoot } = await tsImport('../test/e2e/env.ts', import.meta.url);
const started = Date.now();
try {
  const tools = await ensureTools();
  console.error(`e2e-env: tools ready in ${cacheRoot()} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  console.log(JSON.stringify(tools));
} catch (err) {
  console.error(`e2e-env: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
