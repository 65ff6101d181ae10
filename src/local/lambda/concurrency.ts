// Reserved concurrency (Put/Get/DeleteFunctionConcurrency) and GetAccountSettings: the one setting here
// that changes how invokes run (the executor refuses beyond it with 429).
import type { LambdaContext } from './context';
import { TOTAL_CODE_SIZE, totalCodeSize } from './functions';
import { invalidParam, validationError } from './names';
import { jsonBody, type Reply, type Req } from './types';

/** Lambda keeps 100 unreserved executions for functions without reserved concurrency. */
const UNRESERVED_MINIMUM = 100;

function reservedTotal(ctx: LambdaContext, except?: string): number {
  let total = 0;
  for (const rec of ctx.store.functions.values()) if (rec.name !== except) total += rec.reservedConcurrency ?? 0;
  return total;
}

export async function putConcurrency(ctx: LambdaContext, req: Req): Promise<Reply> {
  const { rec } = ctx.fn(req.params['FunctionName']!);
  const n = jsonBody<{ ReservedConcurrentExecutions: number }>(req).ReservedConcurrentExecutions;
  if (n === undefined || !Number.isInteger(n) || n < 0)
    throw validationError(n, 'reservedConcurrentExecutions', 'Member must have value greater than or equal to 0');
  if (reservedTotal(ctx, rec.name) + n > ctx.accountConcurrency - UNRESERVED_MINIMUM) {
    throw invalidParam(
      `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${UNRESERVED_MINIMUM}].`,
    );
  }
  rec.reservedConcurrency = n;
  ctx.store.saveFunction(rec);
  await ctx.executor?.invalidate(rec.name);
  return { status: 200, body: { ReservedConcurrentExecutions: n } };
}

export function getConcurrency(ctx: LambdaContext, req: Req): Reply {
  const { rec } = ctx.fn(req.params['FunctionName']!);
  return { status: 200, body: rec.reservedConcurrency === undefined ? {} : { ReservedConcurrentExecutions: rec.reservedConcurrency } };
}

export async function deleteConcurrency(ctx: LambdaContext, req: Req): Promise<Reply> {
  const { rec } = ctx.fn(req.params['FunctionName']!);
  delete rec.reservedConcurrency;
  ctx.store.saveFunction(rec);
  await ctx.executor?.invalidate(rec.name);
  return { status: 204 };
}

export function getAccountSettings(ctx: LambdaContext): Reply {
  return {
    status: 200,
    body: {
      AccountLimit: {
        TotalCodeSize: TOTAL_CODE_SIZE,
        CodeSizeUnzipped: 262144000,
        CodeSizeZipped: 52428800,
        ConcurrentExecutions: ctx.accountConcurrency,
        UnreservedConcurrentExecutions: ctx.accountConcurrency - reservedTotal(ctx),
      },
      AccountUsage: { TotalCodeSize: totalCodeSize(ctx), FunctionCount: ctx.store.functions.size },
    },
  };
}
