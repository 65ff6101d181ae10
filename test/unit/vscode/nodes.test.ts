// The explorer rows' typed payloads: what a command reads from a row (its function, qualifier, name to
// copy) and the contextValue the menus match (row id first, then capability tokens).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkbenchError } from '../../../src/core/errors';
import { capabilities, contextValue, nameOf, qualifierOf, functionNameOf, type ExplorerNode, type NodeInit } from '../../../src/vscode/explorer/nodes';

const row = { id: 'local/fn/f/x', connectionId: 'local', label: 'x', collapsible: 'none' as const };
const built = (n: NodeInit): ExplorerNode => ({ ...n, contextValue: contextValue(n) }) as ExplorerNode;

test('a version row qualifies its function, except $LATEST; an alias row by its name', () => {
  assert.equal(qualifierOf(built({ ...row, kind: 'version', functionName: 'f', version: '3', fn: {} })), '3');
  assert.equal(qualifierOf(built({ ...row, kind: 'version', functionName: 'f', version: '$LATEST', fn: {} })), undefined);
  assert.equal(qualifierOf(built({ ...row, kind: 'alias', functionName: 'f', alias: 'live', weighted: false })), 'live');
  assert.equal(functionNameOf(built({ ...row, kind: 'logGroup', functionName: 'f', logGroup: '/aws/lambda/f' })), 'f');
  assert.equal(functionNameOf(built({ ...row, kind: 'layer', layerName: 'l' })), undefined);
});

test('Copy Name copies what the row is about', () => {
  assert.equal(nameOf(built({ ...row, kind: 'functionUrl', functionName: 'f', url: 'http://u/' })), 'http://u/');
  assert.equal(nameOf(built({ ...row, kind: 'logGroup', functionName: 'f', logGroup: '/aws/lambda/f' })), '/aws/lambda/f');
  assert.equal(nameOf(built({ ...row, kind: 'aliases', functionName: 'f' })), 'f');
  assert.equal(nameOf(built({ ...row, kind: 'layer', layerName: 'shared' })), 'shared');
});

test('the contextValue is the row id, then the capability tokens', () => {
  const weighted: NodeInit = { ...row, kind: 'alias', functionName: 'f', alias: 'live', weighted: true };
  assert.equal(contextValue(weighted), `lambdaWorkbench.alias.weighted ${capabilities(weighted).join(' ')}`);
  assert.ok(capabilities(weighted).includes('weighted'));
  assert.ok(!capabilities({ ...weighted, weighted: false }).includes('weighted'));
  const sso: NodeInit = { ...row, kind: 'error', error: new WorkbenchError('SsoTokenExpired', 'expired') };
  assert.match(contextValue(sso), /^lambdaWorkbench\.error\.sso retryable ssoLogin$/);
});

test('Local APIs rows: Start when none runs, Stop on an API, Send Request and Tail Logs on a route of a local function', () => {
  assert.equal(contextValue({ ...row, kind: 'localApis', running: false }), 'lambdaWorkbench.localApis localApiStartable noLocalApi');
  assert.equal(contextValue({ ...row, kind: 'localApis', running: true }), 'lambdaWorkbench.localApis.running localApiStartable');
  const api: NodeInit = { ...row, kind: 'localApi', apiId: 'a1', endpoint: 'http://127.0.0.1:3000', templatePath: '/w/template.yaml' };
  assert.equal(contextValue(api), 'lambdaWorkbench.localApi localApiStoppable hasName');
  assert.equal(nameOf(built(api)), 'http://127.0.0.1:3000');
  const route: NodeInit = {
    ...row,
    kind: 'localApiRoute',
    apiId: 'a1',
    method: 'GET',
    path: '/pets/{id}',
    logicalId: 'GetPet',
    functionName: 'w-GetPet',
    url: 'http://127.0.0.1:3000/pets/',
  };
  assert.equal(contextValue(route), 'lambdaWorkbench.localApiRoute sendRequest hasName tailable');
  // Tail Function Logs reads the local function from the row, like any function row.
  assert.equal(functionNameOf(built(route)), 'w-GetPet');
  assert.ok(!capabilities({ ...route, functionName: undefined }).includes('tailable'));
});
