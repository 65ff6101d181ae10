// Lambda's platform log lines (START / END / REPORT, INIT_START, timeouts, runtime exits) in the Text
// and JSON formats, byte for byte as CloudWatch shows them, so log parsers written for real Lambda work.
import { randomBytes } from 'node:crypto';

export type LogFormat = 'Text' | 'JSON';

/** `YYYY/MM/DD/[VERSION]<32 hex>`: one stream per environment, like Lambda's. */
export function logStreamName(version: string, now = new Date()): string {
  const d = now.toISOString().slice(0, 10).replace(/-/g, '/');
  return `${d}/[${version}]${randomBytes(16).toString('hex')}`;
}

export interface ReportFigures {
  requestId: string;
  durationMs: number;
  memorySizeMB: number;
  maxMemoryUsedMB: number;
  initDurationMs?: number;
  status: 'success' | 'error' | 'timeout';
  errorType?: string;
}

const ms2 = (n: number): string => n.toFixed(2);
/** Lambda bills by the millisecond, rounded up. */
export const billedMs = (durationMs: number): number => Math.max(1, Math.ceil(durationMs));

export function initStartLine(fmt: LogFormat, runtimeVersion: string, runtimeVersionArn: string, fnName: string, version: string): string {
  if (fmt === 'JSON') {
    return json('platform.initStart', {
      initializationType: 'on-demand',
      phase: 'init',
      runtimeVersion,
      runtimeVersionArn,
      functionName: fnName,
      functionVersion: version,
    });
  }
  return `INIT_START Runtime Version: ${runtimeVersion}\tRuntime Version ARN: ${runtimeVersionArn}\n`;
}

export function initReportLine(fmt: LogFormat, initDurationMs: number, status: 'error' | 'timeout', errorType?: string): string {
  if (fmt === 'JSON') {
    return json('platform.initReport', {
      initializationType: 'on-demand',
      phase: 'init',
      status,
      ...(errorType ? { errorType } : {}),
      metrics: { durationMs: round2(initDurationMs) },
    });
  }
  return `INIT_REPORT Init Duration: ${ms2(initDurationMs)} ms\tPhase: init\tStatus: ${status}${errorType ? `\tError Type: ${errorType}` : ''}\n`;
}

export function startLine(fmt: LogFormat, requestId: string, version: string): string {
  if (fmt === 'JSON') return json('platform.start', { requestId, version });
  return `START RequestId: ${requestId} Version: ${version}\n`;
}

/** END has no JSON counterpart in CloudWatch (platform.runtimeDone goes to the Telemetry API only). */
export function endLine(fmt: LogFormat, requestId: string): string | undefined {
  if (fmt === 'JSON') return undefined;
  return `END RequestId: ${requestId}\n`;
}

export function reportLine(fmt: LogFormat, r: ReportFigures): string {
  if (fmt === 'JSON') {
    const metrics: Record<string, number> = {
      durationMs: round2(r.durationMs),
      billedDurationMs: billedMs(r.durationMs),
      memorySizeMB: r.memorySizeMB,
      maxMemoryUsedMB: r.maxMemoryUsedMB,
    };
    if (r.initDurationMs !== undefined) metrics.initDurationMs = round2(r.initDurationMs);
    return json('platform.report', { requestId: r.requestId, metrics, status: r.status, ...(r.errorType ? { errorType: r.errorType } : {}) });
  }
  let line =
    `REPORT RequestId: ${r.requestId}\tDuration: ${ms2(r.durationMs)} ms\tBilled Duration: ${billedMs(r.durationMs)} ms\t` +
    `Memory Size: ${r.memorySizeMB} MB\tMax Memory Used: ${r.maxMemoryUsedMB} MB\t`;
  if (r.initDurationMs !== undefined) line += `Init Duration: ${ms2(r.initDurationMs)} ms\t`;
  if (r.status !== 'success') line += `Status: ${r.status}\t${r.errorType ? `Error Type: ${r.errorType}\t` : ''}`;
  return line + '\n';
}

/** The line Lambda writes when the function ran out of time. */
export function timeoutLine(fmt: LogFormat, requestId: string, timeoutSeconds: number): string {
  const msg = `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`;
  if (fmt === 'JSON') return JSON.stringify({ timestamp: new Date().toISOString(), level: 'ERROR', requestId, message: msg }) + '\n';
  return `${new Date().toISOString()} ${requestId} ${msg}\n`;
}

/** The lines Lambda writes when the runtime process exits in the middle of an invocation. */
export function exitLine(fmt: LogFormat, requestId: string, reason: string, errorType: string): string {
  const msg = `RequestId: ${requestId} Error: Runtime exited with error: ${reason}`;
  if (fmt === 'JSON') return JSON.stringify({ timestamp: new Date().toISOString(), level: 'ERROR', requestId, message: msg, errorType }) + '\n';
  return `${msg}\n${errorType}\n`;
}

function json(type: string, record: Record<string, unknown>): string {
  return JSON.stringify({ time: new Date().toISOString(), type, record }) + '\n';
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
