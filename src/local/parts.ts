// Builds the executor and the CloudWatch Logs side from their modules and wires them together: the
// executor writes function logs into the log store, the Logs API serves them.
import { join } from 'node:path';
import { LOCAL_ACCOUNT_ID } from '../contract/localService';
import { type Executor, type LogsApi, type MetricsApi } from './seams';
import { createExecutor } from './executor/index';
import { createLogsApi, createLogStore } from './logs/index';
import { createMetrics } from './metrics/index';

export interface Parts {
  executor: Executor;
  logsApi: LogsApi;
  metricsApi: MetricsApi;
  /** Flushes and closes what the parts own beyond the executor and the APIs (the log store). */
  onClose: () => Promise<void>;
}

/** Lambda's default account concurrency; GetAccountSettings reports the same number. */
export const ACCOUNT_CONCURRENCY = 1000;

export function assembleParts(o: {
  dataDir: string;
  region: string;
  log: (line: string) => void;
  /** CloudWatch metrics kept this many days, and in at most this many bytes (store defaults when unset). */
  metricsRetentionDays?: number;
  metricsMaxBytes?: number;
  /** Function logs held across all groups, in bytes (the log store's default when unset). */
  logsMaxBytes?: number;
}): Parts {
  const store = createLogStore({ dataDir: o.dataDir, warn: o.log, ...(o.logsMaxBytes ? { maxTotalBytes: o.logsMaxBytes } : {}) });
  const metrics = createMetrics({ dataDir: o.dataDir, retentionDays: o.metricsRetentionDays, maxBytes: o.metricsMaxBytes, warn: o.log });
  const executor = createExecutor({
    region: o.region,
    accountId: LOCAL_ACCOUNT_ID,
    workDir: join(o.dataDir, 'work'),
    logSink: store,
    accountConcurrency: ACCOUNT_CONCURRENCY,
    metrics: metrics.sink,
  });
  const logsApi = createLogsApi(store, { region: o.region, accountId: LOCAL_ACCOUNT_ID });
  return { executor, logsApi, metricsApi: metrics.api, onClose: async () => void (await store.close()) };
}
