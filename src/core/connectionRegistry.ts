// The connections the user works with: the local service (always there) and the AWS profile x region
// pairs they added, plus which one is active (status bar, palette commands). Persisted through a small
// key-value store (VS Code's globalState in the extension, a Map in tests). A connection that leaves
// both the list and the active slot has its SDK clients destroyed here: one place for session cleanup.
import { EventEmitter } from 'node:events';
import type { LocalServiceInfo } from '../contract/localService';
import type { Connection } from './types';
import type { ClientFactory } from './types';
import { LOCAL_CONNECTION_ID, makeAwsConnection, makeLocalConnection, refId, sanitizeRefs, type ConnectionRef } from './connections';
import { listProfiles, endpointFor, type ProfileInfo, type ProfileFilesOptions } from './profiles';
import { isPseudoProfile, profileDisplayName } from './credentials';
import { WorkbenchError } from './errors';
import { envRegion } from './regions';

export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface LocalServiceHandle {
  start(): Promise<LocalServiceInfo>;
  current(): LocalServiceInfo | undefined;
}

export const STATE_CONNECTIONS = 'lambdaWorkbench.connections';
export const STATE_ACTIVE = 'lambdaWorkbench.activeConnection';
const FALLBACK_REGION = 'us-east-1';

export interface RegistryEvents {
  /** The list of connections (explorer roots) changed. */
  list: [];
  /** The active connection changed. */
  active: [ConnectionRef];
}

export class ConnectionRegistry {
  private saved: ConnectionRef[];
  private active: ConnectionRef;
  private readonly events = new EventEmitter();

  constructor(
    private readonly store: KeyValueStore,
    private readonly local: LocalServiceHandle,
    private readonly clients: ClientFactory,
    private readonly profileOptions: ProfileFilesOptions = {},
  ) {
    this.saved = sanitizeRefs(store.get(STATE_CONNECTIONS)).filter((r) => r.kind === 'aws');
    const act = sanitizeRefs([store.get(STATE_ACTIVE)])[0];
    this.active = act ?? { kind: 'local' };
    this.hasStoredActive = act !== undefined;
  }

  private readonly hasStoredActive: boolean;

  on<K extends keyof RegistryEvents>(event: K, listener: (...args: RegistryEvents[K]) => void): () => void {
    this.events.on(event, listener as (...a: unknown[]) => void);
    return () => this.events.off(event, listener as (...a: unknown[]) => void);
  }

  /**
   * First run: with no stored choice, the default profile (AWS_PROFILE or "default") with its region
   * becomes active when it exists; on a machine with no profiles the local service stays the default.
   */
  async chooseInitialActive(): Promise<ConnectionRef> {
    if (this.hasStoredActive) return this.active;
    let profiles: ProfileInfo[] = [];
    try {
      profiles = await listProfiles(this.profileOptions);
    } catch {
      profiles = [];
    }
    const dflt = profiles.find((p) => p.isDefault);
    if (dflt) {
      const region = dflt.region ?? envRegion(this.profileOptions.env) ?? FALLBACK_REGION;
      await this.setActive({ kind: 'aws', profile: dflt.name, region });
    }
    return this.active;
  }

  /** Explorer roots: the local service first, then the added AWS connections in the order added. */
  list(): ConnectionRef[] {
    const refs: ConnectionRef[] = [{ kind: 'local' }, ...this.saved];
    if (this.active.kind === 'aws' && !this.saved.some((r) => refId(r) === refId(this.active))) refs.push(this.active);
    return refs;
  }

  activeRef(): ConnectionRef {
    return this.active;
  }

  async add(ref: ConnectionRef): Promise<void> {
    if (ref.kind === 'local' || this.saved.some((r) => refId(r) === refId(ref))) return;
    this.saved = [...this.saved, ref];
    await this.store.update(STATE_CONNECTIONS, this.saved);
    this.events.emit('list');
  }

  async remove(id: string): Promise<void> {
    if (id === LOCAL_CONNECTION_ID) throw new WorkbenchError('Unknown', 'The local service connection cannot be removed.');
    const before = this.saved.length;
    this.saved = this.saved.filter((r) => refId(r) !== id);
    if (refId(this.active) === id) await this.setActive({ kind: 'local' });
    if (before !== this.saved.length) await this.store.update(STATE_CONNECTIONS, this.saved);
    this.clients.dispose(id);
    this.events.emit('list');
  }

  async setActive(ref: ConnectionRef): Promise<void> {
    const old = this.active;
    if (refId(old) === refId(ref)) return;
    this.active = ref;
    await this.store.update(STATE_ACTIVE, ref);
    // The old session's clients go unless the explorer still shows that connection.
    if (!this.list().some((r) => refId(r) === refId(old))) this.clients.dispose(refId(old));
    this.events.emit('active', ref);
    this.events.emit('list');
  }

  /** A display label without resolving anything (status bar, tree roots). */
  label(ref: ConnectionRef): string {
    return ref.kind === 'local' ? 'Local service' : `${profileDisplayName(ref.profile)} · ${ref.region}`;
  }

  /**
   * The full connection: starts the local service when needed, or checks that the profile still
   * exists and picks up its endpoint_url. Credentials are resolved later, by the clients.
   */
  async resolve(ref: ConnectionRef): Promise<Connection> {
    if (ref.kind === 'local') {
      const info = this.local.current() ?? (await this.local.start());
      return makeLocalConnection(info);
    }
    if (isPseudoProfile(ref.profile)) return makeAwsConnection(ref.profile, ref.region);
    const profiles = await listProfiles(this.profileOptions);
    const profile = profiles.find((p) => p.name === ref.profile);
    if (!profile) {
      throw new WorkbenchError(
        'ProfileNotFound',
        `AWS profile "${ref.profile}" was not found in the shared config or credentials file.`,
        `Fix the files, or remove this connection.`,
      );
    }
    return makeAwsConnection(ref.profile, ref.region, endpointFor(profile, 'lambda'), endpointFor(profile, 'cloudwatch_logs'));
  }

  resolveActive(): Promise<Connection> {
    return this.resolve(this.active);
  }

  dispose(): void {
    this.events.removeAllListeners();
    this.clients.dispose();
  }
}
