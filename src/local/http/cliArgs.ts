// Flags of `lambda-workbench-local start-api`: the names and forms of `sam local start-api`
// (START_API_FLAGS), so scripts carry over.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { START_API_FLAGS } from '../../contract/localApi';
import { DEFAULT_LOCAL_REGION } from '../../contract/localService';

export interface StartApiOptions {
  templatePath: string;
  port: number;
  host: string;
  parameterOverrides: Record<string, string>;
  envVarsFile?: string;
  disableAuthorizer: boolean;
  dataDir: string;
  region: string;
  /** SAM flags given that mean nothing without Docker (said once at start). */
  ignored: string[];
}

export const START_API_USAGE = `Usage: lambda-workbench-local start-api [options]
Serves the template's APIs (REST and HTTP, implicit and explicit, OpenAPI, CloudFormation) locally,
without Docker, as \`sam local start-api\` does. Prints one JSON line (endpoint, routes) once listening;
logs one line per request on stderr. Template edits are picked up without a restart.

Options:
  -t, --template PATH             SAM/CloudFormation template (default: template.yaml or template.yml here)
  -p, --port N                    port to listen on (default 3000; 0 picks a free one)
      --host HOST                 loopback address to bind (default 127.0.0.1; never a network interface)
      --parameter-overrides TEXT  "ParameterKey=K,ParameterValue=V ..." or "K=V ..."
  -n, --env-vars PATH             JSON file of environment overrides: { "LogicalId": { "VAR": "v" }, "Parameters": { ... } }
      --disable-authorizer        do not run the Lambda authorizers
      --data-dir DIR              where function logs and scratch folders live (default: a folder under the temp dir)
      --region REGION             region of the ARNs and events (default: AWS_REGION, AWS_DEFAULT_REGION or ${DEFAULT_LOCAL_REGION})
      --warm-containers EAGER|LAZY  accepted for compatibility: environments are always kept warm
  -h, --help                      show this help
Docker-related sam flags (--skip-pull-image, --docker-network, --container-host, --invoke-image, ...),
--debug, --debug-port, --static-dir, --profile, --config-file and --log-file are accepted and ignored:
functions run without Docker (debug a function from the extension's "Debug locally").`;

/**
 * `sam local start-api` flags about Docker, images and SAM's own configuration: accepted so scripts
 * carry over, and said to be ignored (true: the flag takes a value).
 */
export const IGNORED_SAM_FLAGS: Record<string, boolean> = {
  '--skip-pull-image': false,
  '--docker-network': true,
  '--docker-volume-basedir': true,
  '-v': true,
  '--container-host': true,
  '--container-host-interface': true,
  '--add-host': true,
  '--invoke-image': true,
  '--force-image-build': false,
  '--shutdown': false,
  '--layer-cache-basedir': true,
  '--container-env-vars': true,
  '--debug': false,
  '--profile': true,
  '--config-file': true,
  '--config-env': true,
  '--beta-features': false,
  '--no-beta-features': false,
  '--save-params': false,
  '--log-file': true,
  '-l': true,
  '--static-dir': true,
  '-s': true,
  '--debug-port': true,
  '-d': true,
  '--debugger-path': true,
  '--debug-args': true,
  '--debug-function': true,
};

/** Thrown for --help: the caller prints START_API_USAGE on stdout and exits 0. */
export class StartApiHelp extends Error {
  constructor() {
    super(START_API_USAGE);
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Splits on spaces outside quotes, dropping the quotes. */
function tokens(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let any = false;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      any = true;
    } else if (/\s/.test(ch)) {
      if (cur || any) out.push(cur);
      cur = '';
      any = false;
    } else cur += ch;
  }
  if (quote) throw new Error(`--parameter-overrides: unclosed ${quote} in ${JSON.stringify(text)}.`);
  if (cur || any) out.push(cur);
  return out;
}

/** Both SAM forms: 'ParameterKey=K,ParameterValue=V' and 'K=V', separated by spaces. */
export function parseParameterOverrides(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tok of tokens(text)) {
    const long = /^ParameterKey=([^,]+),ParameterValue=(.*)$/s.exec(tok);
    if (long) {
      out[long[1]!] = long[2]!;
      continue;
    }
    const eq = tok.indexOf('=');
    if (eq <= 0) {
      throw new Error(`--parameter-overrides: '${tok}' is neither ParameterKey=K,ParameterValue=V nor K=V.`);
    }
    out[tok.slice(0, eq)] = tok.slice(eq + 1);
  }
  return out;
}

export function parseStartApiArgs(argv: string[], cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): StartApiOptions {
  let template: string | undefined;
  let port = 3000;
  let host = '127.0.0.1';
  const overrides: Record<string, string> = {};
  let envVarsFile: string | undefined;
  let disableAuthorizer = false;
  let dataDir: string | undefined;
  let region: string | undefined;
  const ignored: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    let flag = argv[i]!;
    let inline: string | undefined;
    const eq = flag.startsWith('--') ? flag.indexOf('=') : -1;
    if (eq > 0) {
      inline = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    }
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[i + 1];
      if (v === undefined || (v.startsWith('-') && v.length > 1 && !/^-\d/.test(v)))
        throw new Error(`${flag} needs a value.\nRun with --help for the options.`);
      i++;
      return v;
    };
    switch (flag) {
      case '-t':
      case START_API_FLAGS.template:
        template = resolve(cwd, value());
        break;
      case '-p':
      case START_API_FLAGS.port: {
        const raw = value();
        const n = Number(raw);
        if (!/^\d+$/.test(raw) || n > 65535) throw new Error(`--port must be an integer from 0 to 65535 (got ${raw}).`);
        port = n;
        break;
      }
      case START_API_FLAGS.host:
        host = value();
        if (!LOOPBACK.has(host)) {
          throw new Error(`--host ${host} is refused: the local API listens on loopback only (127.0.0.1, localhost or ::1), never on a network interface.`);
        }
        if (host === '[::1]') host = '::1';
        break;
      case START_API_FLAGS.parameterOverrides:
        Object.assign(overrides, parseParameterOverrides(value()));
        break;
      case '-n':
      case START_API_FLAGS.envVars:
        envVarsFile = resolve(cwd, value());
        break;
      case START_API_FLAGS.disableAuthorizer:
        disableAuthorizer = true;
        break;
      case START_API_FLAGS.dataDir:
        dataDir = resolve(cwd, value());
        break;
      case START_API_FLAGS.region:
        region = value();
        if (!/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/.test(region)) throw new Error(`--region '${region}' is not a region name like us-east-1.`);
        break;
      case START_API_FLAGS.warmContainers: {
        const mode = value();
        if (!/^(EAGER|LAZY)$/i.test(mode)) throw new Error(`--warm-containers must be EAGER or LAZY (got ${mode}).`);
        break;
      }
      case '-h':
      case START_API_FLAGS.help:
        throw new StartApiHelp();
      default:
        if (flag in IGNORED_SAM_FLAGS) {
          if (IGNORED_SAM_FLAGS[flag]) value();
          ignored.push(flag);
          break;
        }
        throw new Error(`Unknown option ${flag} for start-api.\nRun with --help for the options.`);
    }
  }
  if (!template) {
    const found = ['template.yaml', 'template.yml'].map((n) => join(cwd, n)).find((p) => existsSync(p));
    if (!found) throw new Error(`No template: pass -t/--template PATH, or run where template.yaml or template.yml is (${cwd}).`);
    template = found;
  }
  return {
    templatePath: template,
    port,
    host,
    parameterOverrides: overrides,
    ...(envVarsFile ? { envVarsFile } : {}),
    disableAuthorizer,
    dataDir: dataDir ?? join(tmpdir(), 'lambda-workbench-start-api'),
    region: region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? DEFAULT_LOCAL_REGION,
    ignored,
  };
}
