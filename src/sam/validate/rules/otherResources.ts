// The SAM resource types with only a few rules of their own: state machines, simple tables,
// nested applications, connectors and capacity providers.
import { getPair, getValue, type TNode } from '../../ast';
import { keyRange, type Sink } from '../sink';
import { isMap, isStr } from './shapes';

export function stateMachine(props: TNode | null, sink: Sink): void {
  const dp = getPair(props, 'DeploymentPreference');
  if (dp && !getPair(props, 'AutoPublishAlias')) sink.error(keyRange(dp), 'sam', `'DeploymentPreference' needs 'AutoPublishAlias' to be set.`);
  const du = getValue(props, 'DefinitionUri');
  if (isMap(du) && (!getPair(du, 'Bucket') || !getPair(du, 'Key'))) sink.error(du, 'sam', `DefinitionUri needs Bucket and Key.`);
}

export function table(props: TNode | null, sink: Sink): void {
  const pk = getValue(props, 'PrimaryKey');
  if (!isMap(pk)) return;
  for (const k of ['Name', 'Type']) if (!getPair(pk, k)) sink.error(keyRange(getPair(props, 'PrimaryKey')!), 'sam', `Property 'PrimaryKey.${k}' is required.`);
  const ty = getValue(pk, 'Type');
  if (isStr(ty) && !['String', 'Number', 'Binary'].includes(String(ty.value)))
    sink.error(ty!, 'sam', `PrimaryKey Type '${ty!.kind === 'scalar' ? ty!.value : ''}' must be String, Number or Binary.`);
}

export function application(props: TNode | null, sink: Sink): void {
  const loc = getValue(props, 'Location');
  if (!isMap(loc)) return;
  const id = getPair(loc, 'ApplicationId');
  if (!id || !id.value || (id.value.kind === 'scalar' && id.value.value === null))
    sink.error(id ? keyRange(id) : loc, 'sam', `Property 'ApplicationId' is required.`);
  if (id?.value?.kind === 'scalar' && String(id.value.value).includes('{{resolve:'))
    sink.error(id.value, 'sam', `ApplicationId cannot be a dynamic reference.`);
  const sv = getPair(loc, 'SemanticVersion');
  if (sv && (!sv.value || (sv.value.kind === 'scalar' && (sv.value.value === null || sv.value.value === ''))))
    sink.error(sv.value ?? keyRange(sv), 'sam', `SemanticVersion cannot be blank.`);
}

export function connector(props: TNode | null, sink: Sink): void {
  for (const side of ['Source', 'Destination']) {
    const v = getValue(props, side);
    const items = v?.kind === 'seq' ? v.items : v ? [v] : [];
    for (const it of items) {
      if (!isMap(it)) continue;
      const id = getValue(it, 'Id');
      if (getPair(it, 'Id') && !isStr(id)) sink.error(id ?? it, 'sam', `${side}.Id must be a logical id (a string).`);
      if (!getPair(it, 'Id') && !getPair(it, 'Type')) sink.error(it, 'sam', `${side} needs 'Id' (with optional 'Qualifier') or 'Type' with 'Arn'.`);
    }
  }
}

export function capacityProvider(props: TNode | null, sink: Sink): void {
  const vpc = getValue(props, 'VpcConfig');
  if (isMap(vpc) && !getPair(vpc, 'SubnetIds')) sink.error(keyRange(getPair(props, 'VpcConfig')!), 'sam', `Property 'VpcConfig.SubnetIds' is required.`);
  const ir = getValue(props, 'InstanceRequirements');
  if (isMap(ir) && getPair(ir, 'AllowedTypes') && getPair(ir, 'ExcludedTypes'))
    sink.error(keyRange(getPair(ir, 'ExcludedTypes')!), 'sam', `Set only one of 'InstanceRequirements.AllowedTypes' and 'ExcludedTypes'.`);
}
