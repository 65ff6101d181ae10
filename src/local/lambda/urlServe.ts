// Function URLs created with CreateFunctionUrlConfig, served by the local service itself on its own
// port, chosen by Host: http://<url-id>.lambda-url.<region>.localhost:<port>/. Names under .localhost
// are loopback (RFC 6761; curl and browsers resolve them without DNS) and no web page can own one, so
// the DNS-rebinding defence holds. Only these Host names reach here: they skip the API's Origin refusal
// (browsers call function URLs, with the URL's CORS) and its SigV4 check (NONE is open; AWS_IAM checks
// SigV4 for service 'lambda' itself). Every other request keeps the API's full admission.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FunctionUrlConfig } from '@aws-sdk/client-lambda';
import { corsFromApi, serveFunctionUrl } from '../http/functionUrl';
import { urlIdFor } from '../http/functionUrlServers';
import type { Keys } from '../security';
import type { FunctionRecord } from '../store';
import type { LambdaContext } from './context';
import { localInvoker } from './localInvoker';

const URL_HOST = /^([a-z0-9]{32})\.lambda-url\.([a-z0-9-]+)\.localhost\.?(?::\d{1,5})?$/i;

/** The URL id in a function-URL Host header, or undefined for any other Host. */
export function functionUrlHost(host: string | undefined): { urlId: string; region: string } | undefined {
  const m = host ? URL_HOST.exec(host) : null;
  return m ? { urlId: m[1]!.toLowerCase(), region: m[2]!.toLowerCase() } : undefined;
}

/** The id of a function's URL ('$LATEST' or an alias as key). */
export function localUrlId(functionName: string, key: string): string {
  return urlIdFor(`${functionName}:${key}`);
}

/** The URL the API reports: on the service's current port, so it follows the service across restarts. */
export function localFunctionUrl(ctx: LambdaContext, functionName: string, key: string): string {
  const port = /:(\d+)$/.exec(ctx.endpoint())?.[1];
  return `http://${localUrlId(functionName, key)}.lambda-url.${ctx.region}.localhost${port ? `:${port}` : ''}/`;
}

function findUrl(ctx: LambdaContext, urlId: string): { rec: FunctionRecord; key: string; config: FunctionUrlConfig } | undefined {
  for (const rec of ctx.store.functions.values()) {
    for (const [key, config] of Object.entries(rec.urlConfigs)) if (localUrlId(rec.name, key) === urlId) return { rec, key, config };
  }
  return undefined;
}

export function serveLocalFunctionUrl(ctx: LambdaContext, keys: Keys, req: IncomingMessage, res: ServerResponse, log: (line: string) => void): void {
  const host = functionUrlHost(req.headers.host);
  const found = host && host.region === ctx.region ? findUrl(ctx, host.urlId) : undefined;
  if (!found) {
    req.resume();
    const text = JSON.stringify({ Message: `No function URL answers at ${req.headers.host ?? ''}: it was deleted, or belongs to another region or service.` });
    res.writeHead(404, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  const { rec, key, config } = found;
  const cors = corsFromApi(config.Cors as Record<string, unknown> | undefined);
  void serveFunctionUrl(
    req,
    res,
    {
      functionId: key === '$LATEST' ? rec.name : `${rec.name}:${key}`,
      urlId: host!.urlId,
      region: ctx.region,
      accountId: ctx.accountId,
      authType: config.AuthType === 'AWS_IAM' ? 'AWS_IAM' : 'NONE',
      invokeMode: config.InvokeMode === 'RESPONSE_STREAM' ? 'RESPONSE_STREAM' : 'BUFFERED',
      ...(cors ? { cors } : {}),
      keys,
    },
    localInvoker(ctx),
    (line) => log(`function URL ${rec.name}: ${line}`),
  );
}
