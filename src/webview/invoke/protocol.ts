// The invoke result panel's protocol, shared by the host (src/vscode/invoke/) and the page (this
// folder): what one result looks like, the one message the host sends (the panel's state), the few
// actions the page sends back, a guard for each direction, and the ids of the page's elements.
import type { ReportFigures } from '../../lambda/invoke';
import { isFiniteNumber, isRecord, isText, oneOf, optional } from '../lib/guards';

/** The ids of the page's elements (the e2e tests find them too); media/invoke.css styles some. */
export const INVOKE_IDS = {
  root: 'root',
  status: 'status',
  requestId: 'requestId',
  report: 'report',
  error: 'error',
  response: 'response',
  showAll: 'showAll',
  logTail: 'logTail',
  history: 'history',
  invokeAgain: 'invokeAgain',
  runAgain: 'runAgain',
  showLogs: 'showLogs',
} as const;

export interface StackFrameView {
  text: string;
  /** Set when the frame names a file the extension can open (checked by the caller). */
  file?: string;
  line?: number;
  column?: number;
}

/** What the panel shows for one invocation (built by src/vscode/invoke/resultView.ts). */
export interface ResultView {
  status: 'success' | 'functionError' | 'accepted' | 'dryRun' | 'failed';
  statusCode?: number;
  executedVersion?: string;
  requestId?: string;
  clientDurationMs?: number;
  response?: { kind: 'json' | 'text' | 'binary' | 'empty'; text: string; bytes: number; lines: number; folded: boolean };
  error?: { kind: string; type?: string; message?: string; frames: StackFrameView[] };
  logTail?: string;
  report?: ReportFigures;
  /** A failure before or during the call (network, permission, validation). */
  failure?: string;
}

/** A result as the panel shows it: the view, and which history entry and payload it came from. */
export interface ShownResult extends ResultView {
  historyId?: string;
  payloadSource?: string;
  invocationType?: string;
}

/** One line of the panel's history list. */
export interface HistoryItem {
  id: string;
  at: number;
  invocationType: string;
  qualifier?: string;
  payloadSource: string;
  statusCode?: number;
  functionError?: string;
  failure?: string;
  durationMs?: number;
  canRerun: boolean;
}

export interface PanelState {
  title: string;
  subtitle: string;
  running: boolean;
  current?: ShownResult;
  history: HistoryItem[];
  canShowLogs: boolean;
}

/** Host -> page. */
export type HostMessage = { type: 'state'; state: PanelState };

/** Page -> host. */
export type PageMessage =
  { type: 'ready' | 'invoke' | 'showLogs' | 'openResponse' } | { type: 'rerun' | 'showHistory'; id: string } | { type: 'openFrame'; index: number };

/** Only the known message shapes pass; anything else from the page is ignored. */
export function parsePageMessage(m: unknown): PageMessage | undefined {
  if (!isRecord(m)) return undefined;
  switch (m.type) {
    case 'ready':
    case 'invoke':
    case 'showLogs':
    case 'openResponse':
      return { type: m.type };
    case 'rerun':
    case 'showHistory':
      return typeof m.id === 'string' && m.id.length < 100 ? { type: m.type, id: m.id } : undefined;
    case 'openFrame':
      return Number.isInteger(m.index) && (m.index as number) >= 0 && (m.index as number) < 1000 ? { type: 'openFrame', index: m.index as number } : undefined;
    default:
      return undefined;
  }
}

/**
 * What the page accepts from the host: the state when its fields have their types, else undefined.
 * A malformed history line (an entry stored by an older version, say) is left out, not the state.
 */
export function parseHostMessage(m: unknown): HostMessage | undefined {
  if (!isRecord(m) || m.type !== 'state' || !isRecord(m.state)) return undefined;
  const s = m.state;
  if (!isText(s.title) || !isText(s.subtitle) || typeof s.running !== 'boolean' || typeof s.canShowLogs !== 'boolean') return undefined;
  if (!Array.isArray(s.history) || !optional(s.current, isShownResult)) return undefined;
  const state: PanelState = { title: s.title, subtitle: s.subtitle, running: s.running, canShowLogs: s.canShowLogs, history: s.history.filter(isHistoryItem) };
  if (s.current !== undefined) state.current = s.current;
  return { type: 'state', state };
}

const isStatus = oneOf(['success', 'functionError', 'accepted', 'dryRun', 'failed'] as const);
const isResponseKind = oneOf(['json', 'text', 'binary', 'empty'] as const);
const isString = (v: unknown): v is string => typeof v === 'string';

function isShownResult(v: unknown): v is ShownResult {
  return (
    isRecord(v) &&
    isStatus(v.status) &&
    optional(v.statusCode, isFiniteNumber) &&
    optional(v.executedVersion, isString) &&
    optional(v.requestId, isString) &&
    optional(v.clientDurationMs, isFiniteNumber) &&
    optional(v.response, isResponse) &&
    optional(v.error, isFunctionError) &&
    optional(v.logTail, isString) &&
    optional(v.report, isReport) &&
    optional(v.failure, isString) &&
    optional(v.historyId, isString) &&
    optional(v.payloadSource, isString) &&
    optional(v.invocationType, isString)
  );
}

function isResponse(v: unknown): v is NonNullable<ResultView['response']> {
  return isRecord(v) && isResponseKind(v.kind) && isString(v.text) && isFiniteNumber(v.bytes) && isFiniteNumber(v.lines) && typeof v.folded === 'boolean';
}

function isFunctionError(v: unknown): v is NonNullable<ResultView['error']> {
  return isRecord(v) && isString(v.kind) && optional(v.type, isString) && optional(v.message, isString) && Array.isArray(v.frames) && v.frames.every(isFrame);
}

function isFrame(v: unknown): v is StackFrameView {
  return isRecord(v) && isString(v.text) && optional(v.file, isString) && optional(v.line, isFiniteNumber) && optional(v.column, isFiniteNumber);
}

/** The figures the page shows are numbers; the REPORT's other fields are not read. */
function isReport(v: unknown): v is ReportFigures {
  return (
    isRecord(v) &&
    (['durationMs', 'billedDurationMs', 'memorySizeMb', 'maxMemoryUsedMb', 'initDurationMs'] as const).every((k) => optional(v[k], isFiniteNumber))
  );
}

function isHistoryItem(v: unknown): v is HistoryItem {
  return (
    isRecord(v) &&
    isString(v.id) &&
    isFiniteNumber(v.at) &&
    isString(v.invocationType) &&
    isString(v.payloadSource) &&
    typeof v.canRerun === 'boolean' &&
    optional(v.qualifier, isString) &&
    optional(v.statusCode, isFiniteNumber) &&
    optional(v.functionError, isString) &&
    optional(v.failure, isString) &&
    optional(v.durationMs, isFiniteNumber)
  );
}
