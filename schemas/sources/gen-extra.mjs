// Authoring helper for sam-extra.json: the SAM additions are written compactly here and expanded
// into the data file (run: node schemas/sources/gen-extra.mjs). Names come from the AWS SAM developer
// guide (resource and event source property pages).
import { writeFileSync } from 'node:fs';
const J = { t: 'j' }, S = { t: 's' }, B = { t: 'b' }, I = { t: 'i' }, A = { t: { a: 'j' } }, M = { t: { m: 'j' } };
const props = (spec) => Object.fromEntries(spec.split(/\s+/).filter(Boolean).map((tok) => {
  const [name, kind = 'j'] = tok.split(':');
  const req = name.endsWith('!');
  const n = req ? name.slice(0, -1) : name;
  const t = { s: S, b: B, i: I, a: A, m: M, j: J }[kind.replace('!', '')] ?? J;
  return [n, req ? { ...t, q: 1 } : { ...t }];
}));
const pull = 'BatchSize:i Enabled:b FilterCriteria:m MaximumBatchingWindowInSeconds:i KmsKeyArn:s MetricsConfig:m';
const stream = `${pull} StartingPosition:s StartingPositionTimestamp BisectBatchOnFunctionError:b DestinationConfig:m MaximumRecordAgeInSeconds:i MaximumRetryAttempts:i ParallelizationFactor:i TumblingWindowInSeconds:i FunctionResponseTypes:a`;
const rule = 'Pattern:m EventBusName Input:s InputPath:s RuleName:s State:s Target:m DeadLetterConfig:m RetryPolicy:m InputTransformer:m';
const kafka = `${pull} StartingPosition:s StartingPositionTimestamp Topics!:a ConsumerGroupId:s SourceAccessConfigurations:a DestinationConfig:m ProvisionedPollerConfig:m SchemaRegistryConfig:m BisectBatchOnFunctionError:b MaximumRecordAgeInSeconds:i MaximumRetryAttempts:i FunctionResponseTypes:a LoggingConfig:m`;
const events = {
  S3: props('Bucket! Events! Filter:m'),
  SNS: props('Topic! Region FilterPolicy:m FilterPolicyScope:s SqsSubscription RedrivePolicy:m'),
  Kinesis: props(`Stream! ${stream.replace('StartingPosition:s', 'StartingPosition!:s')}`),
  DynamoDB: props(`Stream! ${stream.replace('StartingPosition:s', 'StartingPosition!:s')}`),
  SQS: props(`Queue! ${pull} FunctionResponseTypes:a ScalingConfig:m`),
  Api: props('Path!:s Method!:s RestApiId Auth:m RequestModel:m RequestParameters:a TimeoutInMillis UnescapeMappingTemplate:b ResponseTransferMode'),
  HttpApi: props('ApiId Path:s Method:s Auth:m PayloadFormatVersion:s RouteSettings:m TimeoutInMillis'),
  Schedule: props('Schedule! Name:s Description:s Enabled:b State:s Input:s DeadLetterConfig:m RetryPolicy:m Target:m RoleArn'),
  ScheduleV2: props('ScheduleExpression Name Description State StartDate EndDate ScheduleExpressionTimezone FlexibleTimeWindow:m GroupName KmsKeyArn Input RoleArn PermissionsBoundary DeadLetterConfig:m RetryPolicy:m OmitName:b'),
  CloudWatchEvent: props(rule),
  EventBridgeRule: props(rule),
  CloudWatchLogs: props('LogGroupName! FilterPattern!'),
  IoTRule: props('Sql! AwsIotSqlVersion'),
  AlexaSkill: props('SkillId'),
  Cognito: props('UserPool! Trigger!'),
  MSK: props(`Stream! ${kafka}`),
  SelfManagedKafka: props(`KafkaBootstrapServers:a ${kafka}`),
  MQ: props(`Broker! Queues!:a SourceAccessConfigurations!:a SecretsManagerKmsKeyId:s DynamicPolicyName:b ${pull}`),
  DocumentDB: props(`Cluster! DatabaseName! SourceAccessConfigurations!:a CollectionName FullDocument StartingPosition StartingPositionTimestamp SecretsManagerKmsKeyId:s ${pull}`),
};
const fnExtra = 'AutoPublishCodeSha256:s Role:s SnapStart:m RuntimeManagementConfig:m LoggingConfig:m RecursiveLoop:s SourceKMSKeyArn PropagateTags:b FunctionScalingConfig:m CapacityProviderConfig:m VersionDeletionPolicy DurableConfig:m TenancyConfig:m Policies Events:m ImageConfig:m Environment:m';
const resources = {
  'AWS::Serverless::Function': { properties: props(fnExtra), attributes: ['Arn'] },
  'AWS::Serverless::Api': { properties: props('DefinitionBody:m Models:m Policy:m MergeDefinitions:b ApiKeySourceType:s PropagateTags:b FailOnWarnings:b Mode:s DisableExecuteApiEndpoint OpenApiVersion:s AlwaysDeploy:b SecurityPolicy EndpointAccessMode'), attributes: ['RootResourceId'] },
  'AWS::Serverless::HttpApi': { properties: props('DefinitionBody:m Name PropagateTags:b CorsConfiguration StageName:s FailOnWarnings:b DefaultRouteSettings:m RouteSettings:m'), attributes: ['ApiEndpoint', 'ApiId'] },
  'AWS::Serverless::Application': { properties: props('NotificationARNs:a'), attributes: [] },
  'AWS::Serverless::SimpleTable': { properties: props('PointInTimeRecoverySpecification:m'), attributes: ['Arn', 'StreamArn'] },
  'AWS::Serverless::LayerVersion': { properties: props('LicenseInfo:s CompatibleArchitectures:a PublishLambdaVersion:b'), attributes: [] },
  'AWS::Serverless::StateMachine': { properties: props('Definition:m AutoPublishAlias:s DeploymentPreference:m RolePath:s UseAliasAsEventTarget:b PropagateTags:b Events:m'), attributes: ['Arn', 'Name'] },
  'AWS::Serverless::GraphQLApi': { doc: 'An AWS AppSync GraphQL API with its schema, data sources, resolvers and functions (SAM).', properties: props('Name:s Auth!:m SchemaInline:s SchemaUri:s Logging DataSources:m Functions:m Resolvers:m ApiKeys:m Cache:m DomainName:m XrayEnabled:b Tags:m Visibility:s OwnerContact:s IntrospectionConfig:s QueryDepthLimit:i ResolverCountLimit:i EnvironmentVariables:m ApiType:s MergedApiExecutionRoleArn'), attributes: ['ApiId', 'Arn', 'GraphQLUrl', 'GraphQLDns', 'RealtimeUrl', 'RealtimeDns'] },
  'AWS::Serverless::Connector': { doc: 'Grants permissions between two resources of the template (SAM connector).', properties: props('Source!:m Destination! Permissions!:a'), attributes: [] },
  'AWS::Serverless::CapacityProvider': { doc: 'A Lambda capacity provider that runs functions on managed EC2 capacity (SAM).', properties: props('CapacityProviderName:s VpcConfig!:m OperatorRole InstanceRequirements:m ScalingConfig:m KmsKeyArn Tags:m PropagateTags:b'), attributes: ['Arn'] },
  'AWS::Serverless::WebSocketApi': { doc: 'An API Gateway WebSocket API with its routes, stage and domain (SAM).', properties: props('Name:s Description:s RouteSelectionExpression!:s ApiKeySelectionExpression:s Routes!:m StageName:s StageVariables:m AccessLogSettings:m DefaultRouteSettings:m RouteSettings:m Domain:m Auth:m Tags:m PropagateTags:b DisableExecuteApiEndpoint:b DisableSchemaValidation:b IpAddressType:s ApiConfig:m'), attributes: ['ApiEndpoint', 'ApiId'] },
};
// The properties each Globals section accepts (SAM developer guide, "Globals section of the template").
const globals = {
  Function: 'Handler Runtime CodeUri DeadLetterQueue Description MemorySize Timeout VpcConfig Environment Tags Tracing KmsKeyArn Layers AutoPublishAlias DeploymentPreference PermissionsBoundary ReservedConcurrentExecutions ProvisionedConcurrencyConfig AssumeRolePolicyDocument EventInvokeConfig Architectures EphemeralStorage SnapStart RuntimeManagementConfig LoggingConfig RecursiveLoop SourceKMSKeyArn PropagateTags FunctionScalingConfig CapacityProviderConfig VersionDeletionPolicy DurableConfig TenancyConfig FunctionUrlConfig AutoPublishAliasAllProperties CodeSigningConfigArn FileSystemConfigs PackageType ImageConfig'.split(' '),
  Api: 'Auth Name DefinitionUri CacheClusterEnabled CacheClusterSize MergeDefinitions Variables EndpointConfiguration MethodSettings BinaryMediaTypes MinimumCompressionSize Cors GatewayResponses AccessLogSetting CanarySetting TracingEnabled OpenApiVersion Domain AlwaysDeploy PropagateTags SecurityPolicy EndpointAccessMode Tags'.split(' '),
  HttpApi: 'Auth AccessLogSettings StageVariables Tags RouteSettings DefaultRouteSettings Domain CorsConfiguration DefinitionUri FailOnWarnings PropagateTags'.split(' '),
  SimpleTable: 'SSESpecification PointInTimeRecoverySpecification'.split(' '),
  StateMachine: 'PropagateTags'.split(' '),
  LayerVersion: 'PublishLambdaVersion'.split(' '),
  CapacityProvider: 'VpcConfig OperatorRole InstanceRequirements ScalingConfig KmsKeyArn Tags PropagateTags'.split(' '),
  WebSocketApi: 'AccessLogSettings StageVariables Tags RouteSettings DefaultRouteSettings Domain DisableExecuteApiEndpoint DisableSchemaValidation IpAddressType PropagateTags ApiKeySelectionExpression RouteSelectionExpression StageName Auth'.split(' '),
};
writeFileSync(new URL('./sam-extra.json', import.meta.url), JSON.stringify({
  source: 'AWS SAM developer guide (docs.aws.amazon.com/serverless-application-model), property names and required flags',
  resources, events, globals,
}, null, 1) + '\n');
