// The one template reader for the code that runs functions (deploy, Invoke locally): short tags read
// as their long form, on scalars and collections alike, and Globals merged as SAM merges them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSamTemplate, samFunctions, templateResolver } from '../../../src/sam/samFunctions';

test('short tags on sequences and maps keep their function: !Join [a, b] is { Fn::Join: [a, b] }', () => {
  const doc = parseSamTemplate(
    [
      'Resources:',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Environment:',
      '        Variables:',
      '          JOINED: !Join [":", [a, !Ref AWS::Region]]',
      '          PICKED: !If [IsProd, !Sub "${AWS::Region}-prod", dev]',
      '          SUBBED: !Sub',
      '            - "${X}-y"',
      '            - X: !Select [0, [one, two]]',
      '',
    ].join('\n'),
  );
  const env = samFunctions(doc)[0]!.environment;
  assert.deepEqual(env.JOINED, { 'Fn::Join': [':', ['a', { Ref: 'AWS::Region' }]] });
  assert.deepEqual(env.PICKED, { 'Fn::If': ['IsProd', { 'Fn::Sub': '${AWS::Region}-prod' }, 'dev'] });
  assert.deepEqual(env.SUBBED, { 'Fn::Sub': ['${X}-y', { X: { 'Fn::Select': [0, ['one', 'two']] } }] });
  // What the resolver knows (Ref, Sub) it now sees through the wrapper, instead of a bare list.
  const resolve = templateResolver(doc, { 'AWS::Region': 'eu-west-1' });
  assert.equal(resolve(env.SUBBED), undefined, 'a Sub with a variable map it cannot resolve stays unresolved');
  assert.equal(resolve({ 'Fn::Sub': '${AWS::Region}-x' }), 'eu-west-1-x');
});
