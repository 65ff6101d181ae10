// The Logs Insights panel's protocol, shared by the host (src/vscode/insights/) and the page (this
// folder): the messages both ways, each side's validation of what it receives, and the ids of the
// page's elements. The host runs the queries; the page never talks to the network.
import { isFiniteNumber, isRecord, isText, oneOf, optional } from '../lib/guards';

export const INSIGHTS_IDS = {
  toolbar: 'toolbar',
  title: 'title',
  groups: 'groups',
  groupInput: 'groupInput',
  groupList: 'groupList',
  range: 'range',
  customRange: 'customRange',
  start: 'start',
  end: 'end',
  samples: 'samples',
  saved: 'saved',
  save: 'save',
  run: 'run',
  cancel: 'cancel',
  editor: 'editor',
  query: 'query',
  highlight: 'highlight',
  completions: 'completions',
  progress: 'progress',
  error: 'error',
  chart: 'chart',
  resultBar: 'resultBar',
  copyCsv: 'copyCsv',
  copyJson: 'copyJson',
  results: 'results',
} as const;

/** The relative ranges of the time picker, in minutes (custom is an absolute range). */
export const RANGES: readonly { label: string; minutes: number }[] = [
  { label: '5 m', minutes: 5 },
  { label: '15 m', minutes: 15 },
  { label: '1 h', minutes: 60 },
  { label: '3 h', minutes: 180 },
  { label: '12 h', minutes: 720 },
  { label: '1 d', minutes: 1440 },
  { label: '1 w', minutes: 10080 },
];

export type TimeRange = { kind: 'relative'; minutes: number } | { kind: 'absolute'; start: number; end: number };

export interface InsightsConfig {
  connectionId: string;
  connectionLabel: string;
  title: string;
  logGroups: string[];
  /** The query the panel opens with (else the page's last one, else a first sample). */
  query?: string;
}

export interface NamedQuery {
  name: string;
  query: string;
}

export interface SavedQueryRef {
  /** The file name under .lambda-workbench/queries/ (e.g. `slow.cwlq`). */
  file: string;
  name: string;
}

export interface QueryProgress {
  status: 'Scheduled' | 'Running' | 'Complete' | 'Failed' | 'Cancelled' | 'Timeout' | 'Unknown';
  recordsScanned: number;
  recordsMatched: number;
  bytesScanned: number;
  elapsedMs: number;
}

export type HostMessage =
  | { type: 'init'; config: InsightsConfig; samples: NamedQuery[]; saved: SavedQueryRef[] }
  | { type: 'groups'; available: string[]; error?: string }
  | { type: 'progress'; progress: QueryProgress }
  /** The rows: final, or `partial` ones while the query still runs. */
  | { type: 'results'; fields: string[]; rows: Record<string, string>[]; progress: QueryProgress; partial?: boolean }
  | { type: 'failed'; message: string; cancelled: boolean; line?: number; column?: number }
  | { type: 'query'; query: string; name?: string }
  | { type: 'saved'; saved: SavedQueryRef[] };

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'run'; query: string; logGroups: string[]; range: TimeRange }
  | { type: 'cancel' }
  | { type: 'save'; query: string }
  | { type: 'openSaved'; file: string }
  | { type: 'copy'; text: string; format: 'csv' | 'json' };

const MAX_QUERY = 10_000;
const MAX_GROUP = 512;
const MAX_GROUPS = 50;
const MAX_TEXT = 64 * 1024 * 1024;
const MAX_ROWS = 10_000;
/** A saved query's file name: no folders, no dots in front, the .cwlq extension. */
export const SAVED_FILE = /^[\w][\w .()-]{0,120}\.cwlq$/;

const isStatus = oneOf(['Scheduled', 'Running', 'Complete', 'Failed', 'Cancelled', 'Timeout', 'Unknown'] as const);
const isGroupName = (v: unknown): v is string => isText(v, MAX_GROUP) && v.length > 0;
const isStringList = (v: unknown, guard: (x: unknown) => x is string, max: number): v is string[] => Array.isArray(v) && v.length <= max && v.every(guard);

export function isTimeRange(v: unknown): v is TimeRange {
  if (!isRecord(v)) return false;
  if (v.kind === 'relative') return isFiniteNumber(v.minutes) && v.minutes > 0 && v.minutes <= 366 * 1440;
  return v.kind === 'absolute' && isFiniteNumber(v.start) && isFiniteNumber(v.end) && v.start >= 0 && v.start < v.end;
}

export function isProgress(v: unknown): v is QueryProgress {
  return (
    isRecord(v) &&
    isStatus(v.status) &&
    isFiniteNumber(v.recordsScanned) &&
    isFiniteNumber(v.recordsMatched) &&
    isFiniteNumber(v.bytesScanned) &&
    isFiniteNumber(v.elapsedMs)
  );
}

export function isConfig(v: unknown): v is InsightsConfig {
  return (
    isRecord(v) &&
    isText(v.connectionId, 200) &&
    isText(v.connectionLabel, 200) &&
    isText(v.title, 300) &&
    isStringList(v.logGroups, isGroupName, MAX_GROUPS) &&
    optional(v.query, (q): q is string => isText(q, MAX_QUERY))
  );
}

const isNamedQuery = (v: unknown): v is NamedQuery => isRecord(v) && isText(v.name, 200) && isText(v.query, MAX_QUERY);
const isSavedRef = (v: unknown): v is SavedQueryRef => isRecord(v) && isText(v.file, 200) && SAVED_FILE.test(v.file) && isText(v.name, 200);
const isRow = (v: unknown): v is Record<string, string> => isRecord(v) && Object.values(v).every((x) => typeof x === 'string');

/** What the host accepts from the page: a well-formed message, or undefined (and the host ignores it). */
export function parseWebviewMessage(m: unknown): WebviewMessage | undefined {
  if (!isRecord(m)) return undefined;
  switch (m.type) {
    case 'ready':
    case 'cancel':
      return { type: m.type };
    case 'run':
      return isText(m.query, MAX_QUERY) && isStringList(m.logGroups, isGroupName, MAX_GROUPS) && isTimeRange(m.range)
        ? { type: 'run', query: m.query, logGroups: m.logGroups, range: m.range }
        : undefined;
    case 'save':
      return isText(m.query, MAX_QUERY) ? { type: 'save', query: m.query } : undefined;
    case 'openSaved':
      return isText(m.file, 200) && SAVED_FILE.test(m.file) ? { type: 'openSaved', file: m.file } : undefined;
    case 'copy':
      return isText(m.text, MAX_TEXT) && (m.format === 'csv' || m.format === 'json') ? { type: 'copy', text: m.text, format: m.format } : undefined;
    default:
      return undefined;
  }
}

/** What the page accepts from the host: a well-formed message, or undefined (and the page ignores it). */
export function parseHostMessage(m: unknown): HostMessage | undefined {
  if (!isRecord(m)) return undefined;
  switch (m.type) {
    case 'init':
      return isConfig(m.config) && Array.isArray(m.samples) && m.samples.every(isNamedQuery) && Array.isArray(m.saved) && m.saved.every(isSavedRef)
        ? { type: 'init', config: m.config, samples: m.samples, saved: m.saved }
        : undefined;
    case 'groups':
      return isStringList(m.available, isGroupName, 100_000) && optional(m.error, isText)
        ? { type: 'groups', available: m.available, ...(m.error ? { error: m.error } : {}) }
        : undefined;
    case 'progress':
      return isProgress(m.progress) ? { type: 'progress', progress: m.progress } : undefined;
    case 'results':
      return Array.isArray(m.fields) &&
        m.fields.every((f) => isText(f, 1000)) &&
        Array.isArray(m.rows) &&
        m.rows.length <= MAX_ROWS &&
        m.rows.every(isRow) &&
        isProgress(m.progress) &&
        optional(m.partial, (x): x is boolean => typeof x === 'boolean')
        ? { type: 'results', fields: m.fields, rows: m.rows, progress: m.progress, ...(m.partial ? { partial: true } : {}) }
        : undefined;
    case 'failed':
      return isText(m.message, 10_000) && typeof m.cancelled === 'boolean' && optional(m.line, isFiniteNumber) && optional(m.column, isFiniteNumber)
        ? {
            type: 'failed',
            message: m.message,
            cancelled: m.cancelled,
            ...(m.line !== undefined ? { line: m.line } : {}),
            ...(m.column !== undefined ? { column: m.column } : {}),
          }
        : undefined;
    case 'query':
      return isText(m.query, MAX_QUERY) && optional(m.name, isText)
        ? { type: 'query', query: m.query, ...(m.name !== undefined ? { name: m.name } : {}) }
        : undefined;
    case 'saved':
      return Array.isArray(m.saved) && m.saved.every(isSavedRef) ? { type: 'saved', saved: m.saved } : undefined;
    default:
      return undefined;
  }
}
