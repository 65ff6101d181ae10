// What the metrics panel says when CloudWatch or Lambda refuses: which permission is missing when the
// credentials lack one (the console's wording: the action to allow), else core's one wording. Pure.
import { describeError } from '../../core/errors';

function nameOf(err: unknown): string {
  const e = (err ?? {}) as { name?: string; Code?: string; __type?: string };
  const raw = e.name ?? e.Code ?? e.__type ?? '';
  return raw.includes('#') ? raw.slice(raw.lastIndexOf('#') + 1) : raw;
}

export function isAccessDenied(err: unknown): boolean {
  const msg = String((err as { message?: unknown } | undefined)?.message ?? '');
  return /AccessDenied|UnauthorizedOperation|NotAuthorized/i.test(nameOf(err)) || /not authorized to perform/i.test(msg);
}

/** A message for a failed read; `action` is the IAM action the read needs (cloudwatch:GetMetricData). */
export function metricsErrorMessage(err: unknown, action: string): string {
  if (isAccessDenied(err)) {
    return `Access denied: these credentials may not call ${action}. Ask for an IAM policy that allows "${action}" (CloudWatchReadOnlyAccess has it), or use another profile.`;
  }
  const text = describeError(err);
  const name = nameOf(err);
  return name && !text.startsWith(name) && !/^Error$/.test(name) ? `${name}: ${text}` : text;
}
