// An invocation's header row: status, request id and the REPORT figures (duration, billed, memory,
// cold start), the error type and the version.
import type { InvocationGroup } from '../../logs/group';
import { h, icon } from '../lib/dom';
import { fmtMs, time } from './text';

export function renderGroup(g: InvocationGroup, count: number, collapsed: boolean, index: number): HTMLElement {
  return h(
    'div',
    { class: `row group s-${g.status}`, 'data-i': index, 'data-group': g.requestId },
    icon(collapsed ? 'chevron-right' : 'chevron-down'),
    statusIcon(g.status),
    h('span', { class: 'ts' }, time(g.firstTimestamp)),
    h('span', { class: 'rid', title: 'Request id' }, g.requestId),
    ...figures(g),
    h('span', { class: 'count' }, `${count} line${count === 1 ? '' : 's'}`),
  );
}

function statusIcon(status: InvocationGroup['status']): HTMLElement {
  if (status === 'success') return icon('pass', 'ok');
  if (status === 'running') return icon('loading', 'run codicon-modifier-spin');
  return status === 'timeout' ? icon('watch', 'bad') : icon('error', 'bad');
}

function figures(g: InvocationGroup): HTMLElement[] {
  const r = g.report ?? {};
  const out: HTMLElement[] = [];
  const fig = (cls: string, title: string | undefined, ...children: Array<Node | string>): void => {
    out.push(h('span', { class: cls, title }, ...children));
  };
  if (r.durationMs !== undefined) fig('fig', 'Duration', icon('clock'), fmtMs(r.durationMs));
  if (r.billedDurationMs !== undefined) fig('fig', 'Billed duration', `billed ${fmtMs(r.billedDurationMs)}`);
  if (r.maxMemoryUsedMb !== undefined) fig('fig', 'Max memory used / memory size', icon('server'), `${r.maxMemoryUsedMb}/${r.memorySizeMb ?? '?'} MB`);
  if (r.initDurationMs !== undefined) fig('fig cold', 'Cold start: init duration', icon('snowflake'), `init ${fmtMs(r.initDurationMs)}`);
  if (r.restoreDurationMs !== undefined) fig('fig cold', 'SnapStart restore duration', `restore ${fmtMs(r.restoreDurationMs)}`);
  if (g.errorType) fig('fig bad', undefined, g.errorType);
  if (g.version && g.version !== '$LATEST') fig('fig', undefined, `v${g.version}`);
  return out;
}
