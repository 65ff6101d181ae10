import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IAMClient } from '@aws-sdk/client-iam';
import { listExecutionRoles, trustsLambda } from '../../../src/lambda/roles';

const policy = (service: string | string[], action: string | string[] = 'sts:AssumeRole', effect = 'Allow') =>
  encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Principal: { Service: service }, Action: action }] }));

test('only roles that trust lambda.amazonaws.com are offered, across pages, sorted', async () => {
  const pages = [
    {
      Roles: [
        { RoleName: 'z-fn-role', Arn: 'arn:aws:iam::1:role/z-fn-role', Path: '/', AssumeRolePolicyDocument: policy('lambda.amazonaws.com') },
        { RoleName: 'ec2-role', Arn: 'arn:aws:iam::1:role/ec2-role', Path: '/', AssumeRolePolicyDocument: policy('ec2.amazonaws.com') },
      ],
      IsTruncated: true,
      Marker: 'm1',
    },
    {
      Roles: [
        {
          RoleName: 'a-multi',
          Arn: 'arn:aws:iam::1:role/service-role/a-multi',
          Path: '/service-role/',
          AssumeRolePolicyDocument: policy(['edgelambda.amazonaws.com', 'lambda.amazonaws.com'], ['sts:AssumeRole', 'sts:TagSession']),
        },
        { RoleName: 'denied', Arn: 'arn:aws:iam::1:role/denied', AssumeRolePolicyDocument: policy('lambda.amazonaws.com', 'sts:AssumeRole', 'Deny') },
      ],
      IsTruncated: false,
    },
  ];
  const markers: (string | undefined)[] = [];
  const iam = { send: async (cmd: { input: { Marker?: string } }) => (markers.push(cmd.input.Marker), pages[markers.length - 1]) } as unknown as IAMClient;
  const roles = await listExecutionRoles(iam);
  assert.deepEqual(
    roles.map((r) => r.name),
    ['a-multi', 'z-fn-role'],
  );
  assert.deepEqual(markers, [undefined, 'm1']);
  assert.equal(roles[0].path, '/service-role/');
});

test('malformed trust policies are not offered', () => {
  assert.equal(trustsLambda({ AssumeRolePolicyDocument: '%%%' }), false);
  assert.equal(trustsLambda({}), false);
});
