// The explorer's listings: functions (paged, one ListFunctions call per page, never a call per
// function), and layers with their versions.
import {
  ListFunctionsCommand,
  ListLayersCommand,
  ListLayerVersionsCommand,
  type FunctionConfiguration,
  type LambdaClient,
  type LayersListItem,
  type LayerVersionsListItem,
} from '@aws-sdk/client-lambda';
import { Pager } from './pager';

export type { PagerSnapshot } from './pager';

/** ListFunctions returns at most 50 per page. */
const MAX_PAGE_SIZE = 50;

export interface ListerOptions {
  /** Items per ListFunctions call, 1-50 (default 50). */
  pageSize?: number;
}

const byName = (a: { FunctionName?: string }, b: { FunctionName?: string }): number => compareNames(a.FunctionName ?? '', b.FunctionName ?? '');

/** Case-insensitive, then exact, so `api` and `API` sort next to each other in a stable order. */
export function compareNames(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The functions of one connection, page by page. `refresh()` loads the first page, `loadMore()` the
 * next, `setFilter()` narrows what is loaded by a name substring without fetching.
 */
export class FunctionLister extends Pager<FunctionConfiguration> {
  constructor(client: LambdaClient, options: ListerOptions = {}) {
    const pageSize = clampPageSize(options.pageSize);
    super({
      fetchPage: async (marker, signal) => {
        const out = await client.send(new ListFunctionsCommand({ Marker: marker, MaxItems: pageSize }), { abortSignal: signal });
        return { items: out.Functions ?? [], next: out.NextMarker || undefined };
      },
      key: (f) => f.FunctionArn ?? f.FunctionName ?? '',
      compare: byName,
      matches: (f, needle) => (f.FunctionName ?? '').toLowerCase().includes(needle),
    });
  }
}

function clampPageSize(n: number | undefined): number {
  if (n === undefined) return MAX_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(n)));
}

/** The layers of one connection, paged like functions (each item carries its latest version). */
export class LayerLister extends Pager<LayersListItem> {
  constructor(client: LambdaClient, options: ListerOptions = {}) {
    const pageSize = clampPageSize(options.pageSize);
    super({
      fetchPage: async (marker, signal) => {
        const out = await client.send(new ListLayersCommand({ Marker: marker, MaxItems: pageSize }), { abortSignal: signal });
        return { items: out.Layers ?? [], next: out.NextMarker || undefined };
      },
      key: (l) => l.LayerArn ?? l.LayerName ?? '',
      compare: (a, b) => compareNames(a.LayerName ?? '', b.LayerName ?? ''),
      matches: (l, needle) => (l.LayerName ?? '').toLowerCase().includes(needle),
    });
  }
}

/** Every version of a layer, newest first. */
export async function listLayerVersions(client: LambdaClient, layerName: string, signal?: AbortSignal): Promise<LayerVersionsListItem[]> {
  const all: LayerVersionsListItem[] = [];
  let marker: string | undefined;
  do {
    const out = await client.send(new ListLayerVersionsCommand({ LayerName: layerName, Marker: marker, MaxItems: 50 }), { abortSignal: signal });
    all.push(...(out.LayerVersions ?? []));
    marker = out.NextMarker || undefined;
  } while (marker);
  return all.sort((a, b) => (b.Version ?? 0) - (a.Version ?? 0));
}

/** Text for a layer version node: `3 · nodejs20.x, nodejs22.x · 2024-05-01`. */
export function layerVersionDescription(v: LayerVersionsListItem): string {
  const parts = [String(v.Version ?? '?')];
  if (v.CompatibleRuntimes?.length) parts.push(v.CompatibleRuntimes.join(', '));
  if (v.CreatedDate) parts.push(v.CreatedDate.slice(0, 10));
  return parts.join(' · ');
}
