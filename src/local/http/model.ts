// The local HTTP front door's model of a template: the APIs, their routes and the functions behind
// them, resolved from a SAM/CloudFormation template (implicit and explicit SAM APIs, OpenAPI bodies,
// CloudFormation API Gateway resources, nested stacks, CDK output). model/ builds it; server.ts serves it.

export type ApiType = 'REST' | 'HTTP';

export interface CorsConfig {
  allowOrigins: string[]; // '*' allowed
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAge?: number;
  allowCredentials: boolean;
}

/** A Lambda authorizer as API Gateway runs it. */
export interface AuthorizerDef {
  name: string;
  /** REST: TOKEN or REQUEST; HTTP APIs: REQUEST. */
  type: 'TOKEN' | 'REQUEST';
  functionId: string; // logical id of the authorizer function
  /** As API Gateway writes them: 'method.request.header.Authorization' (REST), '$request.header.Authorization' (HTTP). */
  identitySources: string[];
  validationExpression?: string; // TOKEN only
  /** HTTP APIs: the payload the authorizer receives (1.0 or 2.0). */
  payloadFormatVersion?: '1.0' | '2.0';
  enableSimpleResponses?: boolean; // HTTP APIs, payload 2.0
  ttlSeconds?: number;
}

export interface RouteDef {
  apiId: string;
  method: string; // upper case, or ANY
  path: string; // /pets/{id}, /{proxy+}, or $default (HTTP APIs)
  functionId: string; // logical id of the function
  /** REST APIs are always 1.0; HTTP APIs default to 2.0. */
  payloadFormatVersion: '1.0' | '2.0';
  /** Authorizer name of this route's API, or undefined/NONE for an open route. */
  authorizer?: string;
  /**
   * Set when the route exists but its function cannot run locally, as `sam local start-api` serves it:
   * the answer is this status with `{"message": message}` (502 "No function defined for resource method"
   * when the integration names no function of the template; 501 for inline code). functionId is then
   * the best name known and may be absent from ApiModel.functions.
   */
  unavailable?: { status: number; message: string };
}

export interface ApiDef {
  id: string; // logical id (ServerlessRestApi / ServerlessHttpApi for implicit APIs)
  type: ApiType;
  stageName: string; // REST: 'Prod' by default as SAM; HTTP: '$default'
  stageVariables: Record<string, string>;
  /** Unescaped media types ('image/png', '*\/*'); SAM writes '~1' for '/'. */
  binaryMediaTypes: string[];
  cors?: CorsConfig;
  authorizers: Record<string, AuthorizerDef>;
  defaultAuthorizer?: string;
  routes: RouteDef[];
}

export interface FunctionUrlDef {
  authType: 'NONE' | 'AWS_IAM';
  invokeMode: 'BUFFERED' | 'RESPONSE_STREAM';
  cors?: CorsConfig;
}

/** A template function, resolved enough to run (paths absolute, intrinsics resolved or warned about). */
export interface FunctionDef {
  logicalId: string;
  runtime: string;
  handler: string;
  codeDir: string; // absolute: CodeUri, or the template's folder when left out
  layerDirs: string[]; // absolute folders of local layers (AWS::Serverless::LayerVersion ContentUri)
  environment: Record<string, string>;
  memorySize: number; // default 128
  timeout: number; // default 3
  architectures: string[];
  logGroup: string;
  logFormat: 'Text' | 'JSON';
  url?: FunctionUrlDef;
}

export interface ModelWarning {
  file: string;
  line?: number; // 1-based
  message: string;
}

export interface ApiModel {
  templateFile: string; // absolute
  apis: ApiDef[];
  functions: Map<string, FunctionDef>;
  warnings: ModelWarning[];
  /** Every file read to build the model (the template, nested templates, OpenAPI files): watched for reloads. */
  files: string[];
}

/** A template that cannot be served: the file, the line and what is wrong. */
export class TemplateLoadError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${reason}`);
    this.name = 'TemplateLoadError';
  }
}

export interface LoadOptions {
  parameterOverrides?: Record<string, string>;
  region: string;
  accountId: string;
  /** `sam local --env-vars` file content: { LogicalId: { VAR: value }, Parameters: { VAR: value } }. */
  envVars?: Record<string, Record<string, string>>;
}

/** How the front door runs a function: the CLI through its own executor, the local service through its functions. */
export interface ApiInvoker {
  /**
   * Runs one synchronous invocation of the template function and resolves with its payload, or
   * with functionError set when the function failed. onChunk (RESPONSE_STREAM function URLs) receives
   * the response as the handler writes it; the resolved payload is then empty.
   */
  invoke(
    functionId: string,
    payload: Buffer,
    opts?: { onChunk?: (chunk: Buffer) => void },
  ): Promise<{ payload: Buffer; functionError?: 'Unhandled' | 'Handled'; requestId: string }>;
}
