// Builds the executor and the CloudWatch Logs side from their modules and wires them together: the
// executor writes function logs into the log store, the Logs API serves them.
import { join } from 'node:path';
import { LOCAL_ACCOUNT_ID } from '../contract/localService';
import { type Executor, type LogsApi } from './seams';
import { createExecutor } from './executor/index';
import { createLogsApi, createLogStore } from './logs/index';

export interface Parts {
  executor: Executor;
  logsApi: LogsApi;
  /** Flushes and closes what the parts own beyond the executor and the API (the log store). */
  onClose: () => Promise<void>;
}

/** Lambda's default account concurrency; GetAccountSettings reports the same number. */
export const ACCOUNT_CONCURRENCY = 1000;

export function assembleParts(o: { dataDir: string; region: string; log: (line: string) => void }): Parts {
  const store = createLogStore({ dataDir: o.dataDir, warn: o.log });
  const executor = createExecutor({
    region: o.region,
    accountId: LOCAL_ACCOUNT_ID,
    workDir: join(o.dataDir, 'work'),
    logSink: store,
    accountConcurrency: ACCOUNT_CONCURRENCY,
  });
  const logsApi = createLogsApi(store, { region: o.region, accountId: LOCAL_ACCOUNT_ID });
  return { executor, logsApi, onClose: async () => void (await store.close()) };
}
