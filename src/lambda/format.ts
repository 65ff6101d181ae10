// Short texts the explorer shows for a function: the description beside the name and the tooltip.
import type { AliasConfiguration, FunctionConfiguration } from '@aws-sdk/client-lambda';
import { isDeprecated, runtimeWarning } from './runtimes';

/** 1536 -> "1.5 KB", 52428800 -> "50 MB" (binary units, as Lambda's console shows them). */
export function humanSize(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '?';
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const text = u === 0 || v >= 100 ? String(Math.round(v)) : v.toFixed(1).replace(/\.0$/, '');
  return `${text} ${units[u]}`;
}

/** The function's state as one word, with the last update status when it is not settled. */
function stateText(fn: FunctionConfiguration): string {
  const state = fn.State ?? 'Active';
  const update = fn.LastUpdateStatus;
  if (update && update !== 'Successful') return `${state}, update ${update}`;
  return state;
}

/** Beside the name in the tree: `nodejs20.x · 128 MB · 3 s`, or the package type for images. */
export function functionDescription(fn: FunctionConfiguration, now = new Date()): string {
  const parts: string[] = [];
  if (fn.PackageType === 'Image') parts.push('image');
  else parts.push(fn.Runtime ?? '?');
  if (fn.PackageType !== 'Image' && isDeprecated(fn.Runtime, now)) parts[0] += ' (deprecated)';
  parts.push(`${fn.MemorySize ?? 128} MB`);
  parts.push(`${fn.Timeout ?? 3} s`);
  const state = stateText(fn);
  if (state !== 'Active') parts.push(state);
  return parts.join(' · ');
}

/** The tooltip: one fact per line. */
export function functionTooltip(fn: FunctionConfiguration, now = new Date()): string {
  const lines = [
    fn.FunctionName ?? '?',
    fn.Description ? fn.Description : undefined,
    fn.PackageType === 'Image' ? 'Package: container image' : `Runtime: ${fn.Runtime ?? '?'}`,
    fn.Handler ? `Handler: ${fn.Handler}` : undefined,
    `Memory: ${fn.MemorySize ?? 128} MB`,
    `Timeout: ${fn.Timeout ?? 3} s`,
    `Code size: ${humanSize(fn.CodeSize)}`,
    `State: ${stateText(fn)}`,
    fn.StateReason ? `Reason: ${fn.StateReason}` : undefined,
    fn.Architectures?.length ? `Architecture: ${fn.Architectures.join(', ')}` : undefined,
    fn.LastModified ? `Last modified: ${formatDate(fn.LastModified)}` : undefined,
    runtimeWarning(fn.Runtime, now),
  ];
  return lines.filter((l): l is string => !!l).join('\n');
}

/** Lambda's LastModified looks like `2024-05-01T12:00:00.000+0000`: shown as `2024-05-01 12:00 UTC`. */
export function formatDate(lastModified: string): string {
  const t = Date.parse(lastModified.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(t)) return lastModified;
  return new Date(t).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/**
 * `live -> 3 (90%), 4 (10%)` for an alias with weighted routing, `live -> 3` without. The extra
 * versions' weights come from RoutingConfig; the alias's own version gets what is left.
 */
export function routingText(alias: AliasConfiguration): string {
  const extra = Object.entries(alias.RoutingConfig?.AdditionalVersionWeights ?? {});
  const head = `${alias.Name ?? '?'} -> ${alias.FunctionVersion ?? '?'}`;
  if (extra.length === 0) return head;
  const rest = extra.reduce((sum, [, w]) => sum + w, 0);
  const parts = [`${alias.FunctionVersion ?? '?'} (${percent(1 - rest)})`, ...extra.map(([v, w]) => `${v} (${percent(w)})`)];
  return `${alias.Name ?? '?'} -> ${parts.join(', ')}`;
}

function percent(weight: number): string {
  const p = Math.round(weight * 10000) / 100;
  return `${p}%`;
}
