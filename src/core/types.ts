// The shapes every part of the extension shares: a connection (an AWS profile + region, or the
// embedded local service) and the factory that hands out one SDK client per connection and service.
// The implementations live beside this file; src/lambda, src/logs and src/vscode code against these.
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';

export interface LocalConnection {
  kind: 'local';
  id: string; // 'local'
  label: string; // 'Local service'
  endpoint: string;
  region: string;
  /** The local service's own signing keys: never logged or shown. */
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export interface AwsConnection {
  kind: 'aws';
  id: string; // `aws:${profile}:${region}`
  label: string; // `${profile} · ${region}`
  profile: string;
  region: string;
  /** From the profile's endpoint_url / services section, when it has one (LocalStack and the like). */
  endpoint?: string;
  /** CloudWatch Logs endpoint when the profile's `services` section gives Logs its own (else `endpoint`). */
  logsEndpoint?: string;
}

export type Connection = LocalConnection | AwsConnection;

export interface ClientFactory {
  /** One cached client per connection id; created on first use. */
  lambda(connection: Connection): LambdaClient;
  logs(connection: Connection): CloudWatchLogsClient;
  /** CloudWatch metrics (GetMetricData): the metrics panel. */
  cloudwatch(connection: Connection): CloudWatchClient;
  /** Destroys the clients of one connection (or of all), e.g. when a connection changes or is removed. */
  dispose(connectionId?: string): void;
}
