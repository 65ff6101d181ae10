// Template-level rules CloudFormation's parser applies (issue 17): the format version, the template's
// Description, logical ids shared by a parameter and a resource, Mappings' names, keys and values, the
// condition functions, Fn::If's condition name, Fn::Split, the AWS::LanguageExtensions functions, and a
// parameter's Default against its own constraints. Each rule: flagged where CloudFormation rejects,
// silent on the valid form beside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, slice } from './helpers';

const URI = 'untitled:template.yaml';
const RES = `Resources:
  Topic:
    Type: AWS::SNS::Topic
`;

/** The findings of the given code, as "severity text-it-covers". */
function found(text: string, code: string): string[] {
  return open(text, URI)
    .diagnostics(URI)
    .filter((d) => d.code === code)
    .map((d) => `${d.severity} ${slice(text, d).trim()}`);
}

/** Every finding, for the "nothing to report" cases. */
function all(text: string): string[] {
  return open(text, URI)
    .diagnostics(URI)
    .map((d) => `${d.code}: ${d.message}`);
}

test('AWSTemplateFormatVersion: 2010-09-09 quoted or not passes; another date, a number or null is an error', () => {
  assert.deepEqual(all(`AWSTemplateFormatVersion: 2010-09-09\n${RES}`), []);
  assert.deepEqual(all(`AWSTemplateFormatVersion: '2010-09-09'\n${RES}`), []);
  assert.deepEqual(all(`{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"T": {"Type": "AWS::SNS::Topic"}}}`), []);
  assert.deepEqual(found(`AWSTemplateFormatVersion: 2010-09-10\n${RES}`, 'template-format-version'), ['error 2010-09-10']);
  assert.deepEqual(found(`AWSTemplateFormatVersion: "2012-10-17"\n${RES}`, 'template-format-version'), ['error "2012-10-17"']);
  assert.deepEqual(found(`AWSTemplateFormatVersion:\n${RES}`, 'template-format-version'), ['error AWSTemplateFormatVersion']);
  assert.deepEqual(found(`AWSTemplateFormatVersion: !Ref V\n${RES}`, 'template-format-version').length, 1);
});

test("the template's Description must be a literal string", () => {
  assert.deepEqual(all(`Description: >\n  A folded\n  description\n${RES}`), []);
  assert.deepEqual(found(`Description: !Sub 'Stack in \${AWS::Region}'\n${RES}`, 'template-description'), ["error 'Stack in ${AWS::Region}'"]);
  assert.deepEqual(found(`Description:\n${RES}`, 'template-description'), ['error Description']);
  assert.deepEqual(found(`Description:\n  Name: x\n${RES}`, 'template-description').length, 1);
  assert.deepEqual(found(`Description: ${'x'.repeat(1025)}\n${RES}`, 'template-description').length, 1);
  assert.deepEqual(found(`Description: ${'x'.repeat(1024)}\n${RES}`, 'template-description'), []);
});

test('a parameter and a resource may not share a logical id (the error is on the resource)', () => {
  const text = `Parameters:\n  Topic:\n    Type: String\n${RES}`;
  assert.deepEqual(found(text, 'logical-id-shared'), ['error Topic']);
  assert.ok(text.indexOf('Topic:', text.indexOf('Resources')) > 0);
  const d = open(text, URI)
    .diagnostics(URI)
    .find((x) => x.code === 'logical-id-shared')!;
  assert.ok(d.start > text.indexOf('Resources'), 'reported on the resource');
  assert.deepEqual(found(`Parameters:\n  TopicName:\n    Type: String\n${RES}`, 'logical-id-shared'), []);
});

test("Mappings: names alphanumeric, top-level keys with '-' and '.', attribute names alphanumeric, values strings or lists", () => {
  const ok = `Mappings:
  RegionMap:
    us-east-1:
      HVM64: ami-0ff8a91507f77f867
      Zones: [a, b]
      Count: 3
      On: true
    eu.west-1:
      HVM64: ami-1
${RES}`;
  assert.deepEqual(all(ok), []);
  assert.deepEqual(found(ok.replace('RegionMap', 'Region_Map'), 'mapping-name'), ['error Region_Map']);
  assert.deepEqual(found(ok.replace('eu.west-1', '10.0.0.0/16'), 'mapping-key'), ['error 10.0.0.0/16']);
  assert.deepEqual(found(ok.replace('HVM64: ami-1', 'LAMBDA_ROLE: x'), 'mapping-attribute'), ['error LAMBDA_ROLE']);
  assert.deepEqual(found(ok.replace('HVM64: ami-1', 'Hvm: us-east-1b\n      us-east-1b: x'), 'mapping-attribute'), ['error us-east-1b']);
  assert.deepEqual(found(ok.replace('HVM64: ami-1', 'Id: !Ref AWS::AccountId'), 'mapping-value'), ['error AWS::AccountId']);
  assert.deepEqual(found(ok.replace('HVM64: ami-1', 'Nested:\n        Deep: x'), 'mapping-value'), ['error Deep: x']);
});

const CONDITIONS = `Parameters:
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [!Ref Env, dev]
`;

test('Fn::And/Fn::Or take 2 to 10 conditions, Fn::Not exactly 1; each item a condition, not a name', () => {
  const ok = `${CONDITIONS}  Both: !And [!Condition IsProd, !Not [!Condition IsDev]]
  Either: !Or [{Condition: IsProd}, !Equals [a, b], true]
${RES}`;
  assert.deepEqual(all(ok), []);
  assert.deepEqual(found(`${CONDITIONS}  One: !And [!Condition IsProd]\n${RES}`, 'condition-function'), ['error [!Condition IsProd]']);
  const eleven = Array.from({ length: 11 }, () => '!Condition IsProd').join(', ');
  assert.deepEqual(found(`${CONDITIONS}  Many: !Or [${eleven}]\n${RES}`, 'condition-function').length, 1);
  assert.deepEqual(found(`${CONDITIONS}  Two: !Not [!Condition IsProd, !Condition IsDev]\n${RES}`, 'condition-function').length, 1);
  assert.deepEqual(found(`${CONDITIONS}  Names: !And [IsProd, IsDev]\n${RES}`, 'condition-function'), ['error IsProd', 'error IsDev']);
  assert.deepEqual(found(`${CONDITIONS}  Text: !Not IsProd\n${RES}`, 'condition-function'), ['error IsProd']);
  assert.deepEqual(found(`${CONDITIONS}  Extra: !And [{Condition: IsProd, Extra: x}, !Condition IsDev]\n${RES}`, 'condition-function').length, 1);
});

test("Fn::If's first item is a condition name, not a function", () => {
  const base = `${CONDITIONS}Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !If [IsProd, a, b]
`;
  assert.deepEqual(all(base), []);
  assert.deepEqual(found(base.replace('[IsProd, a, b]', '[!Ref Env, a, b]'), 'if'), ['error Env']);
  assert.deepEqual(found(base.replace('[IsProd, a, b]', '[!Condition IsProd, a, b]'), 'if'), ['error IsProd']);
});

test('Fn::Split takes [literal delimiter, source]', () => {
  const base = `Parameters:
  Ids:
    Type: String
  Sep:
    Type: String
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Select [0, !Split [',', !Ref Ids]]
`;
  assert.deepEqual(all(base), []);
  assert.deepEqual(found(base.replace("[',', !Ref Ids]", '[!Ref Sep, !Ref Ids]'), 'split'), ['error Sep']);
  assert.deepEqual(found(base.replace("[',', !Ref Ids]", "[',', !Ref Ids, x]"), 'split'), ["error [',', !Ref Ids, x]"]);
  assert.deepEqual(found(base.replace("!Select [0, !Split [',', !Ref Ids]]", '!Split\n        Ref: Ids'), 'split').length, 1);
});

const LENGTH = `Parameters:
  Names:
    Type: CommaDelimitedList
  Name:
    Type: String
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Select [0, [a]]
Outputs:
  Count:
    Value: !Length [a, b]
  Json:
    Value: !ToJsonString {a: 1}
`;

test('Fn::Length, Fn::ToJsonString and Fn::ForEach need the AWS::LanguageExtensions transform', () => {
  assert.deepEqual(found(LENGTH, 'language-extensions-transform'), ['error !Length', 'error !ToJsonString']);
  const withTransform = `Transform: AWS::LanguageExtensions\n${LENGTH}`;
  assert.deepEqual(all(withTransform), []);
  assert.deepEqual(all(`Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\n${LENGTH}`), []);
  const loop = `Resources:
  Fn::ForEach::Topics:
    - Name
    - [A, B]
    - Topic\${Name}:
        Type: AWS::SNS::Topic
`;
  assert.deepEqual(found(loop, 'language-extensions-transform'), ['error Fn::ForEach::Topics']);
  assert.deepEqual(found(`Transform: AWS::LanguageExtensions\n${loop}`, 'language-extensions-transform'), []);
});

test('Fn::Length takes a list: a scalar, a map or a Ref to a String parameter is an error; a list parameter is fine', () => {
  const t = `Transform: AWS::LanguageExtensions\n${LENGTH}`;
  assert.deepEqual(found(t.replace('!Length [a, b]', '!Length !Ref Names'), 'length'), []);
  assert.deepEqual(found(t.replace('!Length [a, b]', '!Length !Ref AWS::NotificationARNs'), 'length'), []);
  assert.deepEqual(found(t.replace('!Length [a, b]', '!Length !Split [",", "a,b"]'), 'length'), []);
  assert.deepEqual(found(t.replace('!Length [a, b]', '!Length !Ref Name'), 'length'), ['error Name']);
  assert.deepEqual(found(t.replace('!Length [a, b]', "!Length 'a string'"), 'length'), ["error 'a string'"]);
  assert.deepEqual(found(t.replace('!Length [a, b]', '!Length {k: v}'), 'length'), ['error {k: v}']);
  assert.deepEqual(found(t.replace('!ToJsonString {a: 1}', "!ToJsonString ''"), 'tojsonstring'), ["error ''"]);
});

test("a parameter's Default must satisfy its own AllowedValues, AllowedPattern, lengths and bounds", () => {
  const p = (body: string) => `Parameters:\n  P:\n${body}${RES}`;
  const ok = p(`    Type: String
    Default: prod
    AllowedValues: [dev, prod]
    AllowedPattern: '[a-z]+'
    MinLength: 2
    MaxLength: 10
`);
  assert.deepEqual(all(ok), []);
  assert.deepEqual(found(ok.replace('Default: prod', 'Default: test'), 'parameter-default'), ['error test']);
  assert.deepEqual(found(p(`    Type: String\n    Default: Prod1\n    AllowedPattern: '[a-z]+'\n`), 'parameter-default'), ['error Prod1']);
  // The pattern applies to the whole value, as CloudFormation applies it.
  assert.deepEqual(found(p(`    Type: String\n    Default: abc-1\n    AllowedPattern: '[a-z]+'\n`), 'parameter-default').length, 1);
  assert.deepEqual(found(p(`    Type: String\n    Default: abcdefghijk\n    MaxLength: 10\n`), 'parameter-default').length, 1);
  assert.deepEqual(found(p(`    Type: String\n    Default: a\n    MinLength: 2\n`), 'parameter-default').length, 1);
  assert.deepEqual(found(p(`    Type: Number\n    Default: 5\n    MinValue: 10\n`), 'parameter-default'), ['error 5']);
  assert.deepEqual(found(p(`    Type: Number\n    Default: 50\n    MaxValue: 10\n`), 'parameter-default'), ['error 50']);
  assert.deepEqual(found(p(`    Type: Number\n    Default: 10\n    MinValue: 1\n    MaxValue: 10\n    AllowedValues: [1, 10.0]\n`), 'parameter-default'), []);
  assert.deepEqual(found(p(`    Type: String\n    Default: false\n    AllowedValues: ['true', 'false']\n`), 'parameter-default'), []);
  // A list is checked item by item.
  assert.deepEqual(found(p(`    Type: CommaDelimitedList\n    Default: a,b\n    AllowedValues: [a, b, c]\n`), 'parameter-default'), []);
  assert.deepEqual(found(p(`    Type: CommaDelimitedList\n    Default: a,x\n    AllowedValues: [a, b, c]\n`), 'parameter-default'), ['error a,x']);
  assert.deepEqual(found(p(`    Type: CommaDelimitedList\n    Default: a,b\n    AllowedPattern: '[a-z]'\n`), 'parameter-default'), []);
  // An SSM parameter type's Default names the SSM parameter, not the value; a pattern Java reads differently is left alone.
  assert.deepEqual(found(p(`    Type: AWS::SSM::Parameter::Value<String>\n    Default: /x/y\n    AllowedValues: [a]\n`), 'parameter-default'), []);
  assert.deepEqual(found(p(`    Type: String\n    Default: é\n    AllowedPattern: '\\p{Alpha}+'\n`), 'parameter-default'), []);
});

test('an edit that adds the transform or changes a parameter type updates the findings (nothing is kept from before)', () => {
  const s = open(LENGTH.replace('!Length [a, b]', '!Length !Ref Name'), URI);
  assert.deepEqual(
    s.diagnostics(URI).map((d) => d.code),
    ['language-extensions-transform', 'language-extensions-transform'],
  );
  const withTransform = `Transform: AWS::LanguageExtensions\n${LENGTH.replace('!Length [a, b]', '!Length !Ref Name')}`;
  s.update(URI, withTransform, 2);
  assert.deepEqual(
    s.diagnostics(URI).map((d) => d.code),
    ['length'],
  );
  s.update(URI, withTransform.replace('  Name:\n    Type: String', '  Name:\n    Type: List<String>'), 3);
  assert.deepEqual(s.diagnostics(URI), []);
});

test('Fn::FindInMap with a DefaultValue (AWS::LanguageExtensions) may name a mapping that is not there', () => {
  const text = `Transform: AWS::LanguageExtensions
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !FindInMap [Missing, k1, k2, {DefaultValue: t}]
`;
  assert.deepEqual(all(text), []);
  assert.deepEqual(found(text.replace(', {DefaultValue: t}', ''), 'findinmap'), ['error Missing']);
});
