// The lambdaWorkbench.sam.rules setting: per diagnostic code (the code each diagnostic shows, such
// as `deprecated-runtime`, `handler`, `unknown-property`), a severity to report it with, or `off`.
import type { SamDiagnostic } from './validate';

export type RuleLevel = 'error' | 'warning' | 'info' | 'off';
const LEVELS: Record<string, RuleLevel> = { error: 'error', warning: 'warning', info: 'info', information: 'info', hint: 'info', off: 'off', none: 'off' };

/** The valid entries of the setting's value (anything else is ignored, not an error). */
export function readRuleSettings(value: unknown): Map<string, RuleLevel> {
  const out = new Map<string, RuleLevel>();
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [code, level] of Object.entries(value as Record<string, unknown>)) {
    const l = typeof level === 'string' ? LEVELS[level.toLowerCase()] : undefined;
    if (l) out.set(code, l);
  }
  return out;
}

export function applyRuleSettings(diagnostics: SamDiagnostic[], rules: Map<string, RuleLevel>): SamDiagnostic[] {
  if (rules.size === 0) return diagnostics;
  const out: SamDiagnostic[] = [];
  for (const d of diagnostics) {
    const level = rules.get(d.code);
    if (level === 'off') continue;
    out.push(level ? { ...d, severity: level } : d);
  }
  return out;
}
