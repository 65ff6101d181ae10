// The last invocations of each function, newest first, kept to a fixed count so the result panel's
// history list stays short and the persisted state small. Payloads bigger than a limit are not kept
// (the entry says so and cannot be re-run with its payload).
export const HISTORY_LIMIT = 20;
const MAX_KEPT_PAYLOAD = 64 * 1024;

export interface HistoryEntry {
  id: string;
  /** `${connectionId}|${functionName}` */
  key: string;
  connectionId: string;
  functionName: string;
  qualifier?: string;
  invocationType: 'RequestResponse' | 'Event' | 'DryRun';
  /** The payload sent, when small enough to keep. */
  payload?: string;
  /** Where the payload came from: "editor", "saved: name", "sample: S3 Put". */
  payloadSource: string;
  at: number;
  statusCode?: number;
  functionError?: string;
  durationMs?: number;
  requestId?: string;
  /** Set for "invoke locally" from a template: a re-run re-reads the template first. */
  templatePath?: string;
  logicalId?: string;
  /** An error that prevented the call (network, permission). */
  failure?: string;
}

export function historyKey(connectionId: string, functionName: string): string {
  return `${connectionId}|${functionName}`;
}

export class InvocationHistory {
  private readonly byKey = new Map<string, HistoryEntry[]>();

  constructor(
    entries: HistoryEntry[] = [],
    private readonly limit = HISTORY_LIMIT,
  ) {
    for (const e of [...entries].sort((a, b) => a.at - b.at)) this.add(e);
  }

  add(entry: HistoryEntry): HistoryEntry {
    const kept = entry.payload !== undefined && Buffer.byteLength(entry.payload) > MAX_KEPT_PAYLOAD ? { ...entry, payload: undefined } : entry;
    const list = this.byKey.get(kept.key) ?? [];
    list.unshift(kept);
    if (list.length > this.limit) list.length = this.limit;
    this.byKey.set(kept.key, list);
    return kept;
  }

  /** Newest first. */
  list(key: string): HistoryEntry[] {
    return [...(this.byKey.get(key) ?? [])];
  }

  get(id: string): HistoryEntry | undefined {
    for (const list of this.byKey.values()) {
      const e = list.find((x) => x.id === id);
      if (e) return e;
    }
    return undefined;
  }

  /** Every entry, for persisting. */
  all(): HistoryEntry[] {
    return [...this.byKey.values()].flat();
  }

  clear(key: string): void {
    this.byKey.delete(key);
  }
}
