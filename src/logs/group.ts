// Groups parsed lines into invocations. Lines that carry a request id go to it; lines that do not
// (plain print() / fmt.Println output, stack trace continuation lines) go to the request that is open on
// the same log stream, because one stream belongs to one execution environment and an environment runs
// one invocation at a time: START opens it, REPORT closes it.
import type { ParsedLine, ReportFigures } from './types';

export type InvocationStatus = 'running' | 'success' | 'error' | 'timeout';

export interface InvocationGroup {
  requestId: string;
  logGroup: string;
  logStream: string;
  firstTimestamp: number;
  lastTimestamp: number;
  status: InvocationStatus;
  version?: string;
  report?: ReportFigures;
  /** True when the REPORT carried an Init Duration (or Restore Duration): a cold start. */
  coldStart: boolean;
  errorType?: string;
  /** Error and timeout lines seen in this invocation. */
  errorCount: number;
}

/** Assigns lines to request ids and keeps each invocation's summary. */
export class RequestGrouper {
  private readonly openByStream = new Map<string, string>();

  constructor(private readonly groups: Map<string, InvocationGroup> = new Map()) {}

  get all(): ReadonlyMap<string, InvocationGroup> {
    return this.groups;
  }

  /** Returns the request id the line belongs to, if any, and updates that invocation's summary. */
  assign(line: ParsedLine, logGroup: string, logStream: string, timestamp: number): string | undefined {
    const streamKey = logGroup + '\u0000' + logStream;
    const requestId = line.requestId ?? (line.kind === 'init' ? undefined : this.openByStream.get(streamKey));
    if (!requestId) return undefined;
    const group = this.group(requestId, logGroup, logStream, timestamp);
    if (timestamp > group.lastTimestamp) group.lastTimestamp = timestamp;
    if (timestamp < group.firstTimestamp) group.firstTimestamp = timestamp;
    switch (line.kind) {
      case 'start':
        this.openByStream.set(streamKey, requestId);
        if (line.version) group.version = line.version;
        break;
      case 'report':
        group.report = { ...group.report, ...line.report };
        group.coldStart = group.report.initDurationMs !== undefined || group.report.restoreDurationMs !== undefined;
        if (this.openByStream.get(streamKey) === requestId) this.openByStream.delete(streamKey);
        settle(group, line);
        break;
      case 'end':
        if (line.error) settle(group, line);
        break;
      case 'timeout':
        group.status = 'timeout';
        group.errorType = 'Sandbox.Timedout';
        group.errorCount++;
        break;
      default:
        if (line.error) {
          group.errorCount++;
          if (group.status === 'running' || group.status === 'success') group.status = 'error';
          if (line.errorType && !group.errorType) group.errorType = line.errorType;
        }
    }
    return requestId;
  }

  private group(requestId: string, logGroup: string, logStream: string, timestamp: number): InvocationGroup {
    let g = this.groups.get(requestId);
    if (!g) {
      g = { requestId, logGroup, logStream, firstTimestamp: timestamp, lastTimestamp: timestamp, status: 'running', coldStart: false, errorCount: 0 };
      this.groups.set(requestId, g);
    }
    return g;
  }
}

/** REPORT (or runtimeDone) ends an invocation: its status says how, unless lines already said it failed. */
function settle(group: InvocationGroup, line: ParsedLine): void {
  const status = line.report?.status;
  if (status === 'timeout' || line.errorType === 'Sandbox.Timedout') {
    group.status = 'timeout';
    group.errorType ??= 'Sandbox.Timedout';
  } else if (line.error || (status && status !== 'success')) {
    group.status = 'error';
    const type = line.report?.errorType ?? line.errorType;
    if (type) group.errorType ??= type;
  } else if (group.status === 'running') {
    group.status = group.errorCount > 0 ? 'error' : 'success';
  }
}
