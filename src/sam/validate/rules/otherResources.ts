// The SAM resource types with only a few rules of their own: state machines, simple tables,
// nested applications, connectors and capacity providers.
import { getPair, getValue, type TNode } from '../../ast';
import { keyRange, type Sink } from '../sink';
import { isMap, isStr } from './shapes';

export function stateMachine(props: TNode | null, sink: Sink): void {
  const dp = getPair(props, 'DeploymentPreference');
  if (dp && !getPair(props, 'AutoPublishAlias'))
    sink.error(keyRange(dp), 'statemachine-deployment-preference-needs-alias', `'DeploymentPreference' requires 'AutoPublishAlias' property to be specified.`);
  const du = getValue(props, 'DefinitionUri');
  if (isMap(du) && (!getPair(du, 'Bucket') || !getPair(du, 'Key')))
    sink.error(du, 'statemachine-definition-uri-shape', `'DefinitionUri' requires Bucket and Key properties to be specified.`);
}

export function table(props: TNode | null, sink: Sink): void {
  const pk = getValue(props, 'PrimaryKey');
  if (!isMap(pk)) return;
  for (const k of ['Name', 'Type'])
    if (!getPair(pk, k)) sink.error(keyRange(getPair(props, 'PrimaryKey')!), 'table-primary-key-required', `Property 'PrimaryKey.${k}' is required.`);
  const ty = getValue(pk, 'Type');
  if (isStr(ty) && !['String', 'Number', 'Binary'].includes(String(ty.value)))
    sink.error(ty!, 'table-primary-key-type', `PrimaryKey Type '${ty!.kind === 'scalar' ? ty!.value : ''}' must be String, Number or Binary.`);
}

export function application(props: TNode | null, sink: Sink): void {
  const loc = getValue(props, 'Location');
  if (!isMap(loc)) return;
  const id = getPair(loc, 'ApplicationId');
  if (!id || !id.value || (id.value.kind === 'scalar' && id.value.value === null))
    sink.error(id ? keyRange(id) : loc, 'application-id-required', `Property 'ApplicationId' is required.`);
  if (id?.value?.kind === 'scalar' && String(id.value.value).includes('{{resolve:'))
    sink.error(id.value, 'application-id-dynamic-reference', `ApplicationId cannot be a dynamic reference.`);
  const sv = getPair(loc, 'SemanticVersion');
  if (sv && (!sv.value || (sv.value.kind === 'scalar' && (sv.value.value === null || sv.value.value === ''))))
    sink.error(sv.value ?? keyRange(sv), 'application-semantic-version-blank', `SemanticVersion cannot be blank.`);
}

export function connector(props: TNode | null, sink: Sink): void {
  for (const side of ['Source', 'Destination']) {
    const v = getValue(props, side);
    const items = v?.kind === 'seq' ? v.items : v ? [v] : [];
    for (const it of items) {
      if (!isMap(it)) continue;
      const id = getValue(it, 'Id');
      if (getPair(it, 'Id') && !isStr(id)) sink.error(id ?? it, 'connector-id-type', `${side}.Id must be a logical id (a string).`);
      if (!getPair(it, 'Id') && !getPair(it, 'Type'))
        sink.error(it, 'connector-endpoint-required', `${side} needs 'Id' (with optional 'Qualifier') or 'Type' with 'Arn'.`);
    }
  }
}

export function capacityProvider(props: TNode | null, sink: Sink): void {
  const vpc = getValue(props, 'VpcConfig');
  if (isMap(vpc) && !getPair(vpc, 'SubnetIds'))
    sink.error(keyRange(getPair(props, 'VpcConfig')!), 'capacity-provider-subnet-ids-required', `Property 'VpcConfig.SubnetIds' is required.`);
  const ir = getValue(props, 'InstanceRequirements');
  if (isMap(ir) && getPair(ir, 'AllowedTypes') && getPair(ir, 'ExcludedTypes'))
    sink.error(
      keyRange(getPair(ir, 'ExcludedTypes')!),
      'capacity-provider-instance-types-conflict',
      `Cannot specify 'InstanceRequirements.AllowedTypes' and 'InstanceRequirements.ExcludedTypes' together.`,
    );
}
