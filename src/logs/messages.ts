// The messages between the log panel's host side and its webview, and their validation. Both sides
// check what they receive: a webview is a browser page, and its messages are input like any other.
import type { TailEvent, TailStatus } from './types';
import type { PanelFilter } from './model';

/** What a panel is: enough to reopen it after a reload (kept in the webview's state). */
export interface PanelConfig {
  connectionId: string;
  connectionLabel: string;
  logGroups: string[];
  filterPattern?: string;
  streamPrefix?: string;
  title: string;
  /** Set for "show a request's logs": the panel opens on a search, not a live tail. */
  requestId?: string;
  requestStartTime?: number;
}

export interface SearchState {
  running: boolean;
  start: number;
  end: number;
  canLoadOlder: boolean;
  canLoadNewer: boolean;
  error?: string;
}

export type HostMessage =
  | { type: 'init'; config: PanelConfig; lineCap: number; mode: 'live' | 'search' }
  | { type: 'events'; events: TailEvent[]; position: 'end' | 'start' }
  | { type: 'status'; status: TailStatus }
  | { type: 'search'; state: SearchState }
  | { type: 'clear' }
  | { type: 'notice'; message: string; level: 'info' | 'error' };

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'setPattern'; pattern: string }
  | { type: 'copy'; text: string }
  | { type: 'openJson'; text: string }
  | { type: 'search'; start: number; end: number }
  | { type: 'loadOlder' }
  | { type: 'loadNewer' }
  | { type: 'live' }
  | { type: 'filterChanged'; filter: PanelFilter };

const MAX_TEXT = 16 * 1024 * 1024;
const MAX_PATTERN = 1024;

/** Returns the message when it is well-formed, otherwise undefined (and the host ignores it). */
export function parseWebviewMessage(m: unknown): WebviewMessage | undefined {
  if (!m || typeof m !== 'object') return undefined;
  const msg = m as Record<string, unknown>;
  switch (msg.type) {
    case 'ready':
    case 'loadOlder':
    case 'loadNewer':
    case 'live':
      return { type: msg.type };
    case 'setPattern':
      return typeof msg.pattern === 'string' && msg.pattern.length <= MAX_PATTERN ? { type: 'setPattern', pattern: msg.pattern } : undefined;
    case 'copy':
    case 'openJson':
      return typeof msg.text === 'string' && msg.text.length <= MAX_TEXT ? { type: msg.type, text: msg.text } : undefined;
    case 'search': {
      const { start, end } = msg;
      if (!isTime(start) || !isTime(end) || start >= end) return undefined;
      return { type: 'search', start, end };
    }
    case 'filterChanged':
      return isFilter(msg.filter) ? { type: 'filterChanged', filter: msg.filter } : undefined;
    default:
      return undefined;
  }
}

export function parseHostMessage(m: unknown): HostMessage | undefined {
  if (!m || typeof m !== 'object') return undefined;
  const msg = m as Record<string, unknown>;
  switch (msg.type) {
    case 'init':
      return isConfig(msg.config) && typeof msg.lineCap === 'number' && (msg.mode === 'live' || msg.mode === 'search') ? (msg as HostMessage) : undefined;
    case 'events':
      return Array.isArray(msg.events) && msg.events.every(isEvent) && (msg.position === 'end' || msg.position === 'start') ? (msg as HostMessage) : undefined;
    case 'status':
      return msg.status && typeof msg.status === 'object' && typeof (msg.status as TailStatus).mode === 'string' ? (msg as HostMessage) : undefined;
    case 'search':
      return msg.state && typeof msg.state === 'object' ? (msg as HostMessage) : undefined;
    case 'clear':
      return { type: 'clear' };
    case 'notice':
      return typeof msg.message === 'string' && (msg.level === 'info' || msg.level === 'error') ? (msg as HostMessage) : undefined;
    default:
      return undefined;
  }
}

/** Validates a state saved by the webview before the host reopens a panel from it. */
export function isConfig(c: unknown): c is PanelConfig {
  if (!c || typeof c !== 'object') return false;
  const o = c as Record<string, unknown>;
  return (
    typeof o.connectionId === 'string' &&
    typeof o.connectionLabel === 'string' &&
    typeof o.title === 'string' &&
    Array.isArray(o.logGroups) &&
    o.logGroups.length >= 1 &&
    o.logGroups.length <= 10 &&
    o.logGroups.every((g) => typeof g === 'string' && g.length > 0 && g.length <= 2048) &&
    (o.filterPattern === undefined || typeof o.filterPattern === 'string') &&
    (o.streamPrefix === undefined || typeof o.streamPrefix === 'string') &&
    (o.requestId === undefined || typeof o.requestId === 'string') &&
    (o.requestStartTime === undefined || isTime(o.requestStartTime))
  );
}

function isEvent(e: unknown): e is TailEvent {
  if (!e || typeof e !== 'object') return false;
  const o = e as Record<string, unknown>;
  return typeof o.logGroup === 'string' && typeof o.logStream === 'string' && typeof o.timestamp === 'number' && typeof o.message === 'string';
}

function isFilter(f: unknown): f is PanelFilter {
  if (!f || typeof f !== 'object') return false;
  const o = f as Record<string, unknown>;
  return (
    (o.text === undefined || (typeof o.text === 'string' && o.text.length <= MAX_PATTERN)) &&
    (o.errorsOnly === undefined || typeof o.errorsOnly === 'boolean') &&
    (o.minLevel === undefined || typeof o.minLevel === 'string')
  );
}

function isTime(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < 1e14;
}
