// Reads one Lambda log event: the platform's text lines (START / END / REPORT / INIT_START / timeouts),
// the JSON platform records of the JSON log format, and application lines of the Node, Python and JSON
// formats. Pure and allocation-light: it runs for every event of a live tail.
import type { LogLevel, ParsedLine, ReportFigures } from './types';

const UUID = '[0-9a-fA-F]{8}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{12}';
const ISO = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z';

const START_RE = new RegExp(`^START RequestId: (${UUID})(?:\\s+Version: (\\S+))?`);
const END_RE = new RegExp(`^END RequestId: (${UUID})`);
const REPORT_RE = new RegExp(`^REPORT RequestId: (${UUID})`);
const TIMEOUT_RE = new RegExp(`^(?:${ISO}\\s+)?(?:(${UUID})\\s+)?Task timed out after ([\\d.]+) seconds`);
// Node: `2024-01-01T00:00:00.000Z\t<reqid|undefined>\tINFO\tmessage`
const NODE_RE = new RegExp(`^(${ISO})\\t(${UUID}|undefined)\\t(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\\t([\\s\\S]*)$`);
// Python: `[INFO]\t2024-01-01T00:00:00.000Z\t<reqid>\tmessage` (the request id may be missing at init)
const PY_RE = new RegExp(`^\\[(TRACE|DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL)\\]\\t(${ISO})\\t(?:(${UUID})?\\t)?([\\s\\S]*)$`);
// Python's uncaught exception line: `[ERROR] ZeroDivisionError: division by zero\nTraceback ...`
const PY_UNCAUGHT_RE = /^\[ERROR\] ([A-Za-z_][\w.]*)(?::|\s*$)/;
// A line that only carries a request id prefix: `2024-...Z <reqid> message` (Java, custom runtimes)
const ISO_REQ_RE = new RegExp(`^(${ISO})\\s+(${UUID})\\s+([\\s\\S]*)$`);

const REPORT_FIELDS: Array<[RegExp, keyof ReportFigures]> = [
  [/(?:^|\t|\s)Duration: ([\d.]+) ms/, 'durationMs'],
  [/Billed Duration: ([\d.]+) ms/, 'billedDurationMs'],
  [/Memory Size: ([\d.]+) MB/, 'memorySizeMb'],
  [/Max Memory Used: ([\d.]+) MB/, 'maxMemoryUsedMb'],
  [/Init Duration: ([\d.]+) ms/, 'initDurationMs'],
  [/(?:^|\t|\s)Restore Duration: ([\d.]+) ms/, 'restoreDurationMs'],
  [/Billed Restore Duration: ([\d.]+) ms/, 'billedRestoreDurationMs'],
];

const LEVELS: Record<string, LogLevel> = {
  TRACE: 'TRACE',
  DEBUG: 'DEBUG',
  INFO: 'INFO',
  WARN: 'WARN',
  WARNING: 'WARN',
  ERROR: 'ERROR',
  FATAL: 'FATAL',
  CRITICAL: 'FATAL',
};

function normaliseLevel(level: unknown): LogLevel | undefined {
  return typeof level === 'string' ? LEVELS[level.toUpperCase()] : undefined;
}

/** Parses one log event's message. Never throws: unknown shapes come back as `kind: 'text'`. */
export function parseLine(raw: string): ParsedLine {
  const message = raw.endsWith('\n') ? raw.replace(/\r?\n$/, '') : raw;
  const c = message.charCodeAt(0);
  if (c === 123 /* { */) {
    const json = tryJson(message);
    if (json !== undefined) return parseJsonLine(message, json);
  }
  if (message.startsWith('START ')) {
    const m = START_RE.exec(message);
    if (m) return { kind: 'start', requestId: m[1], text: message, ...(m[2] ? { version: m[2] } : {}) };
  }
  if (message.startsWith('END ')) {
    const m = END_RE.exec(message);
    if (m) return { kind: 'end', requestId: m[1], text: message };
  }
  if (message.startsWith('REPORT ')) {
    const m = REPORT_RE.exec(message);
    if (m) return { kind: 'report', requestId: m[1], text: message, report: parseReportFigures(message) };
  }
  if (message.startsWith('INIT_START') || message.startsWith('INIT_REPORT') || message.startsWith('RESTORE_')) {
    return { kind: 'init', text: message };
  }
  if (message.startsWith('EXTENSION') || message.startsWith('TELEMETRY') || message.startsWith('LOGS\t')) {
    return { kind: 'platform', text: message };
  }
  if (message.includes('Task timed out after')) {
    const m = TIMEOUT_RE.exec(message);
    if (m) {
      return {
        kind: 'timeout',
        text: message,
        level: 'ERROR',
        error: true,
        errorType: 'Sandbox.Timedout',
        timeoutSeconds: Number(m[2]),
        ...(m[1] ? { requestId: m[1] } : {}),
      };
    }
  }
  return parseAppLine(message);
}

function parseAppLine(message: string): ParsedLine {
  let m = NODE_RE.exec(message);
  if (m) {
    const text = m[4];
    const line: ParsedLine = { kind: 'app', level: LEVELS[m[3]], text };
    if (m[2] !== 'undefined') line.requestId = m[2];
    return withAppError(line, text);
  }
  m = PY_RE.exec(message);
  if (m) {
    const line: ParsedLine = { kind: 'app', level: LEVELS[m[1]], text: m[4] };
    if (m[3]) line.requestId = m[3];
    return withAppError(line, m[4]);
  }
  if (message.startsWith('[ERROR] ')) {
    const u = PY_UNCAUGHT_RE.exec(message);
    if (u) return { kind: 'app', level: 'ERROR', text: message.slice(8), error: true, errorType: u[1] };
  }
  m = ISO_REQ_RE.exec(message);
  if (m) return withAppError({ kind: 'app', requestId: m[2], text: m[3] }, m[3]);
  if (message.startsWith('Traceback (most recent call last)')) {
    return { kind: 'text', level: 'ERROR', text: message, error: true };
  }
  return { kind: 'text', text: message };
}

/** Recognises errors inside an application line: Node's `Invoke Error` / `Uncaught Exception` records. */
function withAppError(line: ParsedLine, text: string): ParsedLine {
  const brace = text.indexOf('{');
  if (brace >= 0 && text.endsWith('}')) {
    const json = tryJson(text.slice(brace));
    if (isRecord(json)) {
      line.json = json;
      if (typeof json.errorType === 'string') {
        line.error = true;
        line.errorType = json.errorType;
        line.level ??= 'ERROR';
      }
    }
  }
  if (!line.error && line.level === 'ERROR' && /^(Uncaught Exception|Unhandled Promise Rejection|Invoke Error)/.test(text)) {
    line.error = true;
  }
  if (!line.error && /^Traceback \(most recent call last\)/m.test(text)) line.error = true;
  return line;
}

export function parseReportFigures(message: string): ReportFigures {
  const figures: ReportFigures = {};
  for (const [re, key] of REPORT_FIELDS) {
    const m = re.exec(message);
    if (m) (figures as Record<string, number>)[key] = Number(m[1]);
  }
  const trace = /XRAY TraceId: (\S+)/.exec(message);
  if (trace) figures.xrayTraceId = trace[1];
  const status = /Status: (\w+)/.exec(message);
  if (status) figures.status = status[1];
  const errorType = /Error Type: (\S+)/.exec(message);
  if (errorType) figures.errorType = errorType[1];
  return figures;
}

function parseJsonLine(message: string, json: unknown): ParsedLine {
  if (!isRecord(json)) return { kind: 'text', text: message, json };
  if (typeof json.type === 'string' && json.type.startsWith('platform.') && isRecord(json.record)) {
    return parsePlatformRecord(message, json.type, json.record, json);
  }
  // JSON application log format (Node, Python, Java, Powertools): level + requestId, all optional.
  const line: ParsedLine = { kind: 'app', text: message, json };
  const level = normaliseLevel(json.level ?? json.levelname ?? json.log_level ?? json.severity);
  if (level) line.level = level;
  const requestId = json.requestId ?? json.AWSRequestId ?? json.function_request_id ?? json.aws_request_id ?? json.request_id;
  if (typeof requestId === 'string' && requestId) line.requestId = requestId;
  const errorType = json.errorType ?? (isRecord(json.error) ? (json.error.errorType ?? json.error.name) : undefined) ?? json.exception_name;
  if (typeof errorType === 'string') {
    line.error = true;
    line.errorType = errorType;
    line.level ??= 'ERROR';
  } else if (typeof json.stackTrace === 'object' || typeof json.exception === 'string') {
    line.error = true;
  }
  const text = typeof json.message === 'string' ? json.message : typeof json.errorMessage === 'string' ? json.errorMessage : '';
  const timeout = /^Task timed out after ([\d.]+) seconds/.exec(text);
  if (timeout) {
    line.kind = 'timeout';
    line.error = true;
    line.level ??= 'ERROR';
    line.errorType = 'Sandbox.Timedout';
    line.timeoutSeconds = Number(timeout[1]);
  }
  return line;
}

function parsePlatformRecord(message: string, type: string, record: Record<string, unknown>, json: unknown): ParsedLine {
  const requestId = typeof record.requestId === 'string' ? record.requestId : undefined;
  const base: ParsedLine = { kind: 'platform', text: message, json, ...(requestId ? { requestId } : {}) };
  switch (type) {
    case 'platform.start':
      return { ...base, kind: 'start', ...(typeof record.version === 'string' ? { version: record.version } : {}) };
    case 'platform.runtimeDone': {
      const line: ParsedLine = { ...base, kind: 'end' };
      markStatus(line, record);
      return line;
    }
    case 'platform.report': {
      const report = platformFigures(record);
      const line: ParsedLine = { ...base, kind: 'report', report };
      markStatus(line, record);
      return line;
    }
    case 'platform.initStart':
    case 'platform.initRuntimeDone':
    case 'platform.initReport':
    case 'platform.restoreStart':
    case 'platform.restoreRuntimeDone':
    case 'platform.restoreReport':
      return { ...base, kind: 'init' };
    default:
      return base;
  }
}

function markStatus(line: ParsedLine, record: Record<string, unknown>): void {
  const status = record.status;
  if (status === 'timeout') {
    line.error = true;
    line.errorType = 'Sandbox.Timedout';
  } else if (typeof status === 'string' && status !== 'success') {
    line.error = true;
    if (typeof record.errorType === 'string') line.errorType = record.errorType;
  }
}

function platformFigures(record: Record<string, unknown>): ReportFigures {
  const m = isRecord(record.metrics) ? record.metrics : {};
  const figures: ReportFigures = {};
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const set = (key: keyof ReportFigures, v: unknown): void => {
    const n = num(v);
    if (n !== undefined) (figures as Record<string, number>)[key] = n;
  };
  set('durationMs', m.durationMs);
  set('billedDurationMs', m.billedDurationMs);
  set('memorySizeMb', m.memorySizeMB);
  set('maxMemoryUsedMb', m.maxMemoryUsedMB);
  set('initDurationMs', m.initDurationMs);
  set('restoreDurationMs', m.restoreDurationMs);
  set('billedRestoreDurationMs', m.billedRestoreDurationMs);
  if (typeof record.status === 'string') figures.status = record.status;
  if (typeof record.errorType === 'string') figures.errorType = record.errorType;
  if (isRecord(record.tracing) && typeof record.tracing.value === 'string') {
    const root = /Root=([^;]+)/.exec(record.tracing.value);
    figures.xrayTraceId = root ? root[1] : record.tracing.value;
  }
  return figures;
}

function tryJson(text: string): unknown {
  if (text.charCodeAt(text.length - 1) !== 125 /* } */) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
