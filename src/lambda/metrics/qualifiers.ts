// The aliases and versions of a function a metrics panel can draw as series (Resource dimension
// function:qualifier): every alias, then the published versions newest first, both paged.
import {
  ListAliasesCommand,
  ListVersionsByFunctionCommand,
  type LambdaClient,
  type ListAliasesCommandOutput,
  type ListVersionsByFunctionCommandOutput,
} from '@aws-sdk/client-lambda';

export interface Qualifier {
  name: string;
  kind: 'alias' | 'version';
  /** An alias's version(s), for the checkbox's tooltip. */
  detail?: string;
}

/** At most this many of each kind (a series each would be unreadable beyond that). */
export const MAX_LISTED = 25;
const MAX_PAGES = 20;

type Sender = Pick<LambdaClient, 'send'>;

export async function listQualifiers(client: Sender, functionName: string, signal?: AbortSignal): Promise<Qualifier[]> {
  const opts = signal ? { abortSignal: signal } : undefined;
  const aliases: Qualifier[] = [];
  let marker: string | undefined;
  let pages = 0;
  do {
    const out: ListAliasesCommandOutput = await client.send(
      new ListAliasesCommand({ FunctionName: functionName, ...(marker ? { Marker: marker } : {}) }),
      opts,
    );
    for (const a of out.Aliases ?? []) {
      if (!a.Name) continue;
      const extra = Object.entries(a.RoutingConfig?.AdditionalVersionWeights ?? {}).map(([v, w]) => `${v} (${Math.round(w * 100)}%)`);
      aliases.push({ name: a.Name, kind: 'alias', detail: `version ${[a.FunctionVersion ?? '?', ...extra].join(' + ')}` });
    }
    marker = out.NextMarker;
  } while (marker && ++pages < MAX_PAGES);
  const versions: Qualifier[] = [];
  marker = undefined;
  pages = 0;
  do {
    const out: ListVersionsByFunctionCommandOutput = await client.send(
      new ListVersionsByFunctionCommand({ FunctionName: functionName, ...(marker ? { Marker: marker } : {}) }),
      opts,
    );
    for (const v of out.Versions ?? [])
      if (v.Version && v.Version !== '$LATEST') versions.push({ name: v.Version, kind: 'version', ...(v.Description ? { detail: v.Description } : {}) });
    marker = out.NextMarker;
  } while (marker && ++pages < MAX_PAGES);
  versions.sort((a, b) => Number(b.name) - Number(a.name));
  aliases.sort((a, b) => a.name.localeCompare(b.name));
  return [...aliases.slice(0, MAX_LISTED), ...versions.slice(0, MAX_LISTED)];
}
