// The template model: sections, resources, parameters, conditions and the names SAM creates
// implicitly, built from the position tree. Everything later (validation, completion, navigation)
// reads this model instead of walking raw YAML.
import { getPair, getValue, scalarString, type TNode, type TPair } from './ast';
import { LineIndex } from './lines';
import type { ParseProblem } from './parse';

export interface ResourceEntry {
  logicalId: string;
  pair: TPair;
  node: TNode | null;
  type?: string;
  typeNode?: TNode | null;
  properties?: TNode | null;
}

export interface Template {
  text: string;
  lines: LineIndex;
  root: TNode | null;
  problems: ParseProblem[];
  sections: Map<string, TPair>;
  resources: ResourceEntry[];
  resourceById: Map<string, ResourceEntry>;
  parameters: Map<string, TPair>;
  conditions: Map<string, TPair>;
  mappings: Map<string, TPair>;
  outputs: Map<string, TPair>;
  isSam: boolean;
  /** The names the Transform section lists (one or a list; what is not a literal is left out). */
  transforms: string[];
  globals: TNode | null;
  /** Logical ids SAM generates, with the resource that generates them. */
  implicit: Map<string, { from: string; type: string }>;
  /** Generated ids that the template already defines itself (the transform fails on them). */
  collisions: { id: string; from: string; type: string }[];
}

export const PSEUDO_PARAMETERS = [
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
];

export const TOP_LEVEL_SECTIONS = [
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
  'Globals',
  'Hooks',
];

function entries(n: TNode | null | undefined): Map<string, TPair> {
  const m = new Map<string, TPair>();
  if (n && n.kind === 'map') for (const p of n.pairs) m.set(p.key, p);
  return m;
}

export function buildTemplate(text: string, root: TNode | null, problems: ParseProblem[]): Template {
  let lines: LineIndex | undefined;
  const sections = entries(root);
  const resources: ResourceEntry[] = [];
  const resourceById = new Map<string, ResourceEntry>();
  const resNode = sections.get('Resources')?.value;
  if (resNode && resNode.kind === 'map') {
    for (const pair of resNode.pairs) {
      const node = pair.value;
      const typeNode = getValue(node, 'Type');
      const entry: ResourceEntry = { logicalId: pair.key, pair, node, type: scalarString(typeNode), typeNode, properties: getValue(node, 'Properties') };
      resources.push(entry);
      if (!resourceById.has(pair.key)) resourceById.set(pair.key, entry);
    }
  }
  const transform = sections.get('Transform')?.value;
  const transforms = (transform?.kind === 'seq' ? transform.items.map(scalarString) : [scalarString(transform)]).filter((x): x is string => x !== undefined);
  const isSam =
    transforms.some((t) => t.startsWith('AWS::Serverless')) || sections.has('Globals') || resources.some((r) => r.type?.startsWith('AWS::Serverless::'));
  const t: Template = {
    text,
    // Built on first use: the server keeps its own per version, so most edits never need this one.
    get lines() {
      lines ??= new LineIndex(text);
      return lines;
    },
    root,
    problems,
    sections,
    resources,
    resourceById,
    parameters: entries(sections.get('Parameters')?.value),
    conditions: entries(sections.get('Conditions')?.value),
    mappings: entries(sections.get('Mappings')?.value),
    outputs: entries(sections.get('Outputs')?.value),
    isSam,
    transforms,
    globals: sections.get('Globals')?.value ?? null,
    implicit: new Map(),
    collisions: [],
  };
  if (isSam) addImplicit(t);
  return t;
}

/** The resources the SAM translator adds, under the names it gives them. */
function addImplicit(t: Template): void {
  const add = (id: string, from: string, type: string, certain = true) => {
    if (t.resourceById.has(id)) {
      if (certain) t.collisions.push({ id, from, type });
      return;
    }
    if (!t.implicit.has(id)) t.implicit.set(id, { from, type });
  };
  const globalFn = getValue(t.globals, 'Function');
  for (const r of t.resources) {
    const id = r.logicalId;
    const props = r.properties;
    const connectors = getValue(r.node, 'Connectors');
    if (connectors?.kind === 'map') for (const c of connectors.pairs) add(`${id}${c.key}`, id, 'AWS::Serverless::Connector');
    switch (r.type) {
      case 'AWS::Serverless::Function': {
        if (!getPair(props, 'Role')) add(`${id}Role`, id, 'AWS::IAM::Role');
        const alias = scalarString(getValue(props, 'AutoPublishAlias')) ?? scalarString(getValue(globalFn, 'AutoPublishAlias'));
        if (getPair(props, 'AutoPublishAlias') || getPair(globalFn, 'AutoPublishAlias')) {
          add(`${id}Version`, id, 'AWS::Lambda::Version');
          add(`${id}Alias${(alias ?? '').replace(/[^A-Za-z0-9]/g, '')}`, id, 'AWS::Lambda::Alias');
        }
        if (getPair(props, 'FunctionUrlConfig')) add(`${id}Url`, id, 'AWS::Lambda::Url');
        if (getPair(props, 'DeploymentPreference') || getPair(globalFn, 'DeploymentPreference')) {
          add('ServerlessDeploymentApplication', id, 'AWS::CodeDeploy::Application', false);
          add(`${id}DeploymentGroup`, id, 'AWS::CodeDeploy::DeploymentGroup');
          add('CodeDeployServiceRole', id, 'AWS::IAM::Role', false);
        }
        if (getPair(props, 'EventInvokeConfig')) add(`${id}EventInvokeConfig`, id, 'AWS::Lambda::EventInvokeConfig');
        addEventImplicit(r, add);
        break;
      }
      case 'AWS::Serverless::StateMachine':
        if (!getPair(props, 'Role')) add(`${id}Role`, id, 'AWS::IAM::Role');
        addEventImplicit(r, add);
        break;
      case 'AWS::Serverless::Api': {
        const stage = scalarString(getValue(props, 'StageName'));
        if (stage) add(`${id}${stage.replace(/[^A-Za-z0-9]/g, '')}Stage`, id, 'AWS::ApiGateway::Stage');
        break;
      }
      case 'AWS::Serverless::HttpApi':
        add(`${id}ApiGatewayDefaultStage`, id, 'AWS::ApiGatewayV2::Stage');
        break;
    }
  }
}

function addEventImplicit(r: ResourceEntry, add: (id: string, from: string, type: string, certain?: boolean) => void): void {
  const events = getValue(r.properties, 'Events');
  if (!events || events.kind !== 'map') return;
  for (const ev of events.pairs) {
    const type = scalarString(getValue(ev.value, 'Type'));
    const base = `${r.logicalId}${ev.key}`;
    switch (type) {
      case 'Api':
        if (!getPair(getValue(ev.value, 'Properties'), 'RestApiId')) {
          add('ServerlessRestApi', r.logicalId, 'AWS::ApiGateway::RestApi', false);
          add('ServerlessRestApiProdStage', r.logicalId, 'AWS::ApiGateway::Stage', false);
        }
        add(`${base}Permission`, r.logicalId, 'AWS::Lambda::Permission');
        add(`${base}PermissionProd`, r.logicalId, 'AWS::Lambda::Permission', false);
        break;
      case 'HttpApi':
        if (!getPair(getValue(ev.value, 'Properties'), 'ApiId')) {
          add('ServerlessHttpApi', r.logicalId, 'AWS::ApiGatewayV2::Api', false);
          add('ServerlessHttpApiApiGatewayDefaultStage', r.logicalId, 'AWS::ApiGatewayV2::Stage', false);
        }
        add(`${base}Permission`, r.logicalId, 'AWS::Lambda::Permission');
        break;
      case 'SQS':
      case 'Kinesis':
      case 'DynamoDB':
      case 'MSK':
      case 'MQ':
      case 'SelfManagedKafka':
      case 'DocumentDB':
        add(base, r.logicalId, 'AWS::Lambda::EventSourceMapping');
        break;
      case 'Schedule':
      case 'CloudWatchEvent':
      case 'EventBridgeRule':
        add(base, r.logicalId, 'AWS::Events::Rule');
        add(`${base}Permission`, r.logicalId, 'AWS::Lambda::Permission');
        break;
      case 'ScheduleV2':
        add(base, r.logicalId, 'AWS::Scheduler::Schedule');
        break;
      case 'SNS':
        add(base, r.logicalId, 'AWS::SNS::Subscription');
        add(`${base}Permission`, r.logicalId, 'AWS::Lambda::Permission');
        break;
      case 'S3':
      case 'AlexaSkill':
      case 'Cognito':
        add(`${base}Permission`, r.logicalId, 'AWS::Lambda::Permission');
        break;
      case 'CloudWatchLogs':
        add(base, r.logicalId, 'AWS::Logs::SubscriptionFilter');
        add(`${base}Permission`, r.logicalId, 'AWS::Lambda::Permission');
        break;
      case 'IoTRule':
        add(base, r.logicalId, 'AWS::IoT::TopicRule');
        add(`${base}Permission`, r.logicalId, 'AWS::Lambda::Permission');
        break;
    }
  }
}

/** The CloudFormation type whose attributes a SAM resource exposes through Fn::GetAtt. */
export const SAM_ATTRIBUTE_TYPE: Record<string, string> = {
  'AWS::Serverless::Function': 'AWS::Lambda::Function',
  'AWS::Serverless::Api': 'AWS::ApiGateway::RestApi',
  'AWS::Serverless::HttpApi': 'AWS::ApiGatewayV2::Api',
  'AWS::Serverless::WebSocketApi': 'AWS::ApiGatewayV2::Api',
  'AWS::Serverless::SimpleTable': 'AWS::DynamoDB::Table',
  'AWS::Serverless::StateMachine': 'AWS::StepFunctions::StateMachine',
  'AWS::Serverless::LayerVersion': 'AWS::Lambda::LayerVersion',
  'AWS::Serverless::GraphQLApi': 'AWS::AppSync::GraphQLApi',
};

/** Every name a `Ref` may target in this template. */
export function refTargets(t: Template): string[] {
  return [...t.parameters.keys(), ...t.resourceById.keys(), ...t.implicit.keys(), ...PSEUDO_PARAMETERS];
}
