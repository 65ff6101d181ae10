// The CloudWatch Logs side of the embedded local service: the log store the executor writes into
// (LogSink) and the Logs JSON API the HTTP front hands Logs_20140328.* requests to (LogsApi).
//
// StartLiveTail clients: the SDK prefixes the host of StartLiveTail with `stream-`, which cannot
// resolve for 127.0.0.1 / localhost. Create the CloudWatchLogsClient for a local endpoint with
// `disableHostPrefix: true`; the request then goes to the plain endpoint (tested).
import type { LogsApi } from '../seams';
import { LocalLogsApi, type LogsApiOptions } from './api';
import { LogStore, type LogStoreOptions } from './store';

export { LogStore, CAP_WARNING_STREAM, type LogStoreOptions } from './store';
export { LocalLogsApi, type LogsApiOptions } from './api';
export { compilePattern } from './pattern';

/** Opens (and reloads) the store under `<dataDir>/logs`. Call `close()` to flush before exit. */
export function createLogStore(opts: LogStoreOptions): LogStore {
  return new LogStore(opts);
}

/** The API over a store. `close()` ends live tail sessions; the store is closed by its owner. */
export function createLogsApi(store: LogStore, opts: LogsApiOptions): LogsApi & LocalLogsApi {
  return new LocalLogsApi(store, opts);
}
