// The rows of the list: a log line (folded to its first line, or unfolded with its JSON highlighted
// and foldable block by block) or an invocation's header. Built as DOM nodes, never as HTML text.
import type { PanelLine, PanelRow } from '../../logs/model';
import { append, h, icon } from '../lib/dom';
import type { Folds } from './folds';
import { renderGroup } from './report';
import { bodyLines, jsonTokens, time } from './text';

export function renderRow(row: PanelRow, index: number, folds: Folds): HTMLElement {
  if (row.type === 'group') return renderGroup(row.group, row.lineCount, row.collapsed, index);
  const line = row.line;
  const body = bodyLines(line);
  const foldable = body.length > 1;
  const open = foldable && folds.isUnfolded(line);
  const cls = ['row', 'line'];
  if (row.grouped) cls.push('grouped');
  if (line.level) cls.push(`lvl-${line.level}`);
  if (line.error || line.kind === 'timeout') cls.push('err');
  cls.push(`k-${line.kind}`);
  if (open) cls.push('open');
  const twisty = foldable ? h('span', { class: 'fold', 'data-fold': line.seq }, icon(open ? 'chevron-down' : 'chevron-right')) : h('span', { class: 'fold' });
  const msg = h('span', { class: 'msg' });
  if (open) renderBody(msg, line, folds);
  else {
    // Folded: the line as logged (compact JSON stays on one line).
    append(msg, line.text.split('\n', 1)[0]);
    const rawLines = line.json !== undefined ? 0 : body.length - 1;
    if (foldable) append(msg, ' ', h('span', { class: 'more', 'data-fold': line.seq }, rawLines ? `+${rawLines} lines` : '{…}'));
  }
  return h(
    'div',
    { class: cls.join(' '), 'data-i': index },
    twisty,
    h('span', { class: 'ts' }, time(line.timestamp)),
    line.level ? h('span', { class: 'level' }, line.level) : undefined,
    msg,
  );
}

/** Unfolded: pretty-printed JSON (blocks fold one by one) or every line of the text. */
function renderBody(msg: HTMLElement, line: PanelLine, folds: Folds): void {
  const json = line.json !== undefined;
  folds.shownBody(line).forEach((b, i) => {
    if (i > 0) append(msg, '\n');
    if (b.opens) append(msg, h('span', { class: 'jfold', 'data-jfold': `${line.seq}:${b.index}` }, b.folded ? '▸' : '▾'));
    else if (json) append(msg, h('span', { class: 'jfold-pad' }));
    if (!json) append(msg, b.text);
    else for (const t of jsonTokens(b.text)) append(msg, t.cls ? h('span', { class: t.cls }, t.text) : t.text);
  });
}
