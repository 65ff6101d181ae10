// What the local service says about the runtime a function really runs on, made visible in the
// extension: a Node version it may fetch on a function's first run (about 10 s), shown in the
// invocation's progress, and the `WARNING:` line it writes after INIT_START when a function runs on
// another version than it names (no python3.12 here, Node 24 not fetched offline), said once per
// function in the output channel and kept in services.functionNotes for the function's tooltip. Lambda's log tail starts at START, so the line is read from the
// function's log group on the local service (FilterLogEvents), after each local invocation.
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { WorkbenchServices } from '../services';
import type { InvokeTarget } from './args';

/** The `WARNING:` lines of a log tail, in order, without duplicates. */
export function runtimeWarnings(logTail: string | undefined): string[] {
  const lines = (logTail ?? '').split(/\r?\n/).filter((l) => l.startsWith('WARNING: '));
  return [...new Set(lines.map((l) => l.trim()))];
}

/** Per session: which local Node runtimes ran already; the warnings go to services.functionNotes. */
export class RuntimeNotes {
  private readonly ran = new Set<string>();

  /** The progress title of an invocation; a local Node function's first run says it may fetch its Node. */
  progressTitle(t: InvokeTarget, title: string): string {
    const runtime = t.connection.kind === 'local' ? t.local?.runtime : undefined;
    const major = runtime ? /^nodejs(\d+)/.exec(runtime)?.[1] : undefined;
    if (!runtime || !major || this.ran.has(runtime)) return title;
    this.ran.add(runtime);
    return `${title} (first ${runtime} run: the local service fetches Node ${major} when this machine has none)`;
  }

  /** Says each new runtime warning of a local invocation (its log tail, then its log group) once per function. */
  async note(s: WorkbenchServices, t: InvokeTarget, logTail: string | undefined): Promise<void> {
    const found = runtimeWarnings(logTail);
    // The service writes its WARNING with INIT_START, so only a cold start can bring a new one: a warm
    // invocation's REPORT (no Init Duration) needs no read of the log group.
    const coldStart = logTail === undefined || /Init Duration|^INIT_START/m.test(logTail);
    if (t.connection.kind === 'local' && coldStart) {
      try {
        const out = await s.clients.logs(t.connection).send(
          new FilterLogEventsCommand({
            logGroupName: `/aws/lambda/${t.functionName}`,
            startTime: Date.now() - LOOK_BACK_MS,
            filterPattern: '"WARNING:"',
            limit: 50,
          }),
        );
        found.push(...runtimeWarnings((out.events ?? []).map((e) => e.message ?? '').join('\n')));
      } catch (err) {
        s.log.debug(`Could not read ${t.functionName}'s runtime warnings: ${String(err)}`);
      }
    }
    let learned = false;
    for (const w of new Set(found)) {
      if (!s.functionNotes.add(t.connection.id, t.functionName, w)) continue;
      learned = true;
      s.log.warn(`${t.local?.logicalId ?? t.functionName}: ${w}`);
    }
    // The function's row redraws with the note in its tooltip.
    if (learned) s.notifyResourcesChanged({ connectionId: t.connection.id, functionName: t.functionName });
  }
}

/** How far back a local function's log is read for its runtime warnings (a debug session may pause long). */
const LOOK_BACK_MS = 60 * 60_000;
