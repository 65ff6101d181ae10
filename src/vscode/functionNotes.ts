// What this session learned about how a function really runs on this machine (the local service's
// WARNING lines: another Node or Python than the runtime names, a JDK older than it names). The invoke
// area adds them after an invocation; the explorer shows them in the function's tooltip, so the
// fallback is never only in a log the user did not open.
export class FunctionNotes {
  private readonly notes = new Map<string, string[]>();

  /** Adds a note; false when the function already had it. */
  add(connectionId: string, functionName: string, note: string): boolean {
    const key = `${connectionId}\u0000${functionName}`;
    const list = this.notes.get(key) ?? [];
    if (list.includes(note)) return false;
    this.notes.set(key, [...list, note]);
    return true;
  }

  of(connectionId: string, functionName: string): readonly string[] {
    return this.notes.get(`${connectionId}\u0000${functionName}`) ?? [];
  }

  /** A connection's session ended: what was learned about its functions may no longer hold. */
  forget(connectionId: string): void {
    for (const key of [...this.notes.keys()]) if (key.startsWith(`${connectionId}\u0000`)) this.notes.delete(key);
  }
}

/** A function's tooltip with this session's notes about it below. */
export function withNotes(tooltip: string, notes: readonly string[]): string {
  return notes.length ? `${tooltip}\n\nOn this machine:\n${notes.map((n) => `- ${n.replace(/^WARNING: /, '')}`).join('\n')}` : tooltip;
}
