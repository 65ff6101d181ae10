// What every Lambda route shares: the store, the code store, identity, the executor, and the short-lived
// Pending / InProgress states that make the SDK waiters behave as they do against AWS.
import { createHmac, randomBytes } from 'node:crypto';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { Executor, ResolvedFunction } from '../seams';
import type { CodeStore } from '../code';
import type { FunctionRecord, Store, VersionRecord } from '../store';
import { conflict, functionArn, invalidParam, notFound, parseFunctionName } from './names';

export interface LambdaContextOptions {
  store: Store;
  code: CodeStore;
  region: string;
  accountId: string;
  executor?: Executor;
  /** How long a new function stays Pending and an update InProgress (ms). */
  stateDelayMs: number;
  accountConcurrency: number;
  /** Filled in once the server listens (used for Code.Location URLs). */
  endpoint: () => string;
  log: (line: string) => void;
}

interface Transition {
  until: number;
  kind: 'create' | 'update';
}

export class LambdaContext {
  readonly store: Store;
  readonly code: CodeStore;
  readonly region: string;
  readonly accountId: string;
  executor?: Executor;
  readonly stateDelayMs: number;
  readonly accountConcurrency: number;
  readonly endpoint: () => string;
  readonly log: (line: string) => void;
  /** Signs Code.Location URLs: random per process, so a URL never outlives the service that issued it. */
  private readonly urlKey = randomBytes(32);
  private readonly transitions = new Map<string, Transition>();

  constructor(o: LambdaContextOptions) {
    this.store = o.store;
    this.code = o.code;
    this.region = o.region;
    this.accountId = o.accountId;
    this.executor = o.executor;
    this.stateDelayMs = o.stateDelayMs;
    this.accountConcurrency = o.accountConcurrency;
    this.endpoint = o.endpoint;
    this.log = o.log;
  }

  arn(name: string, qualifier?: string): string {
    return functionArn(this.region, this.accountId, name, qualifier);
  }

  /** Finds a function by any accepted FunctionName form; 404 with AWS's message when absent. */
  fn(rawName: string, qualifier?: string): { rec: FunctionRecord; qualifier?: string } {
    const parsed = parseFunctionName(rawName, this.region, this.accountId);
    if (parsed.qualifier !== undefined && qualifier !== undefined && parsed.qualifier !== qualifier) {
      throw invalidParam('The derived qualifier from the function name does not match the specified qualifier.');
    }
    const q = qualifier ?? parsed.qualifier;
    const rec = this.store.functions.get(parsed.name);
    if (!rec) throw notFound(`Function not found: ${this.arn(parsed.name, q)}`);
    return q === undefined ? { rec } : { rec, qualifier: q };
  }

  /** For operations on the function itself (update, publish): a qualifier in the name is refused, as Lambda does. */
  unqualified(rawName: string): FunctionRecord {
    const { rec, qualifier } = this.fn(rawName);
    if (qualifier !== undefined) {
      throw invalidParam(`Unsupported function qualifier '${qualifier}' for this operation: use the unqualified function name or ARN.`);
    }
    return rec;
  }

  /** A version by '$LATEST' or number; 404 otherwise. */
  version(rec: FunctionRecord, version: string): VersionRecord {
    const v = version === '$LATEST' ? rec.latest : rec.versions[version];
    if (!v) throw notFound(`Function not found: ${this.arn(rec.name, version)}`);
    return v;
  }

  /** Resolves a qualifier that may be a version or an alias to the version record it designates. */
  resolveQualifier(rec: FunctionRecord, qualifier: string | undefined): { key: string; ver: VersionRecord } {
    if (qualifier === undefined || qualifier === '$LATEST') return { key: '$LATEST', ver: rec.latest };
    if (/^[0-9]+$/.test(qualifier)) return { key: qualifier, ver: this.version(rec, qualifier) };
    const alias = rec.aliases[qualifier];
    if (!alias) throw notFound(`Function not found: ${this.arn(rec.name, qualifier)}`);
    const key = alias.FunctionVersion!;
    return { key, ver: this.version(rec, key) };
  }

  startTransition(name: string, version: string, kind: 'create' | 'update'): void {
    if (this.stateDelayMs <= 0) return;
    // Settled entries are dropped when read; sweep now and then so never-read ones (bulk creates) go too.
    if (this.transitions.size > 1000) {
      const now = Date.now();
      for (const [key, t] of this.transitions) if (t.until <= now) this.transitions.delete(key);
    }
    this.transitions.set(`${name}\u0000${version}`, { until: Date.now() + this.stateDelayMs, kind });
  }

  private transition(name: string, version: string): Transition | undefined {
    const key = `${name}\u0000${version}`;
    const t = this.transitions.get(key);
    if (t && t.until <= Date.now()) {
      this.transitions.delete(key);
      return undefined;
    }
    return t;
  }

  clearTransitions(name: string): void {
    for (const key of this.transitions.keys()) if (key.startsWith(`${name}\u0000`)) this.transitions.delete(key);
  }

  /** The configuration as the API shows it right now (Pending / InProgress while a change settles). */
  view(name: string, ver: VersionRecord): FunctionConfiguration {
    const config: FunctionConfiguration = { ...ver.config };
    const t = this.transition(name, config.Version ?? '$LATEST');
    if (t?.kind === 'create') {
      Object.assign(config, { State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating' });
      delete config.LastUpdateStatus;
    } else if (t?.kind === 'update') {
      Object.assign(config, {
        LastUpdateStatus: 'InProgress',
        LastUpdateStatusReason: 'The function is being created.',
        LastUpdateStatusReasonCode: 'Creating',
      });
    }
    return config;
  }

  /** Lambda refuses a change while the previous one is still settling. */
  assertNotBusy(name: string): void {
    const t = this.transition(name, '$LATEST');
    if (t?.kind === 'create') {
      throw conflict('The operation cannot be performed at this time. The function is currently in the following state: Pending');
    }
    if (t?.kind === 'update') {
      throw conflict(`The operation cannot be performed at this time. An update is in progress for resource: ${this.arn(name)}`);
    }
  }

  /** Invokes wait out a settling change instead of failing: the delay is short and callers rarely poll first. */
  async settled(name: string, version: string): Promise<void> {
    const t = this.transition(name, version);
    if (t) await new Promise((r) => setTimeout(r, Math.max(0, t.until - Date.now())));
  }

  codeUrlToken(shaOrName: string): string {
    return createHmac('sha256', this.urlKey).update(shaOrName).digest('hex');
  }

  /** What the executor needs to run one version. */
  resolved(rec: FunctionRecord, ver: VersionRecord): ResolvedFunction {
    const c = ver.config;
    const layerDirs = (c.Layers ?? []).map((l) => this.layerDir(l.Arn!));
    const logging = c.LoggingConfig ?? {};
    return {
      functionName: rec.name,
      functionArn: this.arn(rec.name),
      version: c.Version ?? '$LATEST',
      runtime: c.Runtime ?? 'provided.al2023',
      handler: c.Handler ?? '',
      codeDir: this.code.dirOf(ver.code),
      sourceMode: ver.code.kind === 'source',
      layerDirs,
      memorySize: c.MemorySize ?? 128,
      timeout: c.Timeout ?? 3,
      environment: { ...(c.Environment?.Variables ?? {}) },
      logGroup: logging.LogGroup ?? `/aws/lambda/${rec.name}`,
      logFormat: logging.LogFormat === 'JSON' ? 'JSON' : 'Text',
      ...(logging.ApplicationLogLevel ? { applicationLogLevel: logging.ApplicationLogLevel } : {}),
      ...(logging.SystemLogLevel ? { systemLogLevel: logging.SystemLogLevel } : {}),
      architectures: c.Architectures ?? ['x86_64'],
      ...(rec.reservedConcurrency !== undefined ? { reservedConcurrency: rec.reservedConcurrency } : {}),
      revisionId: c.RevisionId ?? '',
      codeSha256: c.CodeSha256 ?? '',
    };
  }

  /** The unpacked folder of a layer version ARN; 404-style error when it is gone. */
  layerDir(arn: string): string {
    const lv = this.findLayerVersion(arn);
    return this.code.dirOf(lv.code);
  }

  findLayerVersion(arn: string) {
    const m = /^arn:aws[a-zA-Z-]*:lambda:([^:]+):(\d{12}):layer:([a-zA-Z0-9-_]+):([0-9]+)$/.exec(arn);
    if (!m) throw invalidParam(`Layer version ARN '${arn}' is not valid: expected arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION.`);
    const layer = this.store.layers.get(m[3]!);
    const lv = m[1] === this.region && m[2] === this.accountId ? layer?.versions[m[4]!] : undefined;
    if (!lv) throw notFound(`Layer version ${arn} does not exist.`);
    return lv;
  }
}
