// Small type guards shared by the panels' message protocols (host and page both validate what they
// receive). No DOM and no vscode: the host and the page scripts import this module alike.

export function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

export function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** A string no longer than `max` characters. */
export function isText(v: unknown, max = Number.MAX_SAFE_INTEGER): v is string {
  return typeof v === 'string' && v.length <= max;
}

export function optional<T>(v: unknown, guard: (x: unknown) => x is T): v is T | undefined {
  return v === undefined || guard(v);
}

export function oneOf<T extends string>(values: readonly T[]): (v: unknown) => v is T {
  return (v: unknown): v is T => typeof v === 'string' && (values as readonly string[]).includes(v);
}
