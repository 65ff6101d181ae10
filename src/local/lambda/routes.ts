// The Lambda REST API's route table: method + path template (as the SDK's serializers build them) → handler.
import type { LambdaContext } from './context';
import * as fns from './functions';
import { invoke, invokeAsync } from './invoke';
import type { Reply, Req } from './types';

type Handler = (ctx: LambdaContext, req: Req) => Reply | Promise<Reply>;

interface Route {
  method: string;
  re: RegExp;
  names: string[];
  handler: Handler;
  op: string;
}

const routes: Route[] = [];

/** Registers `METHOD /2015-03-31/functions/{FunctionName}/...` for an operation. */
export function route(method: string, template: string, op: string, handler: Handler): void {
  const names: string[] = [];
  const re = new RegExp(
    '^' +
      template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, n: string) => {
        names.push(n);
        return '([^/]+)';
      }) +
      '$',
  );
  routes.push({ method, re, names, handler, op });
}

export interface Match {
  op: string;
  handler: Handler;
  params: Record<string, string>;
}

/** `rawPath` is still percent-encoded: labels are decoded after matching so an encoded '/' stays inside its label. */
export function match(method: string, rawPath: string): Match | undefined {
  for (const r of routes) {
    if (r.method !== method) continue;
    const m = r.re.exec(rawPath);
    if (!m) continue;
    const params: Record<string, string> = {};
    r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1]!)));
    return { op: r.op, handler: r.handler, params };
  }
  return undefined;
}

/** True when some route has this path (for 405-style answers on a wrong method). */
export function knownPath(rawPath: string): boolean {
  return routes.some((r) => r.re.test(rawPath));
}

route('POST', '/2015-03-31/functions', 'CreateFunction', fns.createFunction);
route('GET', '/2015-03-31/functions', 'ListFunctions', fns.listFunctions);
route('GET', '/2015-03-31/functions/{FunctionName}', 'GetFunction', fns.getFunction);
route('DELETE', '/2015-03-31/functions/{FunctionName}', 'DeleteFunction', fns.deleteFunction);
route('GET', '/2015-03-31/functions/{FunctionName}/configuration', 'GetFunctionConfiguration', fns.getFunctionConfiguration);
route('PUT', '/2015-03-31/functions/{FunctionName}/configuration', 'UpdateFunctionConfiguration', fns.updateFunctionConfiguration);
route('PUT', '/2015-03-31/functions/{FunctionName}/code', 'UpdateFunctionCode', fns.updateFunctionCode);
route('POST', '/2015-03-31/functions/{FunctionName}/invocations', 'Invoke', invoke);
route('POST', '/2014-11-13/functions/{FunctionName}/invoke-async', 'InvokeAsync', invokeAsync);
