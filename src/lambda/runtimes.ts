// Lambda's managed runtimes and their lifecycle, kept as data (data/runtimes.json) so the explorer,
// the deploy validation and the SAM validator all read the same dates.
import table from './data/runtimes.json';

export interface RuntimeInfo {
  runtime: string;
  family: 'nodejs' | 'python' | 'java' | 'dotnet' | 'ruby' | 'provided' | 'go';
  name: string;
  /** ISO dates (UTC). */
  deprecation: string;
  blockCreate: string;
  blockUpdate: string;
}

export type RuntimeStatus = 'supported' | 'deprecation-scheduled' | 'deprecated' | 'create-blocked' | 'update-blocked' | 'unknown';

const byName = new Map<string, RuntimeInfo>((table.runtimes as RuntimeInfo[]).map((r) => [r.runtime, r]));

/** How far ahead a scheduled deprecation is worth a warning. */
const SOON_MS = 180 * 24 * 3600 * 1000;

export function allRuntimes(): readonly RuntimeInfo[] {
  return [...byName.values()];
}

export function runtimeInfo(runtime: string | undefined): RuntimeInfo | undefined {
  return runtime ? byName.get(runtime) : undefined;
}

export function isKnownRuntime(runtime: string): boolean {
  return byName.has(runtime);
}

/** Runtimes a function can still be created with, newest first within each family. */
export function creatableRuntimes(now = new Date()): string[] {
  return allRuntimes()
    .filter((r) => Date.parse(r.blockCreate) > now.getTime())
    .map((r) => r.runtime);
}

export function runtimeStatus(runtime: string | undefined, now = new Date()): RuntimeStatus {
  const info = runtimeInfo(runtime);
  if (!info) return 'unknown';
  const t = now.getTime();
  if (Date.parse(info.blockUpdate) <= t) return 'update-blocked';
  if (Date.parse(info.blockCreate) <= t) return 'create-blocked';
  if (Date.parse(info.deprecation) <= t) return 'deprecated';
  if (Date.parse(info.deprecation) - t <= SOON_MS) return 'deprecation-scheduled';
  return 'supported';
}

/** A one-line warning for a runtime that is deprecated or soon will be, else undefined. */
export function runtimeWarning(runtime: string | undefined, now = new Date()): string | undefined {
  const info = runtimeInfo(runtime);
  if (!info) return undefined;
  switch (runtimeStatus(runtime, now)) {
    case 'update-blocked':
      return `${info.runtime} is deprecated (since ${info.deprecation}); updating functions that use it is blocked since ${info.blockUpdate}.`;
    case 'create-blocked':
      return `${info.runtime} is deprecated (since ${info.deprecation}); new functions are blocked since ${info.blockCreate}, updates from ${info.blockUpdate}.`;
    case 'deprecated':
      return `${info.runtime} is deprecated since ${info.deprecation}; creating functions is blocked from ${info.blockCreate}.`;
    case 'deprecation-scheduled':
      return `${info.runtime} will be deprecated on ${info.deprecation}.`;
    default:
      return undefined;
  }
}

export function isDeprecated(runtime: string | undefined, now = new Date()): boolean {
  const s = runtimeStatus(runtime, now);
  return s === 'deprecated' || s === 'create-blocked' || s === 'update-blocked';
}
