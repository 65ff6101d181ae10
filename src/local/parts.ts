// Builds the executor and the CloudWatch Logs side from their modules (src/local/executor, src/local/logs).
import { join } from 'node:path';
import { LOCAL_ACCOUNT_ID, type Executor, type LogsApi } from './contracts';

export interface Parts {
  executor?: Executor;
  logsApi?: LogsApi;
}

export async function assembleParts(o: { dataDir: string; region: string; log: (line: string) => void }): Promise<Parts> {
  void join;
  void LOCAL_ACCOUNT_ID;
  o.log('executor and logs modules are not wired yet: Invoke and the Logs API are unavailable');
  return {};
}
