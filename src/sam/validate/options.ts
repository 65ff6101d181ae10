// Options of a validation run: what it may read from disk and the clock it judges runtimes by.
import type { FileProbe } from '../handler';

export interface ValidateOptions {
  /** Folder of the template file, to resolve CodeUri and Handler; omitted for unsaved documents. */
  templateDir?: string;
  files?: FileProbe;
  /** Wall-clock budget in ms; past it validation stops with one informational diagnostic. */
  budgetMs?: number;
  /** "Today" for runtime deprecation (tests pin it). */
  today?: string;
}
