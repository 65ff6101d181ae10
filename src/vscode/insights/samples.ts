// Sample queries for Lambda logs, offered in the panel's dropdown. They read the fields CloudWatch
// Logs discovers in Lambda's platform lines (REPORT: @duration, @billedDuration, @memorySize,
// @maxMemoryUsed, @initDuration) and the errors the runtimes log. They run alike on AWS and locally.
import type { NamedQuery } from '../../webview/insights/protocol';

export const SAMPLE_QUERIES: readonly NamedQuery[] = [
  {
    name: 'Recent messages',
    query: 'fields @timestamp, @message, @logStream\n| sort @timestamp desc\n| limit 100',
  },
  {
    name: 'Invocations per minute',
    query: 'filter @type = "REPORT"\n| stats count(*) as invocations, avg(@duration) as avgMs, max(@duration) as maxMs by bin(1m)',
  },
  {
    name: 'Slowest invocations',
    query: 'filter @type = "REPORT"\n| fields @timestamp, @requestId, @duration, @billedDuration, @maxMemoryUsed\n| sort @duration desc\n| limit 20',
  },
  {
    name: 'Cold starts',
    query:
      'filter @type = "REPORT" and ispresent(@initDuration)\n| stats count(*) as coldStarts, avg(@initDuration) as avgInitMs, max(@initDuration) as maxInitMs by bin(5m)',
  },
  {
    name: 'Errors by type',
    // errorType is a field of the JSON the runtimes log for an uncaught error (the first JSON fragment of the line).
    query: 'filter ispresent(errorType)\n| stats count(*) as errors by errorType\n| sort errors desc',
  },
  {
    name: 'Memory headroom',
    query:
      'filter @type = "REPORT"\n| stats max(@memorySize / 1000 / 1000) as provisionedMB, min(@maxMemoryUsed / 1000 / 1000) as smallestUsedMB, avg(@maxMemoryUsed / 1000 / 1000) as avgUsedMB, max(@maxMemoryUsed / 1000 / 1000) as maxUsedMB',
  },
  {
    name: 'Recent errors',
    query:
      'fields @timestamp, @requestId, @message\n| filter @message like /ERROR|Task timed out|Runtime\\.\\w+|Exception/\n| sort @timestamp desc\n| limit 50',
  },
];
