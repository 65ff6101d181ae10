// A template's function URLs (FunctionUrlConfig), served as `sam local start-function-urls` does: one
// loopback port each, consecutive from a base port (0: free ports), answering only loopback Host names.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_LOCAL_REGION, LOCAL_ACCOUNT_ID } from '../../contract/localService';
import type { LocalFunctionUrl } from '../../contract/localApi';
import { isLoopbackHost, type Keys } from '../security';
import { serveFunctionUrl } from './functionUrl';
import type { ApiInvoker, ApiModel } from './model';

export interface FunctionUrlServerOptions {
  host: string;
  /** The first URL's port; the next ones follow it. 0: each takes a free port. */
  basePort: number;
  /** The keys AWS_IAM URLs check SigV4 signatures against (the local service's); without them AWS_IAM URLs refuse every request. */
  keys?: Keys;
  region?: string;
  accountId?: string;
  log: (line: string) => void;
}

export interface FunctionUrlServers {
  urls: LocalFunctionUrl[];
  close(): Promise<void>;
}

/** A function URL id as Lambda shapes them (32 lower-case letters and digits), stable for a template's function. */
export function urlIdFor(seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 32; i++) out += alphabet[digest[i]! % alphabet.length];
  return out;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startFunctionUrlServers(model: ApiModel, invoker: ApiInvoker, o: FunctionUrlServerOptions): Promise<FunctionUrlServers> {
  const region = o.region ?? DEFAULT_LOCAL_REGION;
  const accountId = o.accountId ?? LOCAL_ACCOUNT_ID;
  const servers: Server[] = [];
  const urls: LocalFunctionUrl[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((r) => {
            s.close(() => r());
            s.closeAllConnections();
          }),
      ),
    );
  };
  let next = o.basePort;
  for (const fn of model.functions.values()) {
    if (!fn.url) continue;
    const target = {
      functionId: fn.logicalId,
      urlId: urlIdFor(`${model.templateFile}#${fn.logicalId}`),
      region,
      accountId,
      authType: fn.url.authType,
      invokeMode: fn.url.invokeMode,
      ...(fn.url.cors ? { cors: fn.url.cors } : {}),
      ...(o.keys ? { keys: o.keys } : {}),
    };
    const server = createServer((req, res) => {
      // DNS-rebinding defence: a page that rebinds its own name to 127.0.0.1 sends that name as Host.
      if (!isLoopbackHost(req.headers.host)) {
        req.resume();
        res.writeHead(403, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            Message: `Host header '${req.headers.host ?? ''}' is not a loopback address: the local function URL only answers 127.0.0.1, localhost or [::1].`,
          }),
        );
        return;
      }
      void serveFunctionUrl(req, res, target, invoker, o.log);
    });
    server.keepAliveTimeout = 30_000;
    servers.push(server);
    let port: number;
    try {
      port = await listen(server, next, o.host);
    } catch (e) {
      servers.pop();
      await close();
      const code = (e as NodeJS.ErrnoException).code;
      throw new Error(
        code === 'EADDRINUSE'
          ? `Port ${next} for ${fn.logicalId}'s function URL is in use: choose another base port (function URLs take consecutive ports).`
          : `Could not serve ${fn.logicalId}'s function URL on ${o.host}:${next}: ${(e as Error).message}`,
      );
    }
    if (o.basePort !== 0) next = port + 1;
    const hostPart = o.host.includes(':') ? `[${o.host}]` : o.host;
    urls.push({ function: fn.logicalId, url: `http://${hostPart}:${port}/`, authType: fn.url.authType, invokeMode: fn.url.invokeMode });
  }
  return { urls, close };
}
