// Deploys the demo workspace's SAM template to a local service, the way `npm run demo` seeds the
// extension's local service so the explorer opens on real functions: each layer and function is
// created from its source folder in the workspace (source mode, so edits take effect at the next
// invoke), then each function is invoked once with its first saved event so its log group has lines.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parse, type Tags } from 'yaml';
import {
  CreateFunctionCommand,
  InvokeCommand,
  LambdaClient,
  PublishLayerVersionCommand,
  waitUntilFunctionActiveV2,
  type Runtime,
} from '@aws-sdk/client-lambda';
import { LOCAL_SOURCE_BUCKET, type LocalServiceInfo } from '../../src/contract/localService';

const INTRINSICS = ['Ref', 'Sub', 'GetAtt', 'Join', 'Select', 'If', 'Equals', 'Not', 'FindInMap', 'ImportValue', 'Split', 'Base64', 'GetAZs'];

/** CloudFormation's short-form intrinsics (!Ref, !Sub, ...), read as their long form. */
export const CFN_TAGS: Tags = INTRINSICS.flatMap((name) => {
  const key = name === 'Ref' ? 'Ref' : `Fn::${name}`;
  const resolve = (value: unknown) => ({ [key]: value });
  // A tag may sit on a scalar (!Ref X) or a sequence (!Sub [str, vars]).
  return [
    { tag: `!${name}`, resolve },
    { tag: `!${name}`, collection: 'seq' as const, resolve: (value: unknown) => ({ [key]: (value as { toJSON(): unknown }).toJSON() }) },
  ];
});

export interface SamResource {
  Type: string;
  Properties: Record<string, unknown>;
}

export interface SamTemplate {
  Transform?: string;
  Parameters?: Record<string, { Default?: unknown }>;
  Globals?: { Function?: Record<string, unknown> };
  Resources: Record<string, SamResource>;
}

export function readTemplate(workspace: string): SamTemplate {
  return parse(readFileSync(join(workspace, 'template.yaml'), 'utf8'), { customTags: CFN_TAGS }) as SamTemplate;
}

/** The saved test events of a function: [name, payload] sorted by name. */
export function savedEvents(workspace: string, logicalId: string): [string, unknown][] {
  const dir = join(workspace, '.lambda-workbench', 'events', logicalId);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, f), 'utf8'))]);
}

export interface SeededDemo {
  /** Logical id -> deployed function name. */
  functions: Record<string, string>;
  /** Logical id -> layer version ARN. */
  layers: Record<string, string>;
}

/** Resolves what the demo uses: !Ref to a parameter (its default) or a layer, !Sub over parameters. */
function resolver(t: SamTemplate, layers: Record<string, string>) {
  const params = Object.fromEntries(Object.entries(t.Parameters ?? {}).map(([k, v]) => [k, String(v.Default ?? '')]));
  const value = (v: unknown): unknown => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if (typeof o.Ref === 'string') return layers[o.Ref] ?? params[o.Ref] ?? o.Ref;
      if (typeof o['Fn::Sub'] === 'string') return (o['Fn::Sub'] as string).replace(/\$\{([^}]+)\}/g, (_m, name: string) => params[name] ?? `\${${name}}`);
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, value(x)]));
    }
    return Array.isArray(v) ? v.map(value) : v;
  };
  return value;
}

/** Creates the template's layers and functions on the service behind `lambda`; returns their names. */
export async function seedDemo(lambda: LambdaClient, workspace: string): Promise<SeededDemo> {
  const t = readTemplate(workspace);
  const seeded: SeededDemo = { functions: {}, layers: {} };
  const entries = Object.entries(t.Resources);

  for (const [id, r] of entries.filter(([, r]) => r.Type === 'AWS::Serverless::LayerVersion')) {
    const p = resolver(t, seeded.layers)(r.Properties) as { LayerName?: string; Description?: string; ContentUri: string; CompatibleRuntimes?: string[] };
    const out = await lambda.send(
      new PublishLayerVersionCommand({
        LayerName: p.LayerName ?? id,
        Description: p.Description,
        Content: { S3Bucket: LOCAL_SOURCE_BUCKET, S3Key: join(workspace, p.ContentUri) },
        CompatibleRuntimes: p.CompatibleRuntimes as Runtime[] | undefined,
      }),
    );
    seeded.layers[id] = out.LayerVersionArn!;
  }

  const globals = (t.Globals?.Function ?? {}) as Record<string, unknown> & { Environment?: { Variables?: Record<string, unknown> } };
  for (const [id, r] of entries.filter(([, r]) => r.Type === 'AWS::Serverless::Function')) {
    const p = resolver(t, seeded.layers)({ ...globals, ...r.Properties }) as {
      FunctionName?: string;
      Description?: string;
      CodeUri: string;
      Handler: string;
      Runtime: string;
      Timeout?: number;
      MemorySize?: number;
      Architectures?: string[];
      Layers?: string[];
      Environment?: { Variables?: Record<string, unknown> };
      Tags?: Record<string, string>;
    };
    const variables = { ...(resolver(t, seeded.layers)(globals.Environment?.Variables ?? {}) as object), ...(p.Environment?.Variables ?? {}) };
    const FunctionName = p.FunctionName ?? id;
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName,
        Description: p.Description,
        Runtime: p.Runtime as Runtime,
        Handler: p.Handler,
        Role: 'arn:aws:iam::000000000000:role/lambda-workbench-demo',
        Code: { S3Bucket: LOCAL_SOURCE_BUCKET, S3Key: join(workspace, p.CodeUri) },
        Timeout: p.Timeout,
        MemorySize: p.MemorySize,
        Architectures: p.Architectures as ('x86_64' | 'arm64')[] | undefined,
        Layers: p.Layers,
        Environment: { Variables: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)])) },
        Tags: p.Tags,
      }),
    );
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 60 }, { FunctionName });
    seeded.functions[id] = FunctionName;
  }

  // One invoke each, so the log groups under each function have something to show.
  for (const [id, name] of Object.entries(seeded.functions)) {
    const first = savedEvents(workspace, id)[0];
    if (first) await lambda.send(new InvokeCommand({ FunctionName: name, Payload: JSON.stringify(first[1]) }));
  }
  return seeded;
}

/**
 * Seeds a local service data folder with the demo: runs `node <localBundle> --data-dir <dataDir>` long
 * enough to deploy, then stops it. The extension's own local service, pointed at the same folder (the
 * `lambdaWorkbench.localService.dataDir` setting), then starts with the functions, layers and logs.
 */
export async function seedDataDir(localBundle: string, dataDir: string, workspace: string): Promise<SeededDemo> {
  if (!existsSync(localBundle)) throw new Error(`${localBundle} is missing: run node scripts/build.mjs first`);
  const child = spawn(process.execPath, [localBundle, '--port', '0', '--data-dir', dataDir, '--state-delay-ms', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let lambda: LambdaClient | undefined;
  try {
    const info = await firstJsonLine(child.stdout, exited);
    lambda = new LambdaClient({
      endpoint: info.endpoint,
      region: info.region,
      credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
    });
    return await seedDemo(lambda, workspace);
  } catch (err) {
    throw new Error(`seeding the demo into ${dataDir} failed: ${err instanceof Error ? err.message : String(err)}\n${stderr}`);
  } finally {
    lambda?.destroy();
    if (child.exitCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
    await exited;
    clearTimeout(timer);
  }
}

function firstJsonLine(stdout: NodeJS.ReadableStream, exited: Promise<void>): Promise<LocalServiceInfo> {
  return new Promise((ok, fail) => {
    const lines = createInterface({ input: stdout });
    const timer = setTimeout(() => fail(new Error('the local service printed no JSON line within 60 s')), 60_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        ok(JSON.parse(line) as LocalServiceInfo);
      } catch {
        fail(new Error(`the local service's first line is not JSON: ${line.slice(0, 200)}`));
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      fail(new Error('the local service exited before it listened'));
    });
  });
}
