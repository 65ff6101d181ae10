// The Local API control operations' routes (see LOCAL_API_PATH): the front registers one
// LocalApiControl per service context, and these handlers answer with it.
import type { LocalApiControl } from '../http/control';
import { ServiceError } from '../seams';
import type { LambdaContext } from './context';
import { jsonBody, type Reply, type Req } from './types';

const controls = new WeakMap<LambdaContext, LocalApiControl>();

export function registerLocalApis(ctx: LambdaContext, control: LocalApiControl): void {
  controls.set(ctx, control);
}

function controlOf(ctx: LambdaContext): LocalApiControl {
  const c = controls.get(ctx);
  if (!c) throw new ServiceError(400, 'UnknownOperationException', 'Local APIs are not available in this build of the local service.');
  return c;
}

export async function startLocalApi(ctx: LambdaContext, req: Req): Promise<Reply> {
  const control = controlOf(ctx);
  return { status: 201, body: await control.start(jsonBody(req)) };
}

export function listLocalApis(ctx: LambdaContext): Reply {
  return { status: 200, body: { LocalApis: controlOf(ctx).list() } };
}

export async function stopLocalApi(ctx: LambdaContext, req: Req): Promise<Reply> {
  await controlOf(ctx).stop(req.params['Id']!);
  return { status: 204 };
}
