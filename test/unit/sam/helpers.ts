// Cursor-marker fixtures: `‸` in a template marks the cursor; the helpers strip it and open the
// document in a fresh language service.
import { SamLanguageService } from '../../../src/sam/service';

export const CURSOR = '‸';

export function withCursor(src: string): { text: string; offset: number } {
  const offset = src.indexOf(CURSOR);
  if (offset < 0) throw new Error('fixture has no cursor marker');
  return { text: src.slice(0, offset) + src.slice(offset + CURSOR.length), offset };
}

export function open(text: string, uri = 'untitled:template.yaml', today = '2026-01-01'): SamLanguageService {
  const s = new SamLanguageService({ today });
  s.open(uri, text, 1);
  return s;
}

/** The text a diagnostic/occurrence range covers. */
export const slice = (text: string, r: { start: number; end: number }) => text.slice(r.start, r.end);
