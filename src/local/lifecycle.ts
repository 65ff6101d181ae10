// How the local service's commands (the service, `start-api`) end: on SIGTERM/SIGINT (or whatever
// calls the returned stop) they close what they run once, exit 0 (1 when closing failed or takes over
// 5 s), and a rejection nobody awaited is logged instead of ending every API for everyone (Node's
// default), so it is still found and fixed.
export function stopOnSignals(log: (line: string) => void, close: () => Promise<void>): (reason: string) => void {
  let stopping = false;
  const stop = (reason: string): void => {
    if (stopping) return;
    stopping = true;
    log(`${reason}: stopping`);
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        log(`shutdown failed: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('unhandledRejection', (reason: unknown) => log(`unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  return stop;
}
