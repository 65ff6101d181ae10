// Mounts the Logs API on a loopback HTTP server the way the local service's front does, and builds
// an unmodified CloudWatchLogsClient pointed at it.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { createLogStore, createLogsApi, type LogStore, type LogStoreOptions } from '../../../src/local/logs';
import type { LocalLogsApi, LogsApiOptions } from '../../../src/local/logs/api';

export interface Harness {
  store: LogStore;
  api: LocalLogsApi;
  client: CloudWatchLogsClient;
  endpoint: string;
  dataDir: string;
  /** Requests seen: host header and target, to check where the SDK sent them. */
  seen: { host: string | undefined; target: string | undefined }[];
  close(): Promise<void>;
}

export async function startHarness(opts: Partial<LogStoreOptions> & Partial<LogsApiOptions> = {}): Promise<Harness> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'logs-api-'));
  const store = createLogStore({ warn: () => {}, ...opts, dataDir });
  const api = createLogsApi(store, { region: 'us-east-1', accountId: '000000000000', ...opts });
  const seen: Harness['seen'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = req.headers['x-amz-target'] as string | undefined;
      seen.push({ host: req.headers.host, target });
      const op = target?.startsWith('Logs_20140328.') ? target.slice('Logs_20140328.'.length) : '';
      void api.handle(op, Buffer.concat(chunks), req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new CloudWatchLogsClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
    disableHostPrefix: true,
    maxAttempts: 1,
  });
  return {
    store,
    api,
    client,
    endpoint,
    dataDir,
    seen,
    async close() {
      client.destroy();
      await api.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
