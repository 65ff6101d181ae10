// What `node dist/local.js start-api` and the local service's Local API control operations promise
// their clients (the extension, scripts, tests): the flags, the one JSON line printed once listening,
// and the control paths. The implementation is src/local/http/.

/** Flags of `lambda-workbench-local start-api`: the same names as `sam local start-api`. */
export const START_API_FLAGS = {
  template: '--template', // also -t
  port: '--port', // also -p (default 3000)
  host: '--host', // loopback only (default 127.0.0.1)
  parameterOverrides: '--parameter-overrides', // "ParameterKey=K,ParameterValue=V ..." or "K=V ..."
  disableAuthorizer: '--disable-authorizer',
  dataDir: '--data-dir', // where logs, metrics and environments' scratch live
  region: '--region',
  envVars: '--env-vars', // sam local's JSON file of per-function environment overrides
  warmContainers: '--warm-containers', // accepted for script compatibility (environments are always reused)
  help: '--help',
} as const;

/** A route as served: one line per method and path of one API. */
export interface LocalApiRoute {
  method: string; // GET, POST, …, or ANY
  path: string; // as API Gateway writes it: /pets/{id}, /{proxy+}, or $default
  api: string; // logical id of the API (ServerlessRestApi / ServerlessHttpApi for implicit ones)
  type: 'REST' | 'HTTP';
  function: string; // logical id of the function behind it
}

/** A function URL served locally (a template's FunctionUrlConfig). */
export interface LocalFunctionUrl {
  function: string; // logical id
  url: string; // e.g. http://127.0.0.1:3001/
  authType: 'NONE' | 'AWS_IAM';
  invokeMode: 'BUFFERED' | 'RESPONSE_STREAM';
}

/** The one JSON line start-api prints on stdout once it listens (and what the control API answers). */
export interface LocalApiInfo {
  /** Id of this served template (the control API's handle); the template path's hash. */
  id: string;
  endpoint: string; // http://127.0.0.1:3000
  template: string; // absolute path
  routes: LocalApiRoute[];
  functionUrls: LocalFunctionUrl[];
  /** What could not be resolved or is not served, said once at start (and after each reload). */
  warnings: string[];
  pid: number;
}

/**
 * Local-only control operations of the local service (signed like every request), so that the
 * extension serves a template's APIs from the service it already runs: the same executor, warm
 * environments and log groups as Invoke, so request logs reach the log tail panel.
 *   POST   LOCAL_API_PATH           body StartLocalApiInput → 201 LocalApiInfo
 *   GET    LOCAL_API_PATH           → 200 { LocalApis: LocalApiInfo[] }
 *   DELETE LOCAL_API_PATH/{id}      → 204 (the port is freed when it answers)
 */
export const LOCAL_API_PATH = '/2015-03-31/lambda-workbench/local-apis';

export interface StartLocalApiInput {
  template: string; // absolute path
  port?: number; // 0 or absent: a free port
  parameterOverrides?: Record<string, string>;
  disableAuthorizer?: boolean;
  /** Template logical id → name of the local service's function to invoke (created by Invoke locally's plan). */
  functionNames: Record<string, string>;
}
