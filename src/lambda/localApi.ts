// The client of the local service's Local API control operations (src/contract/localApi.ts): start a
// template's APIs on the service the extension already runs, list them, stop one. Requests are signed
// with SigV4 (@smithy/signature-v4, the SDK's signer) with the local connection's own keys, sent over
// node:http, and AWS-shaped errors come back as messages that say what to do. startLocalApi() first
// makes every template function exist on the local service from source (Invoke locally's plan), so
// the routes have functions to run. Pure: no vscode import.
import * as http from 'node:http';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { LOCAL_API_PATH, type LocalApiInfo, type StartLocalApiInput } from '../contract/localApi';
import { WorkbenchError } from '../core/errors';
import { samFunctions } from '../sam/samFunctions';
import { ValidationError } from './errors';
import { ensureLocalFunction, planLocalFunction, type EnsureResult, type PlanOptions } from './localTemplate';
import { parseTemplate } from './template';

export interface LocalEndpoint {
  /** http://127.0.0.1:PORT of the local service. */
  endpoint: string;
  region: string;
  /** The local service's signing keys: used to sign, never put in a message. */
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/** The control API answered with an error: its AWS error type, HTTP status and message. */
export class LocalApiError extends Error {
  constructor(
    message: string,
    readonly errorType: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'LocalApiError';
  }
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const TIMEOUT_MS = 60_000;

export class LocalApiClient {
  private readonly url: URL;
  private readonly signer: SignatureV4;

  constructor(private readonly local: LocalEndpoint) {
    this.url = new URL(local.endpoint);
    this.signer = new SignatureV4({ credentials: local.credentials, region: local.region, service: 'lambda', sha256: Sha256 });
  }

  /** Serves a template's APIs: 201 with the endpoint and routes. */
  async start(input: StartLocalApiInput, signal?: AbortSignal): Promise<LocalApiInfo> {
    const r = await this.send('POST', LOCAL_API_PATH, JSON.stringify(input), signal);
    if (r.status !== 201 && r.status !== 200) throw this.error(r, `start the local API for ${path.basename(input.template)}`);
    return parseInfo(r.body);
  }

  /** The APIs the local service serves now. */
  async list(signal?: AbortSignal): Promise<LocalApiInfo[]> {
    const r = await this.send('GET', LOCAL_API_PATH, undefined, signal);
    if (r.status !== 200) throw this.error(r, 'list the local APIs');
    const parsed = safeJson(r.body) as { LocalApis?: unknown } | undefined;
    if (!parsed || !Array.isArray(parsed.LocalApis))
      throw new LocalApiError('The local service answered the list of local APIs with something else than { LocalApis: [...] }.', 'InvalidResponse', r.status);
    return parsed.LocalApis.map((a) => parseInfo(JSON.stringify(a)));
  }

  /** Stops an API; the local service answers once its port is closed. A gone API counts as stopped. */
  async stop(id: string, signal?: AbortSignal): Promise<void> {
    const r = await this.send('DELETE', `${LOCAL_API_PATH}/${encodeURIComponent(id)}`, undefined, signal);
    if (r.status === 204 || r.status === 200 || r.status === 404) return;
    throw this.error(r, 'stop the local API');
  }

  private async send(method: string, pathname: string, body: string | undefined, signal?: AbortSignal): Promise<RawResponse> {
    const port = this.url.port ? Number(this.url.port) : 80;
    const headers: Record<string, string> = { host: this.url.host };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const unsigned = new HttpRequest({ method, protocol: this.url.protocol, hostname: this.url.hostname, port, path: pathname, headers, body });
    const signed = await this.signer.sign(unsigned);
    return new Promise<RawResponse>((resolve, reject) => {
      const req = http.request(
        { method, host: this.url.hostname, port, path: pathname, headers: signed.headers as Record<string, string>, signal, timeout: TIMEOUT_MS, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () =>
        req.destroy(Object.assign(new Error(`The local service did not answer ${method} ${pathname} within ${TIMEOUT_MS / 1000} s.`), { code: 'ETIMEDOUT' })),
      );
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (err.name === 'AbortError') return reject(err);
        if (err.code === 'ECONNREFUSED' || err.code === 'ECONNRESET')
          return reject(
            new WorkbenchError(
              'LocalServiceFailed',
              `The local service at ${this.local.endpoint} is not answering (${err.code}).`,
              'Restart the local service, then try again.',
            ),
          );
        reject(err);
      });
      req.end(body);
    });
  }

  /** An AWS-shaped error answer (x-amzn-ErrorType + { message }) as a message naming what failed. */
  private error(r: RawResponse, what: string): LocalApiError {
    const parsed = safeJson(r.body) as { message?: unknown; Message?: unknown; __type?: unknown; Type?: unknown } | undefined;
    const header = r.headers['x-amzn-errortype'];
    const typeText = (Array.isArray(header) ? header[0] : header) ?? (typeof parsed?.__type === 'string' ? parsed.__type : '');
    const type = typeText.split(':')[0].split('#').pop() || `HTTP ${r.status}`;
    const message = typeof parsed?.message === 'string' ? parsed.message : typeof parsed?.Message === 'string' ? parsed.Message : r.body.trim().slice(0, 300);
    let hint = '';
    if (r.status === 404 && (type === 'UnknownOperationException' || !message || /not found|unknown/i.test(message)) && !/\/local-apis\/./.test(what))
      hint = ' The local service does not know the Local API operations: restart it with this version of the extension.';
    if (type === 'InvalidSignatureException' || type === 'UnrecognizedClientException')
      hint = ' The local service did not accept the signing keys: restart the local service.';
    return new LocalApiError(`Could not ${what}: ${message || 'no message'} (${type}).${hint}`, type, r.status);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The control API's LocalApiInfo, checked for the fields the extension reads. */
export function parseInfo(text: string): LocalApiInfo {
  const v = safeJson(text) as Partial<LocalApiInfo> | undefined;
  if (!v || typeof v !== 'object' || typeof v.id !== 'string' || typeof v.endpoint !== 'string' || !Array.isArray(v.routes))
    throw new LocalApiError('The local service answered with something else than a local API description (id, endpoint, routes).', 'InvalidResponse', 200);
  return {
    id: v.id,
    endpoint: v.endpoint,
    template: typeof v.template === 'string' ? v.template : '',
    routes: v.routes.filter(
      (r) => !!r && typeof r.method === 'string' && typeof r.path === 'string' && typeof r.function === 'string' && typeof r.api === 'string',
    ),
    functionUrls: Array.isArray(v.functionUrls) ? v.functionUrls : [],
    warnings: Array.isArray(v.warnings) ? v.warnings.filter((w): w is string => typeof w === 'string') : [],
    pid: typeof v.pid === 'number' ? v.pid : 0,
  };
}

export interface StartOptions extends PlanOptions {
  port?: number;
  parameterOverrides?: Record<string, string>;
  disableAuthorizer?: boolean;
  signal?: AbortSignal;
  /** Told as each function is made ready (progress). */
  onFunction?: (logicalId: string, done: number, total: number) => void;
}

export interface StartedLocalApi {
  info: LocalApiInfo;
  /** Template logical id → local service function name. */
  functionNames: Record<string, string>;
  ensured: EnsureResult[];
  /** Functions that could not be prepared (their routes will fail), said once. */
  warnings: string[];
  /** The template was already served: this is that API (its port may differ from the one asked). */
  adopted: boolean;
}

/**
 * Serves a template's APIs from the local service: each zip function of the template is created or
 * updated there from its source folder (Invoke locally's plan), then the control API is asked to serve
 * the template's routes on those functions.
 */
export async function startLocalApi(lambda: LambdaClient, api: LocalApiClient, templatePath: string, options: StartOptions = {}): Promise<StartedLocalApi> {
  const abs = path.resolve(templatePath);
  const text = await fs.readFile(abs, 'utf8').catch(() => {
    throw new ValidationError(`Cannot read the template ${abs}.`);
  });
  const functions = samFunctions(parseTemplate(text, path.basename(abs)));
  if (functions.length === 0) throw new ValidationError(`${path.basename(abs)} has no function, so it has no API to serve.`);
  const functionNames: Record<string, string> = {};
  const ensured: EnsureResult[] = [];
  const warnings: string[] = [];
  let done = 0;
  await Promise.all(
    functions.map(async (fn) => {
      try {
        const plan = await planLocalFunction(abs, fn.logicalId, options);
        ensured.push(await ensureLocalFunction(lambda, plan, { signal: options.signal }));
        functionNames[fn.logicalId] = plan.functionName;
      } catch (err) {
        if (options.signal?.aborted) throw err;
        warnings.push(`${fn.logicalId} cannot run locally: ${(err as Error).message}`);
      } finally {
        options.onFunction?.(fn.logicalId, ++done, functions.length);
      }
    }),
  );
  const input = {
    template: abs,
    port: options.port,
    parameterOverrides: options.parameterOverrides,
    disableAuthorizer: options.disableAuthorizer,
    functionNames,
  };
  try {
    return { info: await api.start(input, options.signal), functionNames, ensured, warnings, adopted: false };
  } catch (err) {
    // Already served (started before a reload of this window, or by a script): that API is taken as it is.
    if (!(err instanceof LocalApiError) || err.errorType !== 'ResourceConflictException') throw err;
    const existing = (await api.list(options.signal)).find((a) => a.template === abs);
    if (!existing) throw err;
    return { info: existing, functionNames, ensured, warnings, adopted: true };
  }
}
