// Template diagnostics. Each check reports on the exact range of the offending key or value, and
// carries the logical id of the resource it blames so a client (and the conformance test) can tell.
// validateTemplate() checks a whole template in one go; the language service (service.ts) calls the
// same steps itself so that it can cache each resource's findings.
import { diskProbe, memoProbe } from '../handler';
import type { Template } from '../template';
import type { ValidateOptions } from './options';
import { validateReferences } from './references';
import { validateResource } from './resource';
import { duplicateRoutes, implicitApiCors } from './rules/routes';
import { Sink, type SamDiagnostic } from './sink';
import { validateStructure } from './structure';

export type { SamDiagnostic } from './sink';
export type { ValidateOptions } from './options';
export { Sink } from './sink';
export { validateStructure } from './structure';
export { validateResource } from './resource';
export { RefContext, resourceReferences, otherReferences } from './references';
export { duplicateRoutes, implicitApiCors } from './rules/routes';

/** Whole-template diagnostics: structure, then each resource, then references. */
export function validateTemplate(t: Template, givenOpts: ValidateOptions = {}): SamDiagnostic[] {
  const opts: ValidateOptions = { ...givenOpts, files: memoProbe(givenOpts.files ?? diskProbe) };
  const sink = new Sink();
  for (const p of t.problems) sink.add(p.start, p.end, p.severity, 'syntax', p.message);
  if (t.problems.some((p) => p.severity === 'error') && !t.root) return sink.items;
  validateStructure(t, sink);
  const deadline = Date.now() + (opts.budgetMs ?? 2000);
  for (const r of t.resources) {
    if (Date.now() > deadline) {
      sink.logicalId = undefined;
      sink.add(
        r.pair.keyStart,
        r.pair.keyEnd,
        'info',
        'budget',
        `Validation stopped here after ${opts.budgetMs ?? 2000} ms; later resources were not checked.`,
      );
      break;
    }
    sink.items.push(...validateResource(t, r, opts));
  }
  sink.logicalId = undefined;
  duplicateRoutes(t, sink);
  implicitApiCors(t, sink);
  sink.items.push(...validateReferences(t));
  return sink.items;
}
