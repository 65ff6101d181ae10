// Where diagnostics are collected. Every check writes through a Sink rather than returning findings,
// so the logical id to blame and the error/warning policy of the template (see soften) are decided
// once per resource instead of at every report.
import type { HandlerStub } from '../handler';
import type { TPair } from '../ast';
import { bestMatch } from '../schema';
import type { RuleCode } from './codes';
import type { Fix } from './fixes';

type Severity = 'error' | 'warning' | 'info';
export interface SamDiagnostic {
  start: number;
  end: number;
  severity: Severity;
  message: string;
  /** Which check found it: a key of RULE_CODES (codes.ts), what lambdaWorkbench.sam.rules takes. */
  code: RuleCode;
  logicalId?: string;
  /** A quick fix for the finding, when one is known. */
  fix?: Fix;
  /** The name a finding is about (the target of a Ref to nothing), for fixes made on request. */
  subject?: string;
  /** A Handler that points at nothing: the file or function a quick fix creates. */
  handlerStub?: HandlerStub;
}

export class Sink {
  readonly items: SamDiagnostic[] = [];
  logicalId?: string;
  /** When set, what would be an error is reported as a warning (see validateResource). */
  soften = false;
  add(start: number, end: number, severity: Severity, code: RuleCode, message: string): void {
    this.items.push({ start, end: Math.max(end, start), severity, message, code, logicalId: this.logicalId });
  }
  error(n: { start: number; end: number }, code: RuleCode, message: string): void {
    this.add(n.start, n.end, this.soften ? 'warning' : 'error', code, message);
  }
  /** Always an error: malformed structure the SAM transform itself rejects. */
  hard(n: { start: number; end: number }, code: RuleCode, message: string): void {
    this.add(n.start, n.end, 'error', code, message);
  }
  /** Gives the last finding a fix replacing `range` (a misspelt name) with the closest candidate. */
  suggest(range: { start: number; end: number }, word: string, candidates: Iterable<string>): void {
    const best = bestMatch(word, candidates);
    const last = this.items[this.items.length - 1];
    if (best && last) last.fix = { title: `Change to '${best}'`, edits: [{ start: range.start, end: range.end, newText: best }] };
  }
  /** Reports what `check` finds with errors softened to warnings (when `when` holds). */
  softened(check: () => void, when = true): void {
    const own = this.soften;
    this.soften ||= when;
    try {
      check();
    } finally {
      this.soften = own;
    }
  }
  /** Reports what `report` finds on another resource under that resource's logical id. */
  blaming(logicalId: string, report: () => void): void {
    const own = this.logicalId;
    this.logicalId = logicalId;
    try {
      report();
    } finally {
      this.logicalId = own;
    }
  }
}

/** Where a finding about a property goes: on its key, not over its whole (possibly long) value. */
export const keyRange = (p: TPair) => ({ start: p.keyStart, end: p.keyEnd });
