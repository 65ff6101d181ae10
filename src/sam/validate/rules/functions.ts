// Functions (AWS::Serverless::Function, and the runtime of AWS::Lambda::Function): what a function
// needs to be built and deployed (runtime, handler, code), what needs an alias, and what SAM rejects
// about its events, destinations, URL and tenancy. The handler is looked up on disk when the
// template has a folder (see handler.ts).
import { getPair, getValue, intrinsicName, scalarString, type TMap, type TNode, type TPair } from '../../ast';
import { checkHandler } from '../../handler';
import { didYouMean, runtimes } from '../../schema';
import type { ResourceEntry, Template } from '../../template';
import type { ValidateOptions } from '../options';
import { ignoresGlobals } from '../globals';
import { keyRange, type Sink } from '../sink';
import { policyForms, policyTemplates } from './policies';
import { isMap, mustList, mustMap, mustResolveString, onlyKeys } from './shapes';

const DESTINATION_TYPES = ['SQS', 'SNS', 'EventBridge', 'Lambda', 'S3Bucket'];

/** The requirements that hold with Globals.Function merged in (`globals`), as SAM checks them. */
export function checkFunction(r: ResourceEntry, props: TNode | null, globals: TNode | null, sink: Sink, opts: ValidateOptions): void {
  const get = (k: string) => getPair(props, k) ?? getPair(globals, k);
  const id = keyRange(r.pair);
  const packageType = scalarString(get('PackageType')?.value);
  const isImage = packageType === 'Image' || (!!getPair(props, 'ImageUri') && packageType === undefined);
  if (!isImage && (!get('Runtime') || !get('Handler'))) {
    sink.error(
      id,
      'function-runtime-handler-required',
      `Function '${r.logicalId}' needs both 'Runtime' and 'Handler' (on the function or in Globals.Function) unless PackageType is Image.`,
    );
  }
  // No CodeUri nor InlineCode is no finding: sam build, sam package and aws cloudformation package
  // default CodeUri to the template's folder. With both, the translator takes InlineCode
  // (_construct_code_dict), so CodeUri is only ignored.
  const inline = getPair(props, 'InlineCode');
  if (inline && getPair(props, 'CodeUri'))
    sink.add(
      inline.keyStart,
      inline.keyEnd,
      'warning',
      'function-inline-code-and-code-uri',
      `'InlineCode' and 'CodeUri' are both set: SAM uses InlineCode and ignores CodeUri.`,
    );
  const hasAlias = !!get('AutoPublishAlias');
  const dp = getPair(props, 'DeploymentPreference');
  const dpEnabled = getValue(dp?.value, 'Enabled');
  if (dp && !hasAlias && (!dpEnabled || scalarString(dpEnabled) === 'true'))
    sink.error(keyRange(dp), 'function-deployment-preference-needs-alias', `'DeploymentPreference' needs 'AutoPublishAlias' to be set.`);
  const pc = getPair(props, 'ProvisionedConcurrencyConfig');
  if (pc && !hasAlias)
    sink.error(keyRange(pc), 'function-provisioned-concurrency-needs-alias', `'ProvisionedConcurrencyConfig' needs 'AutoPublishAlias' to be set.`);
  if (pc && get('CapacityProviderConfig'))
    sink.error(
      keyRange(pc),
      'function-capacity-provider-provisioned-concurrency',
      `Cannot specify 'CapacityProviderConfig' and 'ProvisionedConcurrencyConfig' together.`,
    );
  // The translator checks this flag's type without resolving intrinsics ("Type of property
  // 'AutoPublishAliasAllProperties' is invalid.", its test error_function_invalid_autopublishalias_allproperties).
  const apa = getValue(props, 'AutoPublishAliasAllProperties');
  if (apa && intrinsicName(apa))
    sink.error(
      apa,
      'function-auto-publish-alias-all-properties-type',
      `Type of property 'AutoPublishAliasAllProperties' is invalid: it takes true or false, not an intrinsic function.`,
    );
  const vdp = getValue(props, 'VersionDeletionPolicy');
  if (vdp?.kind === 'scalar' && !['Delete', 'Retain'].includes(String(vdp.value)))
    sink.error(vdp, 'function-version-deletion-policy', `Property 'VersionDeletionPolicy' should be 'Delete' or 'Retain'.`);
  const tags = getValue(props, 'Tags');
  if (tags?.kind === 'map')
    for (const p of tags.pairs)
      if (p.key.startsWith('lambda:')) sink.error(keyRange(p), 'function-reserved-tag', `'${p.key}': tag keys starting with 'lambda:' are reserved.`);
  policyForms(props, sink);
  checkRuntime(getPair(props, 'Runtime'), sink, opts);
  if (!isImage && opts.templateDir) {
    const handler = scalarString(get('Handler')?.value);
    const runtime = scalarString(get('Runtime')?.value);
    const codeUri = get('CodeUri');
    if (handler && runtime && codeUri) {
      const found = checkHandler(opts.templateDir, codeUri.value, handler, runtime, opts.files);
      const target = getPair(props, 'Handler')?.value ?? id;
      if (found) {
        sink.add(target.start, target.end, 'warning', 'handler', found.message);
        if (found.stub) sink.items[sink.items.length - 1]!.handlerStub = found.stub;
      }
    }
  }
}

export function checkRuntime(p: TPair | undefined, sink: Sink, opts: ValidateOptions): void {
  const v = p?.value;
  if (!v || v.kind !== 'scalar' || typeof v.value !== 'string') return;
  const name = v.value;
  const info = runtimes()[name];
  if (!info) {
    sink.error(v, 'runtime', `Unknown runtime '${name}'.${didYouMean(name, Object.keys(runtimes()))}`);
    if (!v.quoted) sink.suggest(v, name, Object.keys(runtimes()));
    return;
  }
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  if (info.deprecated && info.deprecated <= today) {
    sink.add(
      v.start,
      v.end,
      'warning',
      'deprecated-runtime',
      `Runtime '${name}' is deprecated since ${info.deprecated}${info.successor ? `: move to ${info.successor}` : ''}.`,
    );
    if (info.successor && !v.quoted)
      sink.items[sink.items.length - 1].fix = { title: `Change to '${info.successor}'`, edits: [{ start: v.start, end: v.end, newText: info.successor }] };
  }
}

/** What SAM rejects about a function beyond the schema (`props` only: Globals are not merged here). */
export function functionRules(t: Template, r: ResourceEntry, props: TNode | null, sink: Sink): void {
  const role = getValue(props, 'Role');
  if (role?.kind === 'scalar' && typeof role.value !== 'string' && role.value !== null)
    sink.error(role, 'function-role-type', `Property 'Role' should be a string (a role ARN).`);
  const sha = getValue(props, 'AutoPublishCodeSha256');
  if (sha && sha.kind !== 'scalar' && intrinsicName(sha) !== 'Ref')
    sink.error(sha, 'function-code-sha256-type', `AutoPublishCodeSha256 must be a string or a Ref to a parameter.`);
  const alias = getValue(props, 'AutoPublishAlias');
  if (alias?.kind === 'scalar') {
    const v = alias.value === null ? '' : String(alias.value);
    // SAM skips an empty alias (`if self.AutoPublishAlias:`) unless something needs one.
    if (v === '' && (getPair(props, 'DeploymentPreference') || getPair(props, 'ProvisionedConcurrencyConfig')))
      sink.error(
        alias,
        getPair(props, 'DeploymentPreference') ? 'function-deployment-preference-needs-alias' : 'function-provisioned-concurrency-needs-alias',
        `AutoPublishAlias is empty: 'DeploymentPreference' and 'ProvisionedConcurrencyConfig' require an AutoPublishAlias name.`,
      );
    else if (v === '')
      sink.add(alias.start, alias.end, 'warning', 'function-alias-empty', `AutoPublishAlias is empty: SAM creates no alias. Give an alias name or remove it.`);
    else if (!/^[A-Za-z0-9_-]+$/.test(v)) sink.error(alias, 'function-alias-name', `AutoPublishAlias '${v}' may contain only letters, digits, '-' and '_'.`);
  }
  const pkg = scalarString(getValue(props, 'PackageType'));
  if (
    pkg === 'Image' &&
    !getPair(props, 'ImageUri') &&
    !getPair(getValue(t.globals, 'Function'), 'ImageUri') &&
    !getPair(getValue(props, 'Metadata'), 'DockerContext')
  ) {
    const meta = getValue(r.node, 'Metadata');
    if (!getPair(meta, 'DockerContext') && !getPair(meta, 'Dockerfile'))
      sink.error(
        keyRange(r.pair),
        'function-image-uri-required',
        `'ImageUri' must be set: function '${r.logicalId}' has PackageType Image (or give Metadata DockerContext/Dockerfile for sam build).`,
      );
  }
  if (alias && intrinsicName(alias) === 'Ref') {
    const param = t.parameters.get(scalarString((alias as TMap).pairs[0].value) ?? '');
    const def = getValue(param?.value, 'Default');
    if (def?.kind === 'scalar' && (def.value === null || def.value === ''))
      sink.error(
        alias,
        'function-alias-empty-default',
        `AutoPublishAlias refers to parameter '${param!.key}', whose Default is empty: SAM needs an alias name to create the alias.`,
      );
    else mustResolveString(t, sink, alias, 'AutoPublishAlias');
  }
  mustResolveString(t, sink, getValue(getValue(props, 'DeadLetterQueue'), 'Type'), 'DeadLetterQueue.Type');
  const codeUri = getValue(props, 'CodeUri');
  notS3Url(sink, codeUri, 'CodeUri');
  if (codeUri?.kind === 'scalar' && typeof codeUri.value === 'string' && codeUri.value.includes('{{resolve:'))
    sink.error(codeUri, 'function-code-uri-dynamic-reference', `CodeUri cannot use a dynamic reference: use the {Bucket, Key} form.`);
  const rif = getValue(role, 'Fn::If');
  if (rif?.kind === 'seq' && rif.items.length !== 3) sink.error(rif, 'function-role-fn-if', `Malformed 'Role': Fn::If requires 3 arguments.`);
  const dp = getValue(props, 'DeploymentPreference');
  if (isMap(dp)) {
    mustList(sink, dp, 'Alarms', 'DeploymentPreference.Alarms');
    const pc = getValue(dp, 'PassthroughCondition');
    if (pc && pc.kind !== 'scalar' && !['Ref', 'Fn::FindInMap'].includes(intrinsicName(pc) ?? ''))
      sink.error(pc, 'function-deployment-passthrough-condition', `Invalid value for PassthroughCondition: a boolean, a Ref or Fn::FindInMap.`);
  }
  // Globals.Function's EventInvokeConfig applies when the function sets none (SAM merges maps).
  const eic = getValue(props, 'EventInvokeConfig') ?? (ignoresGlobals(r.node!) ? undefined : getValue(getValue(t.globals, 'Function'), 'EventInvokeConfig'));
  // sam_resources.py _construct_event_invoke_config: sam_expect(...).to_be_a_map() on DestinationConfig
  // and on each of OnSuccess/OnFailure; _validate_and_inject_resource: a Type from its accepted list.
  const dc = mustMap(sink, eic, 'DestinationConfig', 'EventInvokeConfig.DestinationConfig');
  if (dc)
    for (const side of ['OnSuccess', 'OnFailure']) {
      const d = mustMap(sink, dc, side, `EventInvokeConfig.DestinationConfig.${side}`);
      if (!d) continue;
      const typeNode = getValue(d, 'Type');
      if (!typeNode || (typeNode.kind === 'scalar' && !DESTINATION_TYPES.includes(String(typeNode.value))))
        sink.error(
          typeNode ?? keyRange(getPair(dc, side)!),
          'function-event-invoke-destination-type',
          `'Type: ${typeNode?.kind === 'scalar' ? String(typeNode.value) : 'None'}' must be one of ${DESTINATION_TYPES.join(', ')} (EventInvokeConfig.DestinationConfig.${side}).`,
        );
      const ty = scalarString(getValue(d, 'Type'));
      if (ty && !['SQS', 'SNS'].includes(ty) && !getPair(d, 'Destination'))
        sink.error(
          getValue(d, 'Type')!,
          'function-event-invoke-destination-required',
          `${side}: 'Destination' is required when Type is ${ty} (only SQS and SNS can be created for you).`,
        );
      const dest = getValue(getValue(d, 'Destination'), 'Fn::If');
      if (dest?.kind === 'seq' && dest.items.length !== 3)
        sink.error(dest, 'function-event-invoke-destination-fn-if', `Malformed 'Destination': Fn::If requires 3 arguments.`);
    }
  const url = getValue(props, 'FunctionUrlConfig');
  if (isMap(url)) {
    if (!getPair(url, 'AuthType'))
      sink.error(
        keyRange(getPair(props, 'FunctionUrlConfig')!),
        'function-url-auth-type-required',
        `AuthType is required to configure function property 'FunctionUrlConfig': give AWS_IAM or NONE.`,
      );
    const cors = getValue(url, 'Cors');
    onlyKeys(
      sink,
      cors,
      ['AllowCredentials', 'AllowHeaders', 'AllowMethods', 'AllowOrigins', 'ExposeHeaders', 'MaxAge'],
      'FunctionUrlConfig.Cors',
      'function-url-cors-invalid-key',
    );
    const ma = getValue(cors, 'MaxAge');
    if (ma?.kind === 'scalar' && typeof ma.value !== 'number') sink.error(ma, 'function-url-cors-max-age', `MaxAge must be an integer.`);
  }
  if (getPair(props, 'TenancyConfig')) {
    for (const [k, what] of [
      ['SnapStart', 'SnapStart'],
      ['ProvisionedConcurrencyConfig', 'Provisioned concurrency'],
      ['FunctionUrlConfig', 'A function URL'],
    ]) {
      const p = getPair(props, k);
      if (p) sink.error(keyRange(p), 'function-tenancy-unsupported', `${what} is not supported for functions with a TenancyConfig.`);
    }
    const events = getValue(props, 'Events');
    if (isMap(events))
      for (const ev of events.pairs) {
        const ty = scalarString(getValue(ev.value, 'Type'));
        if (ty && !['Api', 'HttpApi'].includes(ty))
          sink.error(
            getValue(ev.value, 'Type')!,
            'function-tenancy-unsupported',
            `Event source '${ty}' is not supported for functions with a TenancyConfig: only Api and HttpApi.`,
          );
      }
  }
  const ig = getValue(r.node, 'IgnoreGlobals');
  if (ig?.kind === 'seq') {
    const g = getValue(t.globals, 'Function');
    for (const it of ig.items) {
      const name = scalarString(it);
      if (name !== undefined && g && !getPair(g, name))
        sink.error(it, 'function-ignore-globals-unknown', `IgnoreGlobals lists '${name}', which Globals.Function does not set.`);
    }
  }
  policyTemplates(props, sink);
}

/** A URL with a scheme other than s3:// cannot be a code location (a local path has no scheme). */
function notS3Url(sink: Sink, n: TNode | null | undefined, key: string): void {
  if (n?.kind !== 'scalar' || typeof n.value !== 'string') return;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(n.value)?.[1];
  if (scheme && scheme.toLowerCase() !== 's3')
    sink.error(
      n,
      'function-code-uri-scheme',
      `'${key}' is not a valid S3 URI of the form 's3://bucket/key' (a ${scheme}:// URL cannot be used; give a local path or an S3 location).`,
    );
}
