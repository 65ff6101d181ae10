// The Lambda operations the UI calls, in one place. Everything here is pure (no vscode) and takes a
// LambdaClient from the ClientFactory (src/core/types.ts).
export * from './errors';
export * from './pager';
export * from './lister';
export * from './details';
export * from './format';
export * from './configDocument';
export * from './runtimes';
export * from './retry';
export * from './wait';
export * from './config';
export * from './zip';
export * from './deploy';
export * from './template';
export * from './build';
export * from './templateDeploy';
export * from './aliases';
export * from './layers';
export * from './download';
export * from './remove';
export * from './invoke';
export * from './roles';
