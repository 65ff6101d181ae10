// The local APIs this window started on the local service, and what the rest of the extension shows
// of them (the explorer's Local APIs rows, the status bar item, the request panels). No vscode import:
// the explorer's tree core reads it under node. Everything here belongs to the local connection's
// session: when it ends (a local service restart), the APIs went with the service and the store empties.
import type { LocalApiInfo, LocalApiRoute } from '../../contract/localApi';

export interface RunningLocalApi {
  info: LocalApiInfo;
  /** Template logical id → the local service's function (its log group is /aws/lambda/<name>). */
  functionNames: Record<string, string>;
  startedAt: number;
}

export class LocalApiStore {
  private readonly apis = new Map<string, RunningLocalApi>();
  private readonly listeners = new Set<() => void>();

  list(): RunningLocalApi[] {
    return [...this.apis.values()].sort((a, b) => a.startedAt - b.startedAt);
  }

  get(id: string): RunningLocalApi | undefined {
    return this.apis.get(id);
  }

  byTemplate(templatePath: string): RunningLocalApi | undefined {
    return this.list().find((a) => a.info.template === templatePath);
  }

  set(api: RunningLocalApi): void {
    this.apis.set(api.info.id, api);
    this.fire();
  }

  remove(id: string): void {
    if (this.apis.delete(id)) this.fire();
  }

  clear(): void {
    if (this.apis.size === 0) return;
    this.apis.clear();
    this.fire();
  }

  /** Called after every change; returns the unsubscribe. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private fire(): void {
    for (const l of this.listeners) l();
  }
}

/** The port of an endpoint (http://127.0.0.1:3000 → 3000). */
export function portOf(endpoint: string): string {
  try {
    return new URL(endpoint).port || '80';
  } catch {
    return '?';
  }
}

/** `GET /pets/{id} → GetPetFunction`. */
export function routeLabel(r: Pick<LocalApiRoute, 'method' | 'path' | 'function'>): string {
  return `${r.method} ${r.path} → ${r.function}`;
}

/** A codicon per method, for the explorer's route rows. */
export function methodIcon(method: string): string {
  const icons: Record<string, string> = {
    GET: 'arrow-down',
    POST: 'add',
    PUT: 'arrow-up',
    PATCH: 'edit',
    DELETE: 'trash',
    HEAD: 'eye',
    OPTIONS: 'settings',
  };
  return icons[method.toUpperCase()] ?? 'globe';
}
