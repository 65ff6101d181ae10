// The messages the result panel's page may send; anything else is dropped. No vscode: tested under node.

export type Incoming =
  { type: 'ready' | 'invoke' | 'showLogs' | 'openResponse' } | { type: 'rerun' | 'showHistory'; id: string } | { type: 'openFrame'; index: number };

/** Only the known message shapes pass; anything else from the page is ignored. */
export function parseMessage(m: unknown): Incoming | undefined {
  if (!m || typeof m !== 'object') return undefined;
  const x = m as Record<string, unknown>;
  switch (x.type) {
    case 'ready':
    case 'invoke':
    case 'showLogs':
    case 'openResponse':
      return { type: x.type };
    case 'rerun':
    case 'showHistory':
      return typeof x.id === 'string' && x.id.length < 100 ? { type: x.type, id: x.id } : undefined;
    case 'openFrame':
      return typeof x.index === 'number' && Number.isInteger(x.index) && x.index >= 0 && x.index < 1000 ? { type: 'openFrame', index: x.index } : undefined;
    default:
      return undefined;
  }
}
