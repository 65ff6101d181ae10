// Which lines are unfolded (a multi-line or JSON body shown whole) and which JSON blocks inside them
// are folded, and so how tall each row is. Errors open by default: they are what one looks for.
import type { PanelLine, PanelRow } from '../../logs/model';
import { bodyLines, closingLine } from './text';

export const ROW_HEIGHT = 20;

export interface BodyLine {
  text: string;
  index: number;
  /** Opens an object or array that spans more lines: it can fold. */
  opens: boolean;
  folded: boolean;
}

export class Folds {
  /** Lines whose JSON / multi-line body is unfolded (or folded against the default), by seq. */
  private readonly unfolded = new Set<number>();
  private readonly folded = new Set<number>();
  /** Folded JSON blocks inside unfolded lines: seq -> indexes of the body lines that open a folded block. */
  private readonly json = new Map<number, Set<number>>();

  clear(): void {
    this.unfolded.clear();
    this.folded.clear();
    this.json.clear();
  }

  isUnfolded(line: PanelLine): boolean {
    if (this.unfolded.has(line.seq)) return true;
    if (this.folded.has(line.seq)) return false;
    return !!line.error && line.text.includes('\n');
  }

  toggleLine(line: PanelLine): void {
    if (this.isUnfolded(line)) {
      this.unfolded.delete(line.seq);
      this.folded.add(line.seq);
    } else {
      this.folded.delete(line.seq);
      this.unfolded.add(line.seq);
    }
  }

  toggleJson(seq: number, index: number): void {
    const folds = this.json.get(seq) ?? new Set<number>();
    if (folds.has(index)) folds.delete(index);
    else folds.add(index);
    this.json.set(seq, folds);
  }

  /** The body lines shown: a folded block shows as its opening line with the closing bracket appended. */
  shownBody(line: PanelLine): BodyLine[] {
    const body = bodyLines(line);
    const folds = this.json.get(line.seq);
    const out: BodyLine[] = [];
    const isJson = line.json !== undefined;
    for (let i = 0; i < body.length; i++) {
      const text = body[i];
      const opens = isJson && /[[{]$/.test(text);
      if (opens && folds?.has(i)) {
        const close = closingLine(body, i);
        out.push({ text: `${text} … ${body[close].trim()}`, index: i, opens, folded: true });
        i = close;
      } else {
        out.push({ text, index: i, opens, folded: false });
      }
    }
    return out;
  }

  rowHeight(row: PanelRow): number {
    if (row.type === 'group') return ROW_HEIGHT + 2;
    return this.isUnfolded(row.line) ? ROW_HEIGHT * this.shownBody(row.line).length : ROW_HEIGHT;
  }
}
