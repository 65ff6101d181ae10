// The log panel's protocol, shared by the host (src/vscode/logs/) and the page (this folder): the
// messages both ways with their guards, and the ids of the page's elements. The message shapes and
// their base checks live with the tail engine's types in src/logs/messages.ts; this module is what
// both sides import, and it checks the host's status and search messages field by field as well.
import { parseHostMessage as parseHostShape, type HostMessage, type SearchState } from '../../logs/messages';
import type { TailStatus } from '../../logs/types';
import { isFiniteNumber, isRecord, isText, oneOf, optional } from '../lib/guards';

export { isConfig, parseWebviewMessage } from '../../logs/messages';
export type { HostMessage, PanelConfig, SearchState, WebviewMessage } from '../../logs/messages';

/** The ids of the page's elements: the host's HTML, the page script and media/logs.css use these. */
export const LOG_IDS = {
  toolbar: 'toolbar',
  title: 'title',
  filter: 'filter',
  level: 'level',
  errorsOnly: 'errorsOnly',
  pattern: 'pattern',
  applyPattern: 'applyPattern',
  pause: 'pause',
  follow: 'follow',
  collapseAll: 'collapseAll',
  expandAll: 'expandAll',
  copy: 'copy',
  clear: 'clear',
  searchToggle: 'searchToggle',
  searchBar: 'searchBar',
  start: 'start',
  end: 'end',
  runSearch: 'runSearch',
  older: 'older',
  newer: 'newer',
  live: 'live',
  list: 'list',
  spacer: 'spacer',
  rows: 'rows',
  status: 'status',
} as const;

const isTailMode = oneOf(['connecting', 'live', 'polling', 'reconnecting', 'stopped', 'failed'] as const);

export function isTailStatus(v: unknown): v is TailStatus {
  return isRecord(v) && isTailMode(v.mode) && typeof v.sampled === 'boolean' && optional(v.reason, isText) && optional(v.pollIntervalMs, isFiniteNumber);
}

export function isSearchState(v: unknown): v is SearchState {
  return (
    isRecord(v) &&
    typeof v.running === 'boolean' &&
    isFiniteNumber(v.start) &&
    isFiniteNumber(v.end) &&
    typeof v.canLoadOlder === 'boolean' &&
    typeof v.canLoadNewer === 'boolean' &&
    optional(v.error, isText)
  );
}

/** What the page accepts from the host: a well-formed message, or undefined (and the page ignores it). */
export function parseHostMessage(m: unknown): HostMessage | undefined {
  const msg = parseHostShape(m);
  if (!msg) return undefined;
  if (msg.type === 'status' && !isTailStatus(msg.status)) return undefined;
  if (msg.type === 'search' && !isSearchState(msg.state)) return undefined;
  if (msg.type === 'init' && !(Number.isInteger(msg.lineCap) && msg.lineCap > 0)) return undefined;
  return msg;
}
