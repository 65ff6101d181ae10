// The Lambda operations the UI calls, in one place. Everything here is pure (no vscode) and takes a
// LambdaClient from the ClientFactory (src/core/types.ts).
export * from './errors';
export * from './pager';
export * from './lister';
export * from './details';
export * from './format';
export * from './configDocument';
export * from './runtimes';
