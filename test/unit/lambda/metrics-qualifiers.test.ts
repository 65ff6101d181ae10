// The aliases and versions the metrics panel offers as series: both paged, $LATEST left out, aliases
// first, versions newest first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ListAliasesCommand, ListVersionsByFunctionCommand } from '@aws-sdk/client-lambda';
import { listQualifiers } from '../../../src/lambda/metrics';

test('aliases then versions newest first, through every page, without $LATEST', async () => {
  const calls: string[] = [];
  const client = {
    send: async (cmd: unknown) => {
      if (cmd instanceof ListAliasesCommand) {
        calls.push(`aliases ${cmd.input.Marker ?? ''}`);
        return cmd.input.Marker
          ? { Aliases: [{ Name: 'beta', FunctionVersion: '3' }] }
          : { Aliases: [{ Name: 'prod', FunctionVersion: '2', RoutingConfig: { AdditionalVersionWeights: { '3': 0.1 } } }], NextMarker: 'm' };
      }
      if (cmd instanceof ListVersionsByFunctionCommand) {
        calls.push(`versions ${cmd.input.Marker ?? ''}`);
        return cmd.input.Marker
          ? { Versions: [{ Version: '10' }, { Version: '3', Description: 'fix' }] }
          : { Versions: [{ Version: '$LATEST' }, { Version: '2' }], NextMarker: 'v' };
      }
      throw new Error('unexpected command');
    },
  };
  const q = await listQualifiers(client as never, 'orders');
  assert.deepEqual(calls, ['aliases ', 'aliases m', 'versions ', 'versions v']);
  assert.deepEqual(
    q.map((x) => `${x.kind}:${x.name}`),
    ['alias:beta', 'alias:prod', 'version:10', 'version:3', 'version:2'],
  );
  assert.equal(q.find((x) => x.name === 'prod')!.detail, 'version 2 + 3 (10%)');
  assert.equal(q.find((x) => x.name === '3')!.detail, 'fix');
});
