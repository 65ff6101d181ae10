// Resource-level mistakes the service APIs reject at deploy time, beyond what a resource schema says:
// Lambda's package-type rules (CreateFunction), log levels without the JSON log format, inline code
// outside Node.js/Python, SnapStart on a runtime without it, EventBridge/Scheduler schedule
// expressions, and the IAM policy grammar. A SAM function's properties are read with Globals.Function
// merged in the way the translator merges them (plugins/globals/globals.py: maps merge key by key,
// anything else is replaced by the local value), since SAM passes LoggingConfig, SnapStart, Runtime
// and InlineCode through to the AWS::Lambda::Function it generates. Intrinsics are left alone.
import { getPair, getValue, intrinsicName, refName, scalarString, type TNode, type TPair } from '../../ast';
import type { ResourceEntry, Template } from '../../template';
import { appliedGlobals } from '../globals';
import { keyRange, type Sink } from '../sink';
import { isMap } from './shapes';

type Range = { start: number; end: number };
/** A property as the resource will have it: its pair (local or from Globals), absent, or unknown (an intrinsic decides). */
type Found = TPair | undefined | 'unknown';

/** A value that means "not set": YAML null or Ref AWS::NoValue. */
const unset = (n: TNode | null | undefined) => !n || (n.kind === 'scalar' && n.value === null) || refName(n) === 'AWS::NoValue';

/** Looks `path` up in the local properties, falling back to Globals where SAM would merge them in. */
function lookup(local: TNode | null | undefined, global: TNode | null | undefined, path: string[]): Found {
  const [key, ...rest] = path;
  if (local && !isMap(local)) return 'unknown';
  const g = global && isMap(global) ? global : undefined;
  const lp = getPair(local, key);
  const gp = getPair(g, key);
  const lpSet = lp && !unset(lp.value) ? lp : undefined;
  const gpSet = gp && !unset(gp.value) ? gp : undefined;
  if (!rest.length) {
    if (lpSet && intrinsicName(lpSet.value)) return 'unknown';
    if (lp && !lpSet) return undefined;
    return lpSet ?? (gpSet && intrinsicName(gpSet.value) ? 'unknown' : gpSet);
  }
  if (lp && !lpSet) return undefined;
  if (lpSet && !isMap(lpSet.value)) return 'unknown';
  if (!lpSet && gpSet && !isMap(gpSet.value)) return 'unknown';
  return lookup(lpSet?.value, gpSet && isMap(gpSet.value) ? gpSet.value : undefined, rest);
}

const literal = (f: Found): string | undefined => (f && f !== 'unknown' && f.value?.kind === 'scalar' ? scalarString(f.value) : undefined);

export function cfnResourceRules(t: Template, r: ResourceEntry, props: TNode | null, sink: Sink): void {
  if (props && !isMap(props)) return;
  const fallback = keyRange(r.pair);
  switch (r.type) {
    case 'AWS::Lambda::Function':
      lambdaPackage(props, fallback, sink);
      lambdaShared(props, undefined, 'Code', fallback, sink);
      return;
    // On a SAM resource these are warnings: the SAM transform accepts them and only the service rejects
    // the generated resource later, and in a SAM template an error means what the transform rejects
    // (the Sink softens plain resources' errors the same way; see validateResource).
    case 'AWS::Serverless::Function':
      return sink.softened(() => {
        lambdaShared(props, appliedGlobals(t, r), 'InlineCode', fallback, sink);
        samEvents(props, sink);
        samPolicies(props, sink);
      });
    case 'AWS::Serverless::StateMachine':
      return sink.softened(() => samEvents(props, sink));
    case 'AWS::Events::Rule':
      return schedule(getPair(props, 'ScheduleExpression'), false, sink);
    case 'AWS::Scheduler::Schedule':
      return schedule(getPair(props, 'ScheduleExpression'), true, sink);
  }
  const docs = POLICY_PROPERTIES[r.type ?? ''];
  if (docs) for (const [key, kind] of docs) policyAt(props, key, kind, sink);
}

// ---- Lambda ---------------------------------------------------------------------------------------

/** CreateFunction: a .zip package needs Runtime and Handler; an image takes neither (nor Layers) and needs Code.ImageUri. */
function lambdaPackage(props: TNode | null, fallback: Range, sink: Sink): void {
  const pt = lookup(props, undefined, ['PackageType']);
  if (pt === 'unknown') return;
  const type = literal(pt);
  const code = getPair(props, 'Code');
  const at = pt ? keyRange(pt) : code ? keyRange(code) : fallback;
  if (type === 'Image') {
    for (const name of ['Handler', 'Runtime', 'Layers']) {
      const p = getPair(props, name);
      if (p && !unset(p.value))
        sink.error(
          keyRange(p),
          'lambda-image-excluded-property',
          `A function with PackageType Image cannot set '${name}' (Lambda rejects Handler, Runtime and Layers for container images): remove it.`,
        );
    }
    if (code && isMap(code.value) && !getPair(code.value, 'ImageUri'))
      sink.error(
        keyRange(code),
        'lambda-image-uri-required',
        `A function with PackageType Image needs 'Code.ImageUri', the URI of its container image in Amazon ECR.`,
      );
    return;
  }
  if (type !== undefined && type !== 'Zip') return;
  // No PackageType but an image URI: the mistake is the missing PackageType, not Runtime/Handler.
  if (!pt && code && isMap(code.value) && getPair(code.value, 'ImageUri')) return;
  const missing = ['Runtime', 'Handler'].filter((n) => lookup(props, undefined, [n]) === undefined);
  if (missing.length)
    sink.error(
      at,
      'lambda-zip-runtime-handler-required',
      `A function deployed as a .zip package (PackageType ${type ? 'Zip' : 'absent, so Zip'}) needs ${missing.map((m) => `'${m}'`).join(' and ')}: Lambda rejects it without ${missing.length > 1 ? 'them' : 'it'}. For a container image set PackageType: Image.`,
    );
}

/** Range of a finding: the key where it is written in this resource, else the resource's own key (it came from Globals). */
const rangeIn = (props: TNode | null, f: TPair, fallback: Range): Range =>
  props && f.keyStart >= props.start && f.keyEnd <= props.end ? keyRange(f) : fallback;

/** LoggingConfig levels, inline code's runtime, SnapStart's runtime: on AWS::Lambda::Function and SAM functions alike. */
function lambdaShared(props: TNode | null, globals: TNode | undefined, inlineKey: 'Code' | 'InlineCode', fallback: Range, sink: Sink): void {
  const runtime = lookup(props, globals, ['Runtime']);
  const rt = literal(runtime);
  // Log-level filtering needs the JSON log format (Text is the default).
  const format = lookup(props, globals, ['LoggingConfig', 'LogFormat']);
  if (format !== 'unknown' && literal(format) !== 'JSON' && !(format && !literal(format))) {
    for (const level of ['ApplicationLogLevel', 'SystemLogLevel']) {
      const f = lookup(props, globals, ['LoggingConfig', level]);
      if (!f || f === 'unknown') continue;
      sink.error(
        rangeIn(props, f, fallback),
        'lambda-log-level-needs-json',
        `LoggingConfig.${level} needs LoggingConfig.LogFormat: JSON (the log format is ${format ? literal(format) : 'Text by default'}): Lambda rejects a log level with the Text format.`,
      );
    }
  }
  // Inline code (Code.ZipFile; a SAM function's InlineCode becomes it) exists for Node.js and Python only.
  // Its value may be an intrinsic (Fn::Sub of the source): what counts is that the code is inline.
  const inlinePair = inlineKey === 'Code' ? getPair(getValue(props, 'Code'), 'ZipFile') : getPair(props, 'InlineCode');
  const inline = inlinePair && !unset(inlinePair.value) && (inlineKey === 'InlineCode' || isMap(getValue(props, 'Code')));
  if (inline && rt && runtime && runtime !== 'unknown' && !/^(nodejs|python)/.test(rt))
    sink.error(
      rangeIn(props, runtime, fallback),
      'lambda-inline-code-runtime',
      `Inline code (${inlineKey === 'Code' ? 'Code.ZipFile' : 'InlineCode'}) is only for Node.js and Python runtimes, not '${rt}': upload a package (S3) instead.`,
    );
  // SnapStart: Java 11+, Python 3.12+, .NET 8+ managed runtimes.
  const applyOn = lookup(props, globals, ['SnapStart', 'ApplyOn']);
  if (literal(applyOn) === 'PublishedVersions' && rt && !snapStartRuntime(rt) && applyOn && applyOn !== 'unknown')
    sink.error(
      rangeIn(props, applyOn, fallback),
      'lambda-snapstart-runtime',
      `SnapStart is not supported for runtime '${rt}': it needs Java 11 or later, Python 3.12 or later, or .NET 8 or later. Remove SnapStart or change the runtime.`,
    );
}

function snapStartRuntime(rt: string): boolean {
  const m = /^(java|python3\.|dotnet)(\d+)/.exec(rt);
  if (!m) return false;
  const v = Number(m[2]);
  return m[1] === 'java' ? v >= 11 : m[1] === 'dotnet' ? v >= 8 : v >= 12;
}

// ---- Schedule expressions ---------------------------------------------------------------------------

const RATE_UNITS = new Set(['minute', 'minutes', 'hour', 'hours', 'day', 'days']);

/** What is wrong with an EventBridge rule (or, `scheduler`, an EventBridge Scheduler) schedule expression. */
export function scheduleProblem(expr: string, scheduler: boolean): string | undefined {
  const forms = scheduler ? 'rate(value unit), cron(fields) or at(yyyy-mm-ddThh:mm:ss)' : 'rate(value unit) or cron(fields)';
  if (expr === '') return `The schedule expression is empty: use ${forms}.`;
  let m = /^rate\((.*)\)$/.exec(expr);
  if (m) {
    const parts = m[1].trim().split(/\s+/);
    if (parts.length !== 2) return `'${expr}' must be rate(value unit), e.g. rate(5 minutes).`;
    const [value, unit] = parts;
    if (!/^\d+$/.test(value) || Number(value) <= 0) return `The rate value '${value}' must be a positive whole number.`;
    if (!RATE_UNITS.has(unit)) return `The rate unit '${unit}' must be minute(s), hour(s) or day(s).`;
    // EventBridge rules: the unit is singular for 1 and plural otherwise (Scheduler documents no such rule).
    if (!scheduler && (Number(value) === 1) !== !unit.endsWith('s'))
      return `'${expr}': the unit must be ${Number(value) === 1 ? `singular for 1, e.g. rate(1 ${unit.replace(/s$/, '')})` : `plural for values above 1, e.g. rate(${value} ${unit}s)`}.`;
    return undefined;
  }
  m = /^cron\((.*)\)$/.exec(expr);
  if (m) {
    const fields = m[1].trim().split(/\s+/).filter(Boolean);
    if (fields.length !== 6) return `'${expr}' must have six fields: cron(minutes hours day-of-month month day-of-week year); it has ${fields.length}.`;
    if (fields[2] !== '?' && fields[4] !== '?') return `'${expr}' sets both day-of-month and day-of-week: one of them must be '?'.`;
    return undefined;
  }
  m = /^at\((.*)\)$/.exec(expr);
  if (m && scheduler) return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(m[1]) ? undefined : `'${expr}' must be at(yyyy-mm-ddThh:mm:ss).`;
  return `'${expr}' is not a schedule expression: use ${forms}.`;
}

function schedule(p: TPair | undefined, scheduler: boolean, sink: Sink): void {
  const v = p?.value;
  if (!v || v.kind !== 'scalar' || v.value === null) return;
  const problem = scheduleProblem(String(v.value), scheduler);
  if (problem) sink.error(v, 'schedule-expression', problem);
}

function samEvents(props: TNode | null, sink: Sink): void {
  const events = getValue(props, 'Events');
  if (!isMap(events)) return;
  for (const e of events.pairs) {
    const type = scalarString(getValue(e.value, 'Type'));
    const ep = getValue(e.value, 'Properties');
    if (type === 'Schedule') schedule(getPair(ep, 'Schedule'), false, sink);
    if (type === 'ScheduleV2') schedule(getPair(ep, 'ScheduleExpression'), true, sink);
  }
}

// ---- IAM policy documents ---------------------------------------------------------------------------

/** identity: attached to a user/group/role (no Principal, needs Resource); trust: a role's assume-role policy; resource: a bucket/queue/topic policy. */
type PolicyKind = 'identity' | 'trust' | 'resource';
const INLINE_POLICIES: [string, PolicyKind][] = [['Policies', 'identity']];
const POLICY_PROPERTIES: Record<string, [string, PolicyKind][]> = {
  'AWS::IAM::Policy': [['PolicyDocument', 'identity']],
  'AWS::IAM::ManagedPolicy': [['PolicyDocument', 'identity']],
  'AWS::IAM::RolePolicy': [['PolicyDocument', 'identity']],
  'AWS::IAM::UserPolicy': [['PolicyDocument', 'identity']],
  'AWS::IAM::GroupPolicy': [['PolicyDocument', 'identity']],
  'AWS::IAM::Role': [['AssumeRolePolicyDocument', 'trust'], ...INLINE_POLICIES],
  'AWS::IAM::User': INLINE_POLICIES,
  'AWS::IAM::Group': INLINE_POLICIES,
  'AWS::S3::BucketPolicy': [['PolicyDocument', 'resource']],
  'AWS::SQS::QueuePolicy': [['PolicyDocument', 'resource']],
  'AWS::SNS::TopicPolicy': [['PolicyDocument', 'resource']],
};

function policyAt(props: TNode | null, key: string, kind: PolicyKind, sink: Sink): void {
  const p = getPair(props, key);
  if (!p || unset(p.value)) return;
  if (key !== 'Policies') return policyDocument(p, kind, sink);
  // Policies: [{ PolicyName, PolicyDocument }]
  if (p.value?.kind !== 'seq') return;
  for (const it of p.value.items) {
    const doc = isMap(it) ? getPair(it, 'PolicyDocument') : undefined;
    if (doc && !unset(doc.value)) policyDocument(doc, kind, sink);
  }
}

/** A SAM function's Policies items that are policy documents (a map with Statement); its AssumeRolePolicyDocument. */
function samPolicies(props: TNode | null, sink: Sink): void {
  const pol = getValue(props, 'Policies');
  const items = pol?.kind === 'seq' ? pol.items : pol ? [pol] : [];
  for (const it of items) if (isMap(it) && getPair(it, 'Statement')) statements(it, 'identity', sink);
  policyAt(props, 'AssumeRolePolicyDocument', 'trust', sink);
}

function policyDocument(p: TPair, kind: PolicyKind, sink: Sink): void {
  const doc = p.value;
  if (!isMap(doc)) return; // an intrinsic, or a JSON string: left to IAM
  if (!getPair(doc, 'Statement')) {
    sink.error(keyRange(p), 'iam-policy-statement-required', `The policy document '${p.key}' has no 'Statement': IAM rejects a policy without statements.`);
    return;
  }
  statements(doc, kind, sink);
}

const has = (n: TNode, ...keys: string[]) => keys.filter((k) => getPair(n, k));

function statements(doc: TNode, kind: PolicyKind, sink: Sink): void {
  const stPair = getPair(doc, 'Statement');
  const st = stPair?.value;
  if (!stPair || !st) return;
  const list = st.kind === 'seq' ? st.items : [st];
  const sids = new Set<string>();
  for (const s of list) {
    if (!isMap(s)) continue;
    const effect = getPair(s, 'Effect');
    // Where a missing element is reported: the statement's Effect, else the Statement key.
    const at = effect ? keyRange(effect) : keyRange(stPair);
    if (!effect) sink.error(at, 'iam-statement-effect', `A policy statement needs 'Effect': Allow or Deny.`);
    else if (effect.value?.kind === 'scalar' && !['Allow', 'Deny'].includes(String(effect.value.value)))
      sink.error(effect.value, 'iam-statement-effect', `Effect '${String(effect.value.value)}' must be Allow or Deny (case-sensitive).`);
    const actions = has(s, 'Action', 'NotAction');
    if (actions.length !== 1)
      sink.error(
        at,
        'iam-statement-action',
        actions.length ? `A policy statement takes 'Action' or 'NotAction', not both.` : `A policy statement needs 'Action' (or 'NotAction').`,
      );
    if (kind === 'identity') {
      if (!has(s, 'Resource', 'NotResource').length)
        sink.error(at, 'iam-statement-resource', `A statement of an identity-based policy needs 'Resource' (or 'NotResource'): IAM rejects it without one.`);
      for (const k of has(s, 'Principal', 'NotPrincipal'))
        sink.error(
          keyRange(getPair(s, k)!),
          'iam-statement-principal',
          `An identity-based policy cannot name a '${k}' (the principal is who it is attached to): remove it.`,
        );
    } else if (!has(s, 'Principal', 'NotPrincipal').length)
      sink.error(
        at,
        'iam-statement-principal',
        `A statement of a ${kind === 'trust' ? 'trust' : 'resource-based'} policy needs 'Principal' (or 'NotPrincipal').`,
      );
    const sidPair = getPair(s, 'Sid');
    const sid = scalarString(sidPair?.value);
    if (sidPair && sid !== undefined && kind !== 'resource') {
      if (sids.has(sid))
        sink.error(
          keyRange(sidPair),
          'iam-duplicate-sid',
          `Sid '${sid}' is used by another statement of this policy: IAM requires statement ids to be unique.`,
        );
      sids.add(sid);
    }
  }
}
