// Offsets (what the language service speaks) to LSP line/character positions and back.
/** Line starts of one text, for offset <-> position conversions by binary search. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    // LF, CRLF and a lone CR all end a line, as in the editor and in YAML. Without a CR (the usual
    // case, and always in the service, which turns lone CRs into LFs) indexOf finds the breaks.
    if (!text.includes('\r')) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }
  position(offset: number): { line: number; character: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }
  offset(pos: { line: number; character: number }): number {
    if (pos.line >= this.starts.length) return this.text.length;
    if (pos.line < 0) return 0;
    const lineEnd = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] - 1 : this.text.length;
    return Math.min(this.starts[pos.line] + Math.max(0, pos.character), lineEnd);
  }
  range(start: number, end: number) {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }
}
