// The sample events shipped with the extension: one JSON file per event source under samples/, with
// `{{placeholder}}` strings that fillSample() replaces (see placeholders.ts). Imported as JSON so the
// bundle carries them and nothing is read from disk at run time.
import s3Put from './samples/s3-put.json';
import s3Delete from './samples/s3-delete.json';
import sqs from './samples/sqs.json';
import sns from './samples/sns.json';
import apigatewayRest from './samples/apigateway-rest.json';
import apigatewayHttp from './samples/apigateway-http.json';
import alb from './samples/alb.json';
import dynamodbStream from './samples/dynamodb-stream.json';
import kinesis from './samples/kinesis.json';
import eventbridge from './samples/eventbridge.json';
import scheduled from './samples/scheduled.json';
import cloudwatchLogs from './samples/cloudwatch-logs.json';
import cognitoPreSignup from './samples/cognito-pre-signup.json';
import ses from './samples/ses.json';
import kafka from './samples/kafka.json';
import functionUrl from './samples/function-url.json';

export interface SampleEvent {
  /** File name stem under samples/ and schemas/events/. */
  id: string;
  label: string;
  service: string;
  description: string;
  template: unknown;
}

export const SAMPLE_EVENTS: readonly SampleEvent[] = [
  { id: 's3-put', label: 'S3 Put', service: 'Amazon S3', description: 'ObjectCreated:Put notification for one object', template: s3Put },
  { id: 's3-delete', label: 'S3 Delete', service: 'Amazon S3', description: 'ObjectRemoved:Delete notification for one object', template: s3Delete },
  { id: 'sqs', label: 'SQS Receive Message', service: 'Amazon SQS', description: 'A batch of one message from a queue', template: sqs },
  { id: 'sns', label: 'SNS Notification', service: 'Amazon SNS', description: 'One notification from a topic', template: sns },
  {
    id: 'apigateway-rest',
    label: 'API Gateway REST API (proxy)',
    service: 'Amazon API Gateway',
    description: 'REST API Lambda proxy integration, payload format 1.0',
    template: apigatewayRest,
  },
  {
    id: 'apigateway-http',
    label: 'API Gateway HTTP API (v2)',
    service: 'Amazon API Gateway',
    description: 'HTTP API, payload format 2.0',
    template: apigatewayHttp,
  },
  {
    id: 'alb',
    label: 'Application Load Balancer',
    service: 'Elastic Load Balancing',
    description: 'A request forwarded by an ALB target group',
    template: alb,
  },
  {
    id: 'dynamodb-stream',
    label: 'DynamoDB Streams',
    service: 'Amazon DynamoDB',
    description: 'An INSERT record from a table stream',
    template: dynamodbStream,
  },
  { id: 'kinesis', label: 'Kinesis Data Streams', service: 'Amazon Kinesis', description: 'One record (base64 data) from a stream', template: kinesis },
  { id: 'eventbridge', label: 'EventBridge Event', service: 'Amazon EventBridge', description: 'A custom event matched by a rule', template: eventbridge },
  { id: 'scheduled', label: 'Scheduled Event', service: 'Amazon EventBridge', description: 'A schedule (rate/cron) rule firing', template: scheduled },
  {
    id: 'cloudwatch-logs',
    label: 'CloudWatch Logs Subscription',
    service: 'Amazon CloudWatch Logs',
    description: 'Subscription filter delivery (gzip + base64 data)',
    template: cloudwatchLogs,
  },
  {
    id: 'cognito-pre-signup',
    label: 'Cognito Pre Sign-up Trigger',
    service: 'Amazon Cognito',
    description: 'User pool PreSignUp_SignUp trigger',
    template: cognitoPreSignup,
  },
  { id: 'ses', label: 'SES Email Receiving', service: 'Amazon SES', description: 'An incoming mail receipt rule action', template: ses },
  { id: 'kafka', label: 'Amazon MSK / Kafka', service: 'Amazon MSK', description: 'One record of a topic partition', template: kafka },
  {
    id: 'function-url',
    label: 'Lambda Function URL',
    service: 'AWS Lambda',
    description: 'An HTTPS request to a function URL (payload format 2.0)',
    template: functionUrl,
  },
];

export function sampleEvent(id: string): SampleEvent | undefined {
  return SAMPLE_EVENTS.find((s) => s.id === id);
}
