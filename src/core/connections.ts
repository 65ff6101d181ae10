// Building and naming connections. An id is stable across sessions (`local`, `aws:profile:region`)
// so it can be persisted; the local service's endpoint and keys are filled in when it starts.
import type { LocalServiceInfo } from '../contract/localService';
import type { AwsConnection, LocalConnection } from './types';
import { profileDisplayName } from './credentials';
import { registerSecret } from './redact';

export const LOCAL_CONNECTION_ID = 'local';

function awsConnectionId(profile: string, region: string): string {
  return `aws:${profile}:${region}`;
}

export function makeAwsConnection(profile: string, region: string, endpoint?: string, logsEndpoint?: string): AwsConnection {
  const c: AwsConnection = { kind: 'aws', id: awsConnectionId(profile, region), label: `${profileDisplayName(profile)} · ${region}`, profile, region };
  if (endpoint) c.endpoint = endpoint;
  if (logsEndpoint && logsEndpoint !== endpoint) c.logsEndpoint = logsEndpoint;
  return c;
}

export function makeLocalConnection(info: Pick<LocalServiceInfo, 'endpoint' | 'region' | 'accessKeyId' | 'secretAccessKey'>): LocalConnection {
  registerSecret(info.secretAccessKey);
  return {
    kind: 'local',
    id: LOCAL_CONNECTION_ID,
    label: 'Local service',
    endpoint: info.endpoint,
    region: info.region,
    credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
  };
}

/** A persisted reference to a connection: enough to rebuild it. */
export type ConnectionRef = { kind: 'local' } | { kind: 'aws'; profile: string; region: string };

export function refId(ref: ConnectionRef): string {
  return ref.kind === 'local' ? LOCAL_CONNECTION_ID : awsConnectionId(ref.profile, ref.region);
}

/** Parses `local` or `aws:profile:region` (profile names may contain ':'; regions never do). */
export function parseConnectionId(id: string): ConnectionRef | undefined {
  if (id === LOCAL_CONNECTION_ID) return { kind: 'local' };
  const m = /^aws:(.+):([a-z0-9-]+)$/.exec(id);
  return m ? { kind: 'aws', profile: m[1], region: m[2] } : undefined;
}

/** Validates persisted data (workspace/global state may hold anything after a downgrade). */
export function sanitizeRefs(value: unknown): ConnectionRef[] {
  if (!Array.isArray(value)) return [];
  const out: ConnectionRef[] = [];
  const seen = new Set<string>();
  for (const v of value) {
    let ref: ConnectionRef | undefined;
    if (v && typeof v === 'object' && (v as { kind?: unknown }).kind === 'local') ref = { kind: 'local' };
    else if (v && typeof v === 'object' && (v as { kind?: unknown }).kind === 'aws') {
      const { profile, region } = v as { profile?: unknown; region?: unknown };
      if (typeof profile === 'string' && typeof region === 'string' && profile && region) ref = { kind: 'aws', profile, region };
    }
    if (ref && !seen.has(refId(ref))) {
      seen.add(refId(ref));
      out.push(ref);
    }
  }
  return out;
}
