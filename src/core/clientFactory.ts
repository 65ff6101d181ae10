// One SDK client per connection and service, created on first use and destroyed together when the
// connection changes or goes away (sockets of a destroyed client are closed, so a session switch leaves
// nothing behind).
import { LambdaClient, type LambdaClientConfig } from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient, type CloudWatchLogsClientConfig } from '@aws-sdk/client-cloudwatch-logs';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { ClientFactory, Connection } from './types';
import { credentialProvider, type CredentialOptions } from './credentials';

const USER_AGENT = 'lambda-workbench';

export interface ClientFactoryOptions {
  credentials?: CredentialOptions;
  /** Extra config for every client (tests: maxAttempts, a request handler). */
  extraConfig?: Partial<LambdaClientConfig & CloudWatchLogsClientConfig>;
}

interface Entry {
  /** Changes when the connection's endpoint or keys change (e.g. the local service restarted on a new port). */
  fingerprint: string;
  lambda?: LambdaClient;
  logs?: CloudWatchLogsClient;
  cloudwatch?: CloudWatchClient;
}

function fingerprint(c: Connection): string {
  return c.kind === 'local'
    ? `local|${c.endpoint}|${c.region}|${c.credentials.accessKeyId}`
    : `aws|${c.profile}|${c.region}|${c.endpoint ?? ''}|${c.logsEndpoint ?? ''}`;
}

/** Configuration for one connection and service (Logs may have its own endpoint in the profile's `services` section). */
export function clientConfigFor(
  c: Connection,
  opts: ClientFactoryOptions = {},
  service: 'lambda' | 'logs' = 'lambda',
): LambdaClientConfig & CloudWatchLogsClientConfig {
  const base = { customUserAgent: USER_AGENT, ...(opts.extraConfig ?? {}) };
  if (c.kind === 'local') {
    return {
      ...base,
      region: c.region,
      endpoint: c.endpoint,
      credentials: { ...c.credentials },
      // StartLiveTail's `streaming-` host prefix cannot apply to 127.0.0.1.
      disableHostPrefix: true,
    };
  }
  const endpoint = service === 'logs' ? (c.logsEndpoint ?? c.endpoint) : c.endpoint;
  return {
    ...base,
    region: c.region,
    // A custom endpoint (LocalStack, a standalone local service) is one host: StartLiveTail's
    // `streaming-` host prefix would point at a name that does not resolve.
    ...(endpoint ? { endpoint, disableHostPrefix: true } : {}),
    credentials: credentialProvider(c.profile, opts.credentials),
  };
}

export class DefaultClientFactory implements ClientFactory {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly opts: ClientFactoryOptions = {}) {}

  private entry(c: Connection): Entry {
    const fp = fingerprint(c);
    let e = this.entries.get(c.id);
    if (e && e.fingerprint !== fp) {
      this.dispose(c.id);
      e = undefined;
    }
    if (!e) {
      e = { fingerprint: fp };
      this.entries.set(c.id, e);
    }
    return e;
  }

  lambda(connection: Connection): LambdaClient {
    const e = this.entry(connection);
    e.lambda ??= new LambdaClient(clientConfigFor(connection, this.opts));
    return e.lambda;
  }

  logs(connection: Connection): CloudWatchLogsClient {
    const e = this.entry(connection);
    e.logs ??= new CloudWatchLogsClient(clientConfigFor(connection, this.opts, 'logs'));
    return e.logs;
  }

  /** CloudWatch (metrics): the profile's endpoint when it has one (a standalone local service serves all three APIs). */
  cloudwatch(connection: Connection): CloudWatchClient {
    const e = this.entry(connection);
    e.cloudwatch ??= new CloudWatchClient(clientConfigFor(connection, this.opts));
    return e.cloudwatch;
  }

  dispose(connectionId?: string): void {
    const ids = connectionId === undefined ? [...this.entries.keys()] : [connectionId];
    for (const id of ids) {
      const e = this.entries.get(id);
      if (!e) continue;
      e.lambda?.destroy();
      e.logs?.destroy();
      e.cloudwatch?.destroy();
      this.entries.delete(id);
    }
  }

  /** Number of live clients (for tests and diagnostics). */
  size(): number {
    let n = 0;
    for (const e of this.entries.values()) n += (e.lambda ? 1 : 0) + (e.logs ? 1 : 0) + (e.cloudwatch ? 1 : 0);
    return n;
  }
}
