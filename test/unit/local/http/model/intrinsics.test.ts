import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { functionIdOfUri, resolve, tryResolve, Unresolved, type StackCtx } from '../../../../../src/local/http/model/intrinsics';
import { functionNames } from '../../../../../src/local/http/model/functions';
import { parseSource } from '../../../../../src/local/http/model/source';
import type { ModelWarning } from '../../../../../src/local/http/model';

const TEMPLATE = `Parameters:
  Env: { Type: String, Default: dev }
  Subnets: { Type: CommaDelimitedList, Default: 'a,b,c' }
  NoDefault: { Type: String }
Mappings:
  Regions:
    us-east-1: { Short: use1 }
Conditions:
  IsDev: !Equals [!Ref Env, dev]
  IsProd: !Not [!Condition IsDev]
  Both: !And [!Condition IsDev, !Or [!Equals [a, b], !Equals [!Ref 'AWS::Region', us-east-1]]]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: { FunctionName: my-fn }
  Bucket:
    Type: AWS::S3::Bucket
  Values:
    Type: Custom::Values
    Properties:
      Sub: !Sub 'https://\${Bucket}.s3.\${AWS::Region}.\${AWS::URLSuffix}/\${Env}/\${!Literal}'
      SubVars: !Sub ['\${A}-\${Env}', { A: !Ref AWS::AccountId }]
      Arn: !GetAtt Fn.Arn
      SubArn: !Sub '\${Fn.Arn}:live'
      Join: !Join ['-', [!Ref Env, !Select [1, !Ref Subnets], !Select [0, !Split [',', 'x,y']]]]
      If: !If [IsProd, prod-value, !Ref AWS::NoValue]
      IfThen: !If [Both, yes-both, no]
      Map: !FindInMap [Regions, !Ref 'AWS::Region', Short]
      Partition: !Sub 'arn:\${AWS::Partition}:s3:::x'
      Import: !ImportValue shared-vpc
      Missing: !Ref NoDefault
      Nested: { Keep: 1, Drop: !Ref AWS::NoValue }
`;

function ctx(overrides: Record<string, string> = {}): { c: StackCtx; warnings: ModelWarning[]; values: Record<string, unknown> } {
  const src = parseSource(TEMPLATE, '/t/template.yaml');
  const doc = src.data as Record<string, Record<string, unknown>>;
  const warnings: ModelWarning[] = [];
  const c: StackCtx = {
    src,
    dir: '/t',
    prefix: '',
    resources: doc.Resources,
    params: { Env: overrides.Env ?? 'dev', Subnets: ['a', 'b', 'c'] },
    missingParams: new Set(['NoDefault']),
    pseudo: {
      'AWS::Region': 'us-east-1',
      'AWS::AccountId': '123456789012',
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': 'local',
    },
    mappings: doc.Mappings,
    conditionDefs: doc.Conditions,
    condCache: new Map(),
    warnings,
    opts: { region: 'us-east-1', accountId: '123456789012' },
    functionNames: new Map(),
  };
  c.functionNames = functionNames(c);
  const values = ((doc.Resources.Values as Record<string, unknown>).Properties ?? {}) as Record<string, unknown>;
  return { c, warnings, values };
}

const P = (k: string) => ['Resources', 'Values', 'Properties', k];

describe('intrinsics', () => {
  it('resolves Ref, Fn::Sub (both forms, ${!Literal}), GetAtt Arn, Join, Select, Split', () => {
    const { c, values } = ctx();
    assert.equal(resolve(c, values.Sub, P('Sub')), 'https://Bucket.s3.us-east-1.amazonaws.com/dev/${Literal}');
    assert.equal(resolve(c, values.SubVars, P('SubVars')), '123456789012-dev');
    assert.equal(resolve(c, values.Arn, P('Arn')), 'arn:aws:lambda:us-east-1:123456789012:function:Fn');
    assert.equal(resolve(c, values.SubArn, P('SubArn')), 'arn:aws:lambda:us-east-1:123456789012:function:Fn:live');
    assert.equal(resolve(c, values.Join, P('Join')), 'dev-b-x');
    assert.equal(resolve(c, values.Map, P('Map')), 'use1');
    assert.equal(resolve(c, values.Partition, P('Partition')), 'arn:aws:s3:::x');
  });

  it('evaluates Conditions (Equals, Not, And, Or, Condition) in Fn::If, and AWS::NoValue removes', () => {
    const { c, values } = ctx();
    assert.equal(tryResolve(c, values.If, P('If'), 'If'), undefined);
    assert.equal(resolve(c, values.IfThen, P('IfThen')), 'yes-both');
    assert.deepEqual(resolve(c, values.Nested, P('Nested')), { Keep: 1 });
    const prod = ctx({ Env: 'prod' });
    assert.equal(resolve(prod.c, prod.values.If, P('If')), 'prod-value');
    assert.equal(resolve(prod.c, prod.values.IfThen, P('IfThen')), 'no');
  });

  it('turns ImportValue and parameters without a value into warnings with the line', () => {
    const { c, values, warnings } = ctx();
    assert.throws(() => resolve(c, values.Import, P('Import')), Unresolved);
    assert.equal(tryResolve(c, values.Import, P('Import'), 'Import'), undefined);
    assert.equal(tryResolve(c, values.Missing, P('Missing'), 'Missing'), undefined);
    assert.deepEqual(
      warnings.map((w) => [w.line, w.message]),
      [
        [30, 'Import: Fn::ImportValue "shared-vpc" names another stack\'s export, unknown locally; left out'],
        [31, 'Missing: parameter NoDefault has no Default and no value; give one with --parameter-overrides; left out'],
      ],
    );
  });

  it('recognizes functions in integration URIs, function arns (with qualifier) and names', () => {
    const { c } = ctx();
    assert.equal(
      functionIdOfUri(c, 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:Fn/invocations'),
      'Fn',
    );
    assert.equal(
      functionIdOfUri(c, 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:my-fn:live/invocations'),
      'Fn',
    );
    assert.equal(functionIdOfUri(c, 'arn:aws:lambda:us-east-1:1:function:my-fn'), 'Fn');
    assert.equal(functionIdOfUri(c, 'Fn'), 'Fn');
    assert.equal(functionIdOfUri(c, 'arn:aws:lambda:us-east-1:1:function:other'), undefined);
    assert.equal(
      functionIdOfUri(c, 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:${stageVariables.fn}/invocations'),
      undefined,
    );
  });
});
