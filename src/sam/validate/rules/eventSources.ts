// Event rules that need the rest of the template: the API an event attaches to (apiEvents.ts), the
// user pool, bucket or topic it subscribes to, and the other events of the same function. SAM
// changes some of those resources (a pool's LambdaConfig, a bucket's notifications); what it cannot
// change there is blamed on that resource.
import { getPair, getValue, intrinsicName, refName, scalarString, type TMap, type TPair } from '../../ast';
import type { ResourceEntry, Template } from '../../template';
import { keyRange, type Sink } from '../sink';
import { apiEvent } from './apiEvents';
import { isIntrinsic, isMap, isStr, mustMap, mustResolveString } from './shapes';

export function eventSourceRules(t: Template, r: ResourceEntry, sink: Sink): void {
  const events = getValue(r.properties, 'Events');
  if (!isMap(events)) return;
  const triggers = new Map<string, string>();
  for (const ev of events.pairs) {
    const type = scalarString(getValue(ev.value, 'Type'));
    const p = getValue(ev.value, 'Properties');
    if (!isMap(p) || !type) continue;
    if (type === 'Api' || type === 'HttpApi') apiEvent(t, ev, type, p, sink);
    if (type === 'Cognito') {
      const tr = getValue(p, 'Trigger');
      if (tr && tr.kind !== 'scalar' && !(tr.kind === 'seq' && tr.items.every((i) => i.kind === 'scalar')))
        sink.error(tr, 'event-cognito-trigger-type', `Trigger should be a string or a list of strings.`);
      const pool = getValue(p, 'UserPool');
      const poolId = refName(pool);
      if (intrinsicName(pool) === 'Ref' && poolId === undefined) sink.error(pool!, 'event-cognito-user-pool-ref', `Ref in UserPool must be a string.`);
      const list = tr?.kind === 'seq' ? tr.items : tr ? [tr] : [];
      for (const it of list) {
        const k = `${poolId} ${scalarString(it)}`;
        if (triggers.has(k)) sink.error(it, 'event-cognito-trigger-duplicate', `Cognito trigger '${scalarString(it)}' is defined twice for this user pool.`);
        triggers.set(k, ev.key);
      }
      const poolRes = poolId ? t.resourceById.get(poolId) : undefined;
      // SAM writes the trigger into the pool's LambdaConfig: a malformed one is the pool's error.
      if (poolRes) sink.blaming(poolRes.logicalId, () => mustMap(sink, poolRes.properties, 'LambdaConfig', 'LambdaConfig', true));
    }
    if (type === 'S3') {
      const b = getValue(p, 'Bucket');
      const id = refName(b);
      if (b && (!id || t.resourceById.get(id)?.type !== 'AWS::S3::Bucket'))
        sink.error(b, 'event-s3-bucket-ref', `S3 events must reference an S3 bucket in the same template: use a Ref to an AWS::S3::Bucket of this template.`);
      if (id) {
        const bucket = t.resourceById.get(id);
        // SAM adds the notification to the bucket: what it cannot extend there is the bucket's error.
        if (bucket)
          sink.blaming(id, () => {
            const nc = mustMap(sink, bucket.properties, 'NotificationConfiguration', 'NotificationConfiguration', true);
            const lc = getValue(nc, 'LambdaConfigurations');
            if (lc && lc.kind !== 'seq')
              sink.error(lc, 'event-s3-bucket-notification-shape', `Property 'NotificationConfiguration.LambdaConfigurations' should be a list.`);
          });
      }
    }
    if (type === 'SNS') {
      const sq = getValue(p, 'SqsSubscription');
      if (isMap(sq) && (!getPair(sq, 'QueueArn') || !getPair(sq, 'QueueUrl')))
        sink.error(sq, 'event-sns-sqs-subscription', `No QueueARN or QueueURL provided: SqsSubscription needs both QueueArn and QueueUrl.`);
    }
    if (type === 'MQ' || type === 'DocumentDB' || type === 'SelfManagedKafka' || type === 'MSK') accessConfigs(type, ev, p, sink);
    if (type === 'MQ') mustResolveString(t, sink, getValue(p, 'SecretsManagerKmsKeyId'), 'SecretsManagerKmsKeyId');
    if (type === 'Kinesis' || type === 'DynamoDB' || type === 'MSK' || type === 'SelfManagedKafka') {
      const dc = getValue(p, 'DestinationConfig');
      const of = getValue(getValue(dc, 'OnFailure'), 'Type');
      // The translator's pull event sources (eventsources/pull.py): "The only valid values for 'Type'
      // are 'SQS', 'SNS', and 'S3'". Kafka sources deploy with more (its integration tests use
      // Type: Kafka), in a check not seen here: only a warning for those.
      const kafka = type === 'MSK' || type === 'SelfManagedKafka';
      if (of && isStr(of) && !['SQS', 'SNS', 'S3', ...(kafka ? ['Kafka'] : [])].includes(String(of.value))) {
        const message = `The only valid values for DestinationConfig.OnFailure 'Type' are 'SQS', 'SNS', and 'S3'${kafka ? ' (and Kafka for Kafka sources)' : ''}.`;
        if (kafka) sink.add(of.start, of.end, 'warning', 'event-destination-on-failure-type', message);
        else sink.error(of, 'event-destination-on-failure-type', message);
      }
      if (dc && !isMap(dc) && !isIntrinsic(dc)) sink.error(dc, 'event-destination-config-shape', `Property 'DestinationConfig' should be a map.`);
      // pull.py: sam_expect(DestinationConfig.get("OnFailure")).to_be_a_map(), so a missing one fails too
      // (seen for Kinesis and DynamoDB in the translator's tests; Kafka sources take other shapes).
      if (isMap(dc) && !kafka) {
        if (!getPair(dc, 'OnFailure')) sink.error(dc, 'event-destination-config-shape', `Property 'DestinationConfig.OnFailure' should be a map.`);
        else mustMap(sink, dc, 'OnFailure', 'DestinationConfig.OnFailure');
      }
    }
  }
}

/** Broker and Kafka sources: the SourceAccessConfigurations each type takes, and the settings it needs. */
function accessConfigs(type: string, ev: TPair, p: TMap, sink: Sink): void {
  const sac = getValue(p, 'SourceAccessConfigurations');
  const allowed: Record<string, string[]> = {
    MQ: ['BASIC_AUTH', 'VIRTUAL_HOST'],
    DocumentDB: ['BASIC_AUTH'],
    SelfManagedKafka: [
      'BASIC_AUTH',
      'SASL_SCRAM_256_AUTH',
      'SASL_SCRAM_512_AUTH',
      'VPC_SUBNET',
      'VPC_SECURITY_GROUP',
      'CLIENT_CERTIFICATE_TLS_AUTH',
      'SERVER_ROOT_CA_CERTIFICATE',
    ],
    MSK: ['CLIENT_CERTIFICATE_TLS_AUTH', 'SASL_SCRAM_512_AUTH', 'SERVER_ROOT_CA_CERTIFICATE'],
  };
  if (type === 'SelfManagedKafka') {
    if (!getPair(p, 'KafkaBootstrapServers'))
      sink.error(keyRange(ev), 'event-kafka-bootstrap-servers-required', `Event '${ev.key}': SelfManagedKafka needs KafkaBootstrapServers.`);
    if (!sac) sink.error(keyRange(ev), 'event-kafka-source-access-required', `Event '${ev.key}': SelfManagedKafka needs SourceAccessConfigurations.`);
    const topics = getValue(p, 'Topics');
    if (topics?.kind === 'seq' && topics.items.length > 1) sink.error(topics, 'event-kafka-single-topic', `SelfManagedKafka supports a single topic.`);
  }
  const srg = getValue(p, 'SchemaRegistryConfig');
  if (isMap(srg) && !getPair(srg, 'EventRecordFormat'))
    sink.error(srg, 'event-kafka-schema-registry-record-format', `SchemaRegistryConfig needs EventRecordFormat.`);
  if (!sac || sac.kind !== 'seq') return;
  const counts = new Map<string, number>();
  for (const it of sac.items) {
    const tyNode = getValue(it, 'Type');
    const ty = scalarString(tyNode);
    if (ty === undefined) continue;
    counts.set(ty, (counts.get(ty) ?? 0) + 1);
    if (!allowed[type].includes(ty))
      sink.error(tyNode!, 'event-source-access-type', `SourceAccessConfigurations Type '${ty}' is not valid for ${type}: use ${allowed[type].join(', ')}.`);
    if (ty === 'BASIC_AUTH' && !getPair(it, 'URI')) sink.error(tyNode!, 'event-source-access-basic-auth-uri', `BASIC_AUTH needs a URI (the secret's ARN).`);
  }
  if ((type === 'MQ' || type === 'DocumentDB') && !counts.get('BASIC_AUTH'))
    sink.error(sac, 'event-source-access-basic-auth-required', `${type} events need one BASIC_AUTH entry in SourceAccessConfigurations.`);
  if ((counts.get('BASIC_AUTH') ?? 0) > 1)
    sink.error(sac, 'event-source-access-basic-auth-duplicate', `Only one BASIC_AUTH entry is allowed in SourceAccessConfigurations.`);
  if (type === 'SelfManagedKafka') {
    const auth = ['BASIC_AUTH', 'SASL_SCRAM_256_AUTH', 'SASL_SCRAM_512_AUTH', 'CLIENT_CERTIFICATE_TLS_AUTH'].filter((k) => counts.get(k));
    if (auth.length > 1)
      sink.error(sac, 'event-kafka-auth-multiple', `Only one authentication method may be set in SourceAccessConfigurations (found ${auth.join(', ')}).`);
  }
}
