// What the explorer shows under one function, fetched only when the user expands it: versions
// (paged), aliases with their routing, the layers it uses, event source mappings, its URL and its
// log group. Each part is fetched on its own so one failing call (e.g. no permission for
// ListEventSourceMappings) leaves the others visible.
import {
  GetFunctionCommand,
  GetFunctionUrlConfigCommand,
  ListAliasesCommand,
  ListEventSourceMappingsCommand,
  ListVersionsByFunctionCommand,
  type AliasConfiguration,
  type EventSourceMappingConfiguration,
  type FunctionConfiguration,
  type GetFunctionCommandOutput,
  type GetFunctionUrlConfigCommandOutput,
  type LambdaClient,
  type Layer,
} from '@aws-sdk/client-lambda';
import { isNotFound } from './errors';
import { Pager } from './pager';

/** Versions of a function, paged: `$LATEST` first, then published versions newest first. */
export class VersionLister extends Pager<FunctionConfiguration> {
  constructor(client: LambdaClient, functionName: string, pageSize = 50) {
    super({
      fetchPage: async (marker, signal) => {
        const out = await client.send(new ListVersionsByFunctionCommand({ FunctionName: functionName, Marker: marker, MaxItems: pageSize }), {
          abortSignal: signal,
        });
        return { items: out.Versions ?? [], next: out.NextMarker || undefined };
      },
      key: (v) => v.Version ?? '',
      compare: compareVersions,
      matches: (v, needle) => (v.Version ?? '').includes(needle) || (v.Description ?? '').toLowerCase().includes(needle),
    });
  }
}

function compareVersions(a: FunctionConfiguration, b: FunctionConfiguration): number {
  const rank = (v: string | undefined): number => (v === '$LATEST' ? Number.POSITIVE_INFINITY : Number(v ?? 0));
  return rank(b.Version) - rank(a.Version);
}

/** Every alias of a function, sorted by name. */
export async function listAliases(client: LambdaClient, functionName: string, signal?: AbortSignal): Promise<AliasConfiguration[]> {
  const all: AliasConfiguration[] = [];
  let marker: string | undefined;
  do {
    const out = await client.send(new ListAliasesCommand({ FunctionName: functionName, Marker: marker, MaxItems: 50 }), { abortSignal: signal });
    all.push(...(out.Aliases ?? []));
    marker = out.NextMarker || undefined;
  } while (marker);
  return all.sort((a, b) => (a.Name ?? '').localeCompare(b.Name ?? ''));
}

async function listEventSources(client: LambdaClient, functionName: string, signal?: AbortSignal): Promise<EventSourceMappingConfiguration[]> {
  const all: EventSourceMappingConfiguration[] = [];
  let marker: string | undefined;
  do {
    const out = await client.send(new ListEventSourceMappingsCommand({ FunctionName: functionName, Marker: marker, MaxItems: 100 }), {
      abortSignal: signal,
    });
    all.push(...(out.EventSourceMappings ?? []));
    marker = out.NextMarker || undefined;
  } while (marker);
  return all;
}

/** `sqs: orders-queue (Enabled, batch 10)` from a mapping's ARN and state. */
export function eventSourceText(m: EventSourceMappingConfiguration): string {
  const arn = m.EventSourceArn ?? '';
  const service = arn.split(':')[2] || (m.SelfManagedEventSource ? 'kafka' : 'source');
  const name =
    arn
      .split(':')
      .slice(5)
      .join(':')
      .replace(/^table\//, '')
      .replace(/\/stream\/.*$/, '') ||
    arn ||
    '?';
  const facts = [m.State ?? '?', m.BatchSize ? `batch ${m.BatchSize}` : undefined].filter(Boolean).join(', ');
  return `${service}: ${name} (${facts})`;
}

/** The function URL, or undefined when the function has none. */
async function getFunctionUrl(client: LambdaClient, functionName: string, signal?: AbortSignal): Promise<GetFunctionUrlConfigCommandOutput | undefined> {
  try {
    return await client.send(new GetFunctionUrlConfigCommand({ FunctionName: functionName }), { abortSignal: signal });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Where the function logs: LoggingConfig.LogGroup when set, else Lambda's default group. */
export function logGroupOf(fn: Pick<FunctionConfiguration, 'FunctionName' | 'LoggingConfig'>): string {
  return fn.LoggingConfig?.LogGroup || `/aws/lambda/${fn.FunctionName ?? ''}`;
}

/** `my-layer:3` from a layer version ARN. */
export function layerLabel(layer: Pick<Layer, 'Arn'>): string {
  const parts = (layer.Arn ?? '').split(':');
  return parts.length >= 8 ? `${parts[6]}:${parts[7]}` : (layer.Arn ?? '?');
}

/** One part of the details: its value, or the error that prevented it. */
export type Part<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface FunctionDetails {
  function: GetFunctionCommandOutput;
  configuration: FunctionConfiguration;
  aliases: Part<AliasConfiguration[]>;
  eventSources: Part<EventSourceMappingConfiguration[]>;
  url: Part<GetFunctionUrlConfigCommandOutput | undefined>;
  layers: Layer[];
  logGroup: string;
}

async function part<T>(p: Promise<T>): Promise<Part<T>> {
  try {
    return { ok: true, value: await p };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Everything under a function node but the versions (those page with a VersionLister). GetFunction
 * failing fails the whole call (the function is gone or unreadable); the other parts fail alone.
 */
export async function loadFunctionDetails(client: LambdaClient, functionName: string, signal?: AbortSignal): Promise<FunctionDetails> {
  const [fn, aliases, eventSources, url] = await Promise.all([
    client.send(new GetFunctionCommand({ FunctionName: functionName }), { abortSignal: signal }),
    part(listAliases(client, functionName, signal)),
    part(listEventSources(client, functionName, signal)),
    part(getFunctionUrl(client, functionName, signal)),
  ]);
  const configuration = fn.Configuration ?? { FunctionName: functionName };
  return {
    function: fn,
    configuration,
    aliases,
    eventSources,
    url,
    layers: configuration.Layers ?? [],
    logGroup: logGroupOf(configuration),
  };
}
