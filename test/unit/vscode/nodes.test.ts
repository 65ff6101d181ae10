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
