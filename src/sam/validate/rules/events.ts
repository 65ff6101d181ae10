// The Events of a function or state machine: the event map's shape, the event types each resource
// accepts, each type's properties against the schema, and a few rules per event (the API RestApiId
// names, State with Enabled, dead-letter queues). What the SAM transform rejects about an event given
// the API, pool, bucket or other events it involves is in eventSources.ts.
import { getPair, getValue, intrinsicName, refName, scalarString, type TMap, type TNode, type TPair } from '../../ast';
import { didYouMean, eventsOf, type ObjectSpec, type PropSpec } from '../../schema';
import type { ResourceEntry, Template } from '../../template';
import { keyRange, type Sink } from '../sink';
import { checkProperty, checkRequired, requiredOf } from '../types';

export function checkEvents(t: Template, r: ResourceEntry, props: TNode | null, sink: Sink): void {
  const eventsPair = getPair(props, 'Events');
  const events = eventsPair?.value;
  // The translator skips an empty or null Events (`if self.Events:`).
  if (!eventsPair || !events || intrinsicName(events) || (events.kind === 'scalar' && (events.value === null || events.value === ''))) return;
  if (events.kind !== 'map') {
    sink.error(events, 'events', `'Events' should be a map of event ids to event sources.`);
    return;
  }
  const specs = eventsOf(r.type);
  const allowed = Object.keys(specs);
  for (const ev of events.pairs) {
    if (ev.key.startsWith('Fn::ForEach::')) continue; // generates its events when AWS::LanguageExtensions runs
    const evNode = ev.value;
    if (!evNode || evNode.kind !== 'map') {
      sink.error(evNode ?? keyRange(ev), 'event-shape', `Event '${ev.key}' should be a map with 'Type' and 'Properties'.`);
      continue;
    }
    if (!/^[A-Za-z0-9]+$/.test(ev.key)) sink.error(keyRange(ev), 'event-id', `Event id '${ev.key}' must be alphanumeric.`);
    // The translator reads Type and Properties and no check of other keys was found in it: a warning.
    for (const p of evNode.pairs) {
      if (p.key !== 'Type' && p.key !== 'Properties')
        sink.add(p.keyStart, p.keyEnd, 'warning', 'event-unknown-key', `Unknown key '${p.key}' in event '${ev.key}': an event has 'Type' and 'Properties'.`);
    }
    const typePair = getPair(evNode, 'Type');
    if (!typePair) {
      sink.error(keyRange(ev), 'event-type-required', `Event '${ev.key}' has no 'Type' (one of ${allowed.join(', ')}).`);
      continue;
    }
    const type = scalarString(typePair.value);
    if (!type || !allowed.includes(type)) {
      const n = typePair.value ?? keyRange(typePair);
      sink.error(
        n,
        'event-type',
        `Event type '${type ?? ''}' is not supported by ${r.type}: use one of ${allowed.join(', ')}.${type ? didYouMean(type, allowed) : ''}`,
      );
      continue;
    }
    const spec = specs[type];
    const propsPair = getPair(evNode, 'Properties');
    const evProps = propsPair?.value;
    if (!propsPair || !evProps) {
      if (requiredOf(spec).length) sink.error(keyRange(ev), 'event-properties-required', `Event '${ev.key}' (${type}) needs 'Properties'.`);
      continue;
    }
    if (evProps.kind !== 'map') {
      sink.error(evProps, 'event-properties-shape', `'Properties' of event '${ev.key}' should be a map.`);
      continue;
    }
    const objSpec: ObjectSpec = { p: spec }; // same p: the required-names cache still applies
    for (const p of evProps.pairs) {
      const ps: PropSpec | undefined = spec[p.key];
      if (!ps) {
        // The translator's "property X not defined for resource of type Y".
        sink.error(keyRange(p), 'unknown-property', `Unknown property '${p.key}' for a ${type} event.${didYouMean(p.key, Object.keys(spec))}`);
        sink.suggest(keyRange(p), p.key, Object.keys(spec));
        continue;
      }
      checkProperty(p.value, ps, p.key, sink, keyRange(p));
    }
    checkRequired(evProps, objSpec, '', keyRange(ev), sink);
    checkEventSemantics(t, ev, type, evProps, sink);
  }
}

function checkEventSemantics(t: Template, ev: TPair, type: string, props: TMap, sink: Sink): void {
  if (type === 'Api') {
    const rest = getValue(props, 'RestApiId');
    if (rest) {
      if (rest.kind !== 'scalar' && intrinsicName(rest) !== 'Ref')
        sink.error(rest, 'event-api-rest-api-id-ref', `Property 'RestApiId' should be a string or a Ref to an AWS::Serverless::Api of this template.`);
      else {
        // The translator only requires a resource of the template by that id (SamTemplate.get); on
        // another type than AWS::Serverless::Api it adds no route, which deploys but is likely wrong.
        const target = refName(rest);
        const type = target ? t.resourceById.get(target)?.type : undefined;
        if (target && !type && !t.parameters.has(target))
          sink.error(
            rest,
            'event-api-rest-api-id-ref',
            `RestApiId must be a valid reference to an 'AWS::Serverless::Api' resource in same template (event '${ev.key}').`,
          );
        else if (target && type && type !== 'AWS::Serverless::Api')
          sink.add(
            rest.start,
            rest.end,
            'warning',
            'event-api-rest-api-id-type',
            `RestApiId of event '${ev.key}' names a ${type}: SAM adds routes only to an AWS::Serverless::Api.`,
          );
      }
    }
  }
  if (type === 'HttpApi') {
    const api = getValue(props, 'ApiId');
    if (api && api.kind !== 'scalar' && intrinsicName(api) !== 'Ref')
      sink.error(api, 'event-httpapi-api-id-ref', `Property 'ApiId' should be a string or a Ref to an AWS::Serverless::HttpApi of this template.`);
  }
  if (
    (type === 'Schedule' || type === 'ScheduleV2' || type === 'CloudWatchEvent' || type === 'EventBridgeRule') &&
    getPair(props, 'State') &&
    getPair(props, 'Enabled')
  ) {
    sink.error(keyRange(getPair(props, 'Enabled')!), 'event-state-and-enabled', `State and Enabled Properties cannot both be specified (event '${ev.key}').`);
  }
  const dlq = getValue(props, 'DeadLetterConfig');
  if (dlq?.kind === 'map') {
    const arn = getPair(dlq, 'Arn');
    const dtype = getPair(dlq, 'Type');
    if (arn && dtype)
      sink.error(keyRange(dtype), 'event-dead-letter-config', `You can either define 'Arn' or 'Type' property of DeadLetterConfig (event '${ev.key}').`);
    else if (!arn && !dtype)
      sink.error(
        dlq,
        'event-dead-letter-config',
        `No 'Arn' or 'Type' property provided for DeadLetterConfig (event '${ev.key}'): give an 'Arn', or 'Type: SQS' for SAM to create the queue.`,
      );
    else if (dtype && scalarString(dtype.value) !== 'SQS')
      sink.error(dtype.value ?? keyRange(dtype), 'event-dead-letter-config', `The only valid value for 'Type' property of DeadLetterConfig is 'SQS'.`);
    const qid = getValue(dlq, 'QueueLogicalId');
    if (qid && qid.kind !== 'scalar') sink.error(qid, 'event-dead-letter-queue-logical-id', `QueueLogicalId must be a string.`);
  }
  const sac = getValue(props, 'SourceAccessConfigurations');
  if (sac?.kind === 'seq') {
    for (const it of sac.items) {
      const ty = scalarString(getValue(it, 'Type'));
      if (it.kind === 'map' && ty !== undefined && !/^[A-Z_0-9]+$/.test(ty))
        sink.error(getValue(it, 'Type')!, 'event-source-access-type', `Invalid SourceAccessConfigurations Type '${ty}'.`);
    }
  }
}
