// The status bar under the list: the tail's mode, rates and counts, warnings (dropped, paused,
// sampled), why the tail is in its mode, a retry link after a failure, and search errors and notices.
import type { PanelStats } from '../../logs/model';
import type { TailStatus } from '../../logs/types';
import { h, icon } from '../lib/dom';
import type { SearchState } from './protocol';

export interface StatusInput {
  stats: PanelStats;
  mode: 'live' | 'search';
  status: TailStatus;
  search: SearchState | undefined;
  notice: { message: string; level: 'info' | 'error' } | undefined;
}

export function statusParts({ stats: s, mode, status, search, notice }: StatusInput): HTMLElement[] {
  const parts: HTMLElement[] = [];
  const modeText = mode === 'search' ? (search?.running ? 'searching…' : 'search results') : status.mode;
  parts.push(h('span', { class: `mode m-${status.mode}` }, icon(modeIcon(mode, status)), modeText));
  if (mode === 'live') parts.push(h('span', null, `${s.eventsPerSecond} events/s`));
  parts.push(h('span', null, `${s.lines} lines · ${s.groups} invocations`));
  if (s.dropped) parts.push(h('span', { class: 'warn', title: 'Oldest lines dropped to stay under the line cap' }, `${s.dropped} dropped`));
  if (s.paused) parts.push(h('span', { class: 'warn' }, `paused · ${s.pending} waiting`));
  if (s.sampled)
    parts.push(h('span', { class: 'warn', title: 'More than 500 events per second matched: live tail shows a sample' }, icon('warning'), 'sampled'));
  if (status.reason && mode === 'live') parts.push(h('span', { class: 'reason' }, status.reason));
  if (status.mode === 'failed' && mode === 'live') parts.push(h('a', { href: '#', class: 'retry', 'data-retry': '1' }, icon('refresh'), 'retry'));
  if (search?.error) parts.push(h('span', { class: 'error' }, search.error));
  if (notice) parts.push(h('span', { class: notice.level === 'error' ? 'error' : 'reason' }, notice.message));
  return parts;
}

function modeIcon(mode: 'live' | 'search', status: TailStatus): string {
  if (mode === 'search') return 'search';
  if (status.mode === 'live') return 'broadcast';
  if (status.mode === 'polling') return 'sync';
  return status.mode === 'failed' ? 'error' : 'plug';
}
