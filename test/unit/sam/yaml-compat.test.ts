// YAML as the parsers that read templates accept it (PyYAML, YAML 1.1, in SAM CLI; CloudFormation):
// flow collections indented no deeper than their block parse, with diagnostics at the right place;
// duplicate keys are a warning (issue 17, class 3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, slice } from './helpers';

const URI = 'untitled:template.yaml';
const topic = (props: string) => `Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n${props}`;
const diags = (text: string) =>
  open(text, URI)
    .diagnostics(URI)
    .map((d) => ({ severity: d.severity, text: slice(text, d), message: d.message }));

test('flow collections whose lines are indented no deeper than their key parse without a problem', () => {
  for (const props of [
    '      Subscription: [{\n        Endpoint: a,\n        Protocol: email\n      }]\n      Tags: [\n      {Key: a, Value: b}\n      ]\n',
    '      Subscription: [{\n  Endpoint: a,\n  Protocol: email\n}]\n',
    '      Tags:\n      - {Key: a,\n    Value: b}\n',
    '      Tags: [{Key: a, Value: b}\n      ]\n      DisplayName: {"Fn::Join": ["", [\n        "a", "b"\n      ]]}\n',
  ])
    assert.deepEqual(diags(topic(props)), [], props);
});

test('a finding inside a re-indented flow collection points at the text as written', () => {
  const text = topic('      Subscription: [{\n  Endpoint: a,\n  Protocl: email\n}]\n');
  const d = diags(text).filter((x) => x.message.includes('Protocl'));
  assert.equal(d.length, 1);
  assert.equal(d[0].text, 'Protocl');
});

test('what PyYAML rejects is still an error: an unclosed flow collection', () => {
  const d = diags(topic('      Tags: [{Key: a, Value: b}\n      DisplayName: x\n'));
  assert.ok(d.some((x) => x.severity === 'error'));
});

test('a duplicate key is a warning: CloudFormation accepts the template, with undefined behaviour', () => {
  const d = diags(topic('      TopicName: a\n      TopicName: b\n'));
  assert.deepEqual(
    d.map((x) => [x.severity, x.text]),
    [['warning', 'TopicName']],
  );
});

test('YAML 1.1 as PyYAML reads it: merge keys (<<: *anchor) and yes/no/on/off booleans', () => {
  const text =
    'Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function: &fn\n    Runtime: python3.12\n    Handler: app.handler\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      <<: *fn\n      MemorySize: 128\n      AutoPublishAliasAllProperties: yes\n      PropagateTags: Off\n';
  assert.deepEqual(diags(text), []);
  // Quoted, "yes" stays a string for PyYAML too.
  assert.match(
    diags(text.replace('PropagateTags: Off', 'PropagateTags: "Off"'))
      .map((d) => d.message)
      .join(),
    /should be a boolean/,
  );
});
