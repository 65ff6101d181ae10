// The language service: one entry per open document, re-parsed incrementally (document.ts) and
// re-validated per resource, with each resource's findings cached while its text, the Globals and
// the set of logical ids stay the same. No LSP types here: offsets in, offsets out.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChunkCache, parseTemplate } from './document';
import {
  validateStructure,
  validateResource,
  resourceReferences,
  otherReferences,
  RefContext,
  Sink,
  type SamDiagnostic,
  type ValidateOptions,
  duplicateRoutes,
  implicitApiCors,
} from './validate';
import { buildTemplate, type Template, type ResourceEntry } from './template';
import type { TNode } from './ast';
import { addParameter, type Fix } from './validate/fixes';
import { complete, type SamCompletion } from './complete';
import { hover, type SamHover } from './hover';
import { collectOccurrences, definitionOf, occurrenceAt, renameEdits, type Occurrence } from './navigate';
import { documentSymbols, codeLenses, type SamSymbol, type SamCodeLens } from './outline';
import { diskProbe, memoProbe, type FileProbe } from './handler';

interface CachedFindings {
  start: number;
  generation: number;
  items: SamDiagnostic[];
}

interface Entry {
  uri: string;
  version: number;
  text: string;
  chunks: ChunkCache;
  template?: Template;
  diagnostics?: SamDiagnostic[];
  occurrences?: Occurrence[];
  findings: WeakMap<TNode, CachedFindings>;
  /** What cached findings depend on beyond their own text, and a number that changes with it. */
  contextKey?: string;
  generation: number;
}

interface ServiceOptions {
  /** Per-document validation budget in ms (default 2000). */
  budgetMs?: number;
  files?: FileProbe;
  today?: string;
}

/** Is this text a CloudFormation or SAM template (not just any YAML or JSON file)? */
/** A replacement of a quoted name ("Runtime" in JSON, 'x' in YAML) keeps the quotes. Idempotent. */
function keepQuotes(text: string, fix: Fix): void {
  for (const ed of fix.edits) {
    const q = text[ed.start];
    if ((q === '"' || q === "'") && ed.end - ed.start >= 2 && text[ed.end - 1] === q && ed.newText && !ed.newText.startsWith(q))
      ed.newText = `${q}${ed.newText}${q}`;
  }
}

export function looksLikeTemplate(text: string): boolean {
  const head = text.slice(0, 200_000);
  if (/(^|[\n{,])\s*["']?AWSTemplateFormatVersion["']?\s*:/.test(head)) return true;
  if (/["']?Transform["']?\s*:\s*\[?\s*["']?AWS::Serverless/.test(head)) return true;
  return /(^|[\n{,])\s*["']?Resources["']?\s*:/.test(head) && /["']?Type["']?\s*:\s*["']?(AWS|Custom|Alexa)::/.test(head);
}

export class SamLanguageService {
  private readonly docs = new Map<string, Entry>();
  constructor(private readonly opts: ServiceOptions = {}) {}

  open(uri: string, text: string, version = 0): void {
    this.docs.set(uri, { uri, version, text: lineBreaksAsLf(text), chunks: new ChunkCache(), findings: new WeakMap(), generation: 0 });
  }

  update(uri: string, text: string, version: number): void {
    const e = this.docs.get(uri);
    if (!e) return this.open(uri, text, version);
    e.text = lineBreaksAsLf(text);
    e.version = version;
    e.template = undefined;
    e.diagnostics = undefined;
    e.occurrences = undefined;
  }

  /** Files on disk changed (handlers, CodeUri folders): cached findings must be recomputed. */
  filesChanged(): string[] {
    for (const e of this.docs.values()) {
      e.contextKey = undefined;
      e.diagnostics = undefined;
    }
    return [...this.docs.keys()];
  }

  close(uri: string): void {
    this.docs.delete(uri);
  }

  has(uri: string): boolean {
    return this.docs.has(uri);
  }

  /** A fix declaring `name` as a parameter of the document's current text (for a Ref to nothing). */
  parameterFix(uri: string, name: string): Fix | undefined {
    const t = this.template(uri);
    if (!t || !/^[A-Za-z0-9]+$/.test(name) || t.parameters.has(name) || t.resourceById.has(name)) return undefined;
    return addParameter(t.text, t.sections.get('Parameters'), t.sections.get('Resources'), name);
  }

  template(uri: string): Template | undefined {
    const e = this.docs.get(uri);
    if (!e) return undefined;
    if (!e.template) {
      try {
        e.template = parseTemplate(e.text, e.chunks);
      } catch (err) {
        // Never let one document take features down: an empty template with the reason.
        e.chunks = new ChunkCache();
        e.template = buildTemplate(e.text, null, [
          { start: 0, end: 0, message: `The template could not be read (internal error: ${(err as Error).message}).`, severity: 'error' },
        ]);
      }
    }
    return e.template;
  }

  /** Diagnostics of a document; never throws: an internal error becomes one diagnostic. */
  diagnostics(uri: string): SamDiagnostic[] {
    const e = this.docs.get(uri);
    if (!e) return [];
    if (e.diagnostics) return e.diagnostics;
    try {
      e.diagnostics = this.validate(e);
      for (const d of e.diagnostics) if (d.fix) keepQuotes(e.text, d.fix);
    } catch (err) {
      e.diagnostics = [
        {
          start: 0,
          end: 0,
          severity: 'error',
          code: 'internal',
          message: `The template could not be checked (internal error: ${(err as Error).message}). Please report it.`,
        },
      ];
    }
    return e.diagnostics;
  }

  /** validateTemplate()'s steps, with each resource's findings and references kept together so they are cached as one. */
  private validate(e: Entry): SamDiagnostic[] {
    const t = this.template(e.uri)!;
    const budget = this.opts.budgetMs ?? 2000;
    const opts: ValidateOptions = { templateDir: templateDir(e.uri), files: memoProbe(this.opts.files ?? diskProbe), budgetMs: budget, today: this.opts.today };
    const sink = new Sink();
    for (const p of t.problems) sink.add(p.start, p.end, p.severity, 'syntax', p.message);
    if (!t.root && t.problems.some((p) => p.severity === 'error')) return sink.items;
    validateStructure(t, sink);
    const globalsKey = t.globals ? t.text.slice(t.globals.start, t.globals.end) : '';
    // What a resource's findings depend on besides its own text: every defined name and type.
    const idsKey = [
      t.resources.map((r) => `${r.logicalId}:${r.type ?? ''}`).join(','),
      t.isSam,
      [...t.parameters.keys()].join(','),
      [...t.conditions.keys()].join(','),
      [...t.mappings.keys()].join(','),
      [...t.implicit.keys()].join(','),
    ].join('|');
    const key = `${globalsKey}\u0000${idsKey}`;
    // One string comparison per validation; resources then compare a number.
    if (key !== e.contextKey) {
      e.contextKey = key;
      e.generation++;
    }
    const deadline = Date.now() + budget;
    const out = sink.items;
    const refs = new RefContext(t);
    for (const r of t.resources) {
      if (Date.now() > deadline) {
        out.push({
          start: r.pair.keyStart,
          end: r.pair.keyEnd,
          severity: 'info',
          code: 'budget',
          message: `Validation stopped here after ${budget} ms; later resources were not checked.`,
        });
        break;
      }
      out.push(...this.resourceFindings(e, t, r, e.generation, opts, refs));
    }
    const wide = new Sink();
    duplicateRoutes(t, wide);
    implicitApiCors(t, wide);
    out.push(...wide.items);
    out.push(...otherReferences(refs));
    return out;
  }

  private resourceFindings(e: Entry, t: Template, r: ResourceEntry, generation: number, opts: ValidateOptions, refs: RefContext): SamDiagnostic[] {
    const node = r.node;
    if (!node) return [...validateResource(t, r, opts), ...resourceReferences(refs, r)];
    const hit = e.findings.get(node);
    if (hit && hit.generation === generation) {
      const delta = r.pair.keyStart - hit.start;
      if (delta) {
        for (const d of hit.items) {
          d.start += delta;
          d.end += delta;
          // A fix edits only the resource's own text, which moved with it.
          for (const ed of d.fix?.edits ?? []) {
            ed.start += delta;
            ed.end += delta;
          }
        }
        hit.start = r.pair.keyStart;
      }
      return hit.items;
    }
    const items = [...validateResource(t, r, opts), ...resourceReferences(refs, r)];
    e.findings.set(node, { start: r.pair.keyStart, generation, items });
    return items;
  }

  private occurrences(uri: string): Occurrence[] {
    const e = this.docs.get(uri)!;
    e.occurrences ??= collectOccurrences(this.template(uri)!);
    return e.occurrences;
  }

  completion(uri: string, offset: number): SamCompletion[] {
    const t = this.template(uri);
    return t ? complete(t, offset) : [];
  }

  hover(uri: string, offset: number): SamHover | undefined {
    const t = this.template(uri);
    return t ? hover(t, offset) : undefined;
  }

  definition(uri: string, offset: number): { start: number; end: number } | undefined {
    const t = this.template(uri);
    if (!t) return undefined;
    const at = occurrenceAt(this.occurrences(uri), offset);
    return at ? definitionOf(t, at.name) : undefined;
  }

  references(uri: string, offset: number, includeDeclaration = true): { start: number; end: number }[] {
    if (!this.template(uri)) return [];
    const occ = this.occurrences(uri);
    const at = occurrenceAt(occ, offset);
    if (!at) return [];
    return occ.filter((o) => o.name === at.name && (includeDeclaration || o.kind !== 'definition')).map((o) => ({ start: o.start, end: o.end }));
  }

  prepareRename(uri: string, offset: number): { start: number; end: number; placeholder: string } | undefined {
    const t = this.template(uri);
    if (!t) return undefined;
    const at = occurrenceAt(this.occurrences(uri), offset);
    if (!at || !definitionOf(t, at.name)) return undefined;
    return { start: at.start, end: at.end, placeholder: at.name };
  }

  rename(uri: string, offset: number, newName: string): { start: number; end: number; newText: string }[] | { error: string } {
    const t = this.template(uri);
    if (!t) return { error: 'Unknown document.' };
    return renameEdits(t, this.occurrences(uri), offset, newName);
  }

  symbols(uri: string): SamSymbol[] {
    const t = this.template(uri);
    return t ? documentSymbols(t) : [];
  }

  codeLenses(uri: string): SamCodeLens[] {
    const t = this.template(uri);
    return t ? codeLenses(t) : [];
  }
}

function templateDir(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return dirname(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

/**
 * A lone CR is a line break in YAML (1.1, which SAM CLI and CloudFormation read, and 1.2) and in the
 * editor; the parser here only breaks lines at LF. Replaced one for one, so every offset stays the
 * same and positions map through LineIndex, which counts lone CRs as breaks too.
 */
export function lineBreaksAsLf(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}
