// Seeds a local service data folder for the explorer's end-to-end test, through the SDK only: more
// functions than one ListFunctions page holds, one function with two published versions, a weighted
// alias, a layer it uses and a secret environment value, so the tree, Load more, the filter and Show
// configuration all have something real to show. The extension's own local service then starts on the
// same folder (the `lambdaWorkbench.localService.dataDir` setting).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  PublishLayerVersionCommand,
  PublishVersionCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2,
  type LambdaClient,
  type Runtime,
} from '@aws-sdk/client-lambda';
import { LOCAL_SOURCE_BUCKET } from '../../src/contract/localService';
import { startLocal } from '../integration/local/harness';

/** More than Lambda's page of 50, so the explorer shows "Load more". */
export const BULK_COUNT = 54;
export const MAIN_FUNCTION = 'app-orders';
export const LAYER_NAME = 'shared-utils';
export const ALIAS_NAME = 'live';
/** Deprecated since 2026-04-30: the explorer marks functions that still use it. */
export const DEPRECATED_RUNTIME = 'nodejs20.x';
/** A value that must never reach the screen: Show configuration masks it. */
export const SECRET_VALUE = 'e2e-secret-value-7f3a9c';

export interface ExplorerSeed {
  dataDir: string;
  /** The source folders the seeded functions and layer point at (source mode); delete after the test. */
  sourceDir: string;
  functionNames: string[];
}

export function bulkName(i: number): string {
  return `bulk-${String(i).padStart(3, '0')}`;
}

/** Writes a handler folder and a layer folder the functions are created from. */
function writeSources(): { sourceDir: string; codeDir: string; layerDir: string } {
  const sourceDir = mkdtempSync(join(tmpdir(), 'lwb-e2e-explorer-src-'));
  const codeDir = join(sourceDir, 'code');
  const layerDir = join(sourceDir, 'layer');
  mkdirSync(codeDir);
  mkdirSync(join(layerDir, 'nodejs', 'node_modules', 'shared-utils'), { recursive: true });
  writeFileSync(join(codeDir, 'index.js'), 'exports.handler = async (event) => ({ ok: true, event });\n');
  writeFileSync(join(layerDir, 'nodejs', 'node_modules', 'shared-utils', 'index.js'), 'exports.greet = (n) => `hello ${n}`;\n');
  return { sourceDir, codeDir, layerDir };
}

async function seedFunctions(lambda: LambdaClient, codeDir: string, layerDir: string): Promise<string[]> {
  const layer = await lambda.send(
    new PublishLayerVersionCommand({
      LayerName: LAYER_NAME,
      Description: 'Helpers shared by the e2e functions',
      Content: { S3Bucket: LOCAL_SOURCE_BUCKET, S3Key: layerDir },
      CompatibleRuntimes: ['nodejs22.x', 'nodejs20.x'],
    }),
  );
  const code = { S3Bucket: LOCAL_SOURCE_BUCKET, S3Key: codeDir };
  const base = { Runtime: 'nodejs22.x' as const, Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/lwb-e2e', Code: code };

  await lambda.send(
    new CreateFunctionCommand({
      ...base,
      FunctionName: MAIN_FUNCTION,
      Description: 'Orders API',
      MemorySize: 256,
      Timeout: 10,
      Layers: [layer.LayerVersionArn!],
      Environment: { Variables: { STAGE: 'e2e', DB_PASSWORD: SECRET_VALUE } },
    }),
  );
  await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 60 }, { FunctionName: MAIN_FUNCTION });
  const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: MAIN_FUNCTION, Description: 'first release' }));
  // A configuration change between the two publishes, so the second one is a new version.
  await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: MAIN_FUNCTION, MemorySize: 512 }));
  await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 60 }, { FunctionName: MAIN_FUNCTION });
  const v2 = await lambda.send(new PublishVersionCommand({ FunctionName: MAIN_FUNCTION, Description: 'canary' }));
  if (v1.Version !== '1' || v2.Version !== '2') throw new Error(`expected versions 1 and 2, the service published ${v1.Version} and ${v2.Version}`);
  await lambda.send(
    new CreateAliasCommand({
      FunctionName: MAIN_FUNCTION,
      Name: ALIAS_NAME,
      FunctionVersion: '1',
      RoutingConfig: { AdditionalVersionWeights: { '2': 0.1 } },
    }),
  );

  const names = [MAIN_FUNCTION];
  for (let i = 1; i <= BULK_COUNT; i++) {
    const name = bulkName(i);
    // The first one keeps a deprecated runtime, so the tree's deprecation mark has something to show.
    const runtime: Runtime = i === 1 ? DEPRECATED_RUNTIME : base.Runtime;
    await lambda.send(new CreateFunctionCommand({ ...base, Runtime: runtime, FunctionName: name, MemorySize: 128, Timeout: 3 }));
    names.push(name);
  }
  return names;
}

/** Creates the explorer's functions, versions, alias and layer in a fresh data folder, then stops the service. */
export async function seedExplorerDataDir(): Promise<ExplorerSeed> {
  const { sourceDir, codeDir, layerDir } = writeSources();
  const local = await startLocal({ args: ['--state-delay-ms', '0'] });
  try {
    const functionNames = await seedFunctions(local.lambda, codeDir, layerDir);
    return { dataDir: local.dataDir, sourceDir, functionNames };
  } catch (err) {
    throw new Error(`seeding the explorer's local service failed: ${err instanceof Error ? err.message : String(err)}\n${local.stderr().slice(-2000)}`);
  } finally {
    await local.stop({ keepDataDir: true });
  }
}
