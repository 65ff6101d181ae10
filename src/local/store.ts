// The persistent state of the local service: one JSON file per function, per layer and per event source
// mapping under <dataDir>/state, each written temp-then-rename, plus an in-memory index (a sorted name
// list) so listing stays fast with tens of thousands of functions.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type {
  AliasConfiguration,
  FunctionConfiguration,
  FunctionUrlConfig,
  FunctionEventInvokeConfig,
  LayerVersionContentOutput,
} from '@aws-sdk/client-lambda';
import type { CodeRef } from './code';
import { writeFileAtomic } from './fsutil';

export interface VersionRecord {
  config: FunctionConfiguration;
  code: CodeRef;
  /** For a published version: the $LATEST RevisionId it was copied from (no new version while it is unchanged). */
  fromRevision?: string;
}

export interface PolicyStatement {
  Sid: string;
  [key: string]: unknown;
}

export interface FunctionRecord {
  name: string;
  latest: VersionRecord;
  /** Published versions by number. */
  versions: Record<string, VersionRecord>;
  lastVersion: number;
  aliases: Record<string, AliasConfiguration>;
  tags: Record<string, string>;
  reservedConcurrency?: number;
  /** By qualifier ('$LATEST' when unqualified). */
  urlConfigs: Record<string, FunctionUrlConfig & { Qualifier?: string }>;
  eventInvokeConfigs: Record<string, FunctionEventInvokeConfig>;
  policy: { statements: PolicyStatement[]; revisionId: string };
}

export interface LayerVersionRecord {
  LayerVersionArn: string;
  Version: number;
  Description?: string;
  CreatedDate: string;
  CompatibleRuntimes?: string[];
  CompatibleArchitectures?: string[];
  LicenseInfo?: string;
  Content: LayerVersionContentOutput;
  code: CodeRef;
  /** Deleted versions vanish from the API but keep working for functions that already use them, as in Lambda. */
  deleted?: boolean;
  /** AddLayerVersionPermission statements (stored; local invokes do not check them). */
  policy?: { statements: PolicyStatement[]; revisionId: string };
}

export interface LayerRecord {
  name: string;
  arn: string;
  lastVersion: number;
  versions: Record<string, LayerVersionRecord>;
}

/** Stored as the API returns it; LastModified is epoch seconds (a timestamp in the REST protocol). */
export type EventSourceMappingRecord = Record<string, unknown> & { UUID: string; FunctionArn: string };

/** Inserts into a sorted array, keeping it sorted (binary search). */
function insertSorted(list: string[], value: string): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] !== value) list.splice(lo, 0, value);
}

/** Index of the first entry strictly after `value`. */
export function indexAfter(list: string[], value: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function removeSorted(list: string[], value: string): void {
  const i = indexAfter(list, value) - 1;
  if (i >= 0 && list[i] === value) list.splice(i, 1);
}

export class Store {
  readonly functions = new Map<string, FunctionRecord>();
  /** Function names in code-point order: the order ListFunctions pages through. */
  readonly functionNames: string[] = [];
  readonly layers = new Map<string, LayerRecord>();
  readonly layerNames: string[] = [];
  readonly esms = new Map<string, EventSourceMappingRecord>();
  /** Code bytes per function (all versions), kept up to date so account usage is O(1). */
  private readonly codeBytesByName = new Map<string, number>();
  private codeBytesTotal = 0;
  private readonly dirs: { functions: string; layers: string; esms: string };

  constructor(dataDir: string) {
    const root = join(dataDir, 'state');
    this.dirs = { functions: join(root, 'functions'), layers: join(root, 'layers'), esms: join(root, 'event-source-mappings') };
    for (const d of Object.values(this.dirs)) mkdirSync(d, { recursive: true, mode: 0o700 });
    this.load();
  }

  private load(): void {
    for (const rec of readAll<FunctionRecord>(this.dirs.functions)) {
      this.functions.set(rec.name, rec);
      this.functionNames.push(rec.name);
      this.countCode(rec.name, rec);
    }
    this.functionNames.sort();
    for (const rec of readAll<LayerRecord>(this.dirs.layers)) {
      this.layers.set(rec.name, rec);
      this.layerNames.push(rec.name);
    }
    this.layerNames.sort();
    for (const rec of readAll<EventSourceMappingRecord>(this.dirs.esms)) this.esms.set(rec.UUID, rec);
  }

  saveFunction(rec: FunctionRecord): void {
    // Environment values may be secrets: records are readable by the owner only.
    writeFileAtomic(join(this.dirs.functions, `${rec.name}.json`), JSON.stringify(rec), 0o600);
    if (!this.functions.has(rec.name)) insertSorted(this.functionNames, rec.name);
    this.functions.set(rec.name, rec);
    this.countCode(rec.name, rec);
  }

  /** Total code size over every function version (GetAccountSettings, the storage limit). */
  get totalCodeSize(): number {
    return this.codeBytesTotal;
  }

  private countCode(name: string, rec: FunctionRecord | undefined): void {
    let bytes = 0;
    if (rec) {
      bytes = rec.latest.config.CodeSize ?? 0;
      for (const v of Object.values(rec.versions)) bytes += v.config.CodeSize ?? 0;
    }
    this.codeBytesTotal += bytes - (this.codeBytesByName.get(name) ?? 0);
    if (rec) this.codeBytesByName.set(name, bytes);
    else this.codeBytesByName.delete(name);
  }

  deleteFunction(name: string): void {
    rmSync(join(this.dirs.functions, `${name}.json`), { force: true });
    this.countCode(name, undefined);
    this.functions.delete(name);
    removeSorted(this.functionNames, name);
  }

  saveLayer(rec: LayerRecord): void {
    writeFileAtomic(join(this.dirs.layers, `${rec.name}.json`), JSON.stringify(rec));
    if (!this.layers.has(rec.name)) insertSorted(this.layerNames, rec.name);
    this.layers.set(rec.name, rec);
  }

  deleteLayer(name: string): void {
    rmSync(join(this.dirs.layers, `${name}.json`), { force: true });
    this.layers.delete(name);
    removeSorted(this.layerNames, name);
  }

  saveEsm(rec: EventSourceMappingRecord): void {
    writeFileAtomic(join(this.dirs.esms, `${rec.UUID}.json`), JSON.stringify(rec));
    this.esms.set(rec.UUID, rec);
  }

  deleteEsm(uuid: string): void {
    rmSync(join(this.dirs.esms, `${uuid}.json`), { force: true });
    this.esms.delete(uuid);
  }
}

/** Reads every complete record; leftover temp files from a crash are removed, never read. */
function readAll<T>(dir: string): T[] {
  if (!existsSync(dir)) return [];
  const out: T[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name.endsWith('.tmp')) {
      rmSync(p, { force: true });
      continue;
    }
    if (!name.endsWith('.json')) continue;
    try {
      out.push(JSON.parse(readFileSync(p, 'utf8')) as T);
    } catch (err) {
      process.stderr.write(`lambda-workbench-local: skipping unreadable record ${p}: ${(err as Error).message}\n`);
    }
  }
  return out;
}
