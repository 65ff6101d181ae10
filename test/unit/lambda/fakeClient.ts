// A stand-in for LambdaClient: routes each command by its class name to a handler, and records calls.
import type { LambdaClient } from '@aws-sdk/client-lambda';

export type Handler = (input: Record<string, unknown>, options?: { abortSignal?: AbortSignal }) => unknown;

export interface FakeLambda {
  client: LambdaClient;
  calls: { command: string; input: Record<string, unknown> }[];
  count(command: string): number;
}

export function fakeLambda(handlers: Record<string, Handler>): FakeLambda {
  const calls: FakeLambda['calls'] = [];
  const client = {
    config: {},
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }, options?: { abortSignal?: AbortSignal }) => {
      const name = command.constructor.name;
      calls.push({ command: name, input: command.input });
      const h = handlers[name];
      if (!h) throw new Error(`fake client: no handler for ${name}`);
      return { $metadata: {}, ...((await h(command.input, options)) as object) };
    },
  } as unknown as LambdaClient;
  return { client, calls, count: (c) => calls.filter((x) => x.command === c).length };
}

export function awsError(name: string, message = name): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

/** A ListFunctions handler over `n` functions named fn-00000.., served in the given (shuffled) order. */
export function listFunctionsOver(names: string[]): Handler {
  return (input) => {
    const start = input.Marker ? Number(input.Marker) : 0;
    const size = Number(input.MaxItems ?? 50);
    const slice = names.slice(start, start + size);
    const next = start + size < names.length ? String(start + size) : undefined;
    return {
      Functions: slice.map((n) => ({ FunctionName: n, FunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${n}`, Runtime: 'nodejs20.x' })),
      NextMarker: next,
    };
  };
}
