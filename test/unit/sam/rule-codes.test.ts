// The diagnostic codes of the SAM server: every code a check passes to the Sink is in RULE_CODES,
// docs/sam-rules.md and the lambdaWorkbench.sam.rules setting of package.json, and nothing else is;
// and a code set to 'off' in that setting hides its findings only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';
import { parseTemplate } from '../../../src/sam/document';
import { applyRuleSettings } from '../../../src/sam/ruleSettings';
import { RULE_CODES, type RuleCode } from '../../../src/sam/validate/codes';
import { validateTemplate } from '../../../src/sam/validate';

const root = resolve(__dirname, '../../..');
const CODES = Object.keys(RULE_CODES).sort();

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The string literals an expression can evaluate to (`a ? 'x' : 'y'` gives both; a variable gives none). */
function literals(n: ts.Expression | undefined): string[] {
  if (!n) return [];
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return [n.text];
  if (ts.isConditionalExpression(n)) return [...literals(n.whenTrue), ...literals(n.whenFalse)];
  if (ts.isParenthesizedExpression(n)) return literals(n.expression);
  return [];
}

/** Every code written in src/sam: the code argument of sink.error/hard/add and onlyKeys, and `code:` of a diagnostic literal. */
function codesInSource(): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of tsFiles(join(root, 'src/sam'))) {
    const sf = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
    const at = (n: ts.Node) => `${f.slice(root.length + 1)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    const visit = (n: ts.Node): void => {
      let arg: ts.Expression | undefined;
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && /sink$/i.test(n.expression.expression.getText())) {
        const m = n.expression.name.text;
        arg = m === 'add' ? n.arguments[3] : m === 'error' || m === 'hard' ? n.arguments[1] : undefined;
      }
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'onlyKeys') arg = n.arguments[4];
      if (ts.isPropertyAssignment(n) && n.name.getText() === 'code') arg = n.initializer;
      for (const c of literals(arg)) if (!out.has(c)) out.set(c, at(arg!));
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

test('the codes used in src/sam are exactly RULE_CODES, and none is the generic "sam"', () => {
  const used = codesInSource();
  assert.ok(used.size > 100, `only ${used.size} codes found: the scan missed the call sites`);
  assert.ok(!used.has('sam'), `code 'sam' used at ${used.get('sam')}`);
  const unknown = [...used].filter(([c]) => !(c in RULE_CODES)).map(([c, at]) => `${c} (${at})`);
  assert.deepEqual(unknown, [], 'codes missing from RULE_CODES');
  assert.deepEqual(
    CODES.filter((c) => !used.has(c)),
    [],
    'RULE_CODES that no check emits',
  );
  for (const c of CODES) {
    assert.match(c, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, `${c} is not kebab-case`);
    assert.ok(RULE_CODES[c as RuleCode].length > 10, `${c} has no description`);
  }
});

test('docs/sam-rules.md has one row per code, each with a default severity and a source', () => {
  const doc = readFileSync(join(root, 'docs/sam-rules.md'), 'utf8');
  assert.match(doc, /lambdaWorkbench\.sam\.rules/);
  const rows = [...doc.matchAll(/^\| `([^`]+)` \| ([^|]+) \|(.+)\| (.+) \|$/gm)];
  const documented = rows.map((r) => r[1]);
  assert.deepEqual([...documented].sort(), CODES);
  assert.equal(new Set(documented).size, documented.length, 'a code is documented twice');
  for (const r of rows) {
    assert.match(r[2], /error|warning|info/, `${r[1]}: no default severity`);
    assert.ok(r[4].trim().length > 5, `${r[1]}: no source`);
  }
});

test('the lambdaWorkbench.sam.rules setting lists exactly RULE_CODES, with their descriptions, for completion', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const sections: { properties?: Record<string, unknown> }[] = [pkg.contributes.configuration].flat();
  const setting = sections.map((s) => s.properties?.['lambdaWorkbench.sam.rules']).find(Boolean) as {
    properties: Record<string, { enum: string[]; description: string }>;
  };
  assert.ok(setting, 'setting not found');
  assert.deepEqual(Object.keys(setting.properties).sort(), CODES);
  for (const [c, p] of Object.entries(setting.properties)) {
    assert.deepEqual(p.enum, ['error', 'warning', 'info', 'off'], c);
    assert.equal(p.description, RULE_CODES[c as RuleCode], c);
  }
});

// A function that always gives another finding (a deprecated runtime), so turning one code off is
// seen to leave the others.
const FN = `  Other:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs12.x
      Handler: index.handler
      InlineCode: x
`;
const T = (resources: string) => `Transform: AWS::Serverless-2016-10-31\nResources:\n${FN}${resources}`;
const fn = (props: string) =>
  `  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      InlineCode: x\n${props}`;

const CASES: [RuleCode, 'error' | 'warning', string][] = [
  [
    'api-route-duplicate',
    'error',
    T(
      fn(
        '      Events:\n        A:\n          Type: Api\n          Properties: { Path: /a, Method: get }\n        B:\n          Type: Api\n          Properties: { Path: /a, Method: GET }\n',
      ),
    ),
  ],
  ['function-deployment-preference-needs-alias', 'error', T(fn('      DeploymentPreference:\n        Type: Linear10PercentEvery1Minute\n'))],
  ['function-alias-empty', 'warning', T(fn("      AutoPublishAlias: ''\n"))],
  ['function-url-auth-type-required', 'error', T(fn('      FunctionUrlConfig:\n        InvokeMode: BUFFERED\n'))],
  [
    'event-api-auth-unknown-authorizer',
    'error',
    T(
      `  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      Auth:\n        Authorizers:\n          Mine:\n            UserPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/x\n` +
        fn(
          '      Events:\n        E:\n          Type: Api\n          Properties:\n            RestApiId: !Ref Api\n            Path: /a\n            Method: get\n            Auth:\n              Authorizer: Theirs\n',
        ),
    ),
  ],
  [
    'event-sns-sqs-subscription',
    'error',
    T(
      fn(
        '      Events:\n        E:\n          Type: SNS\n          Properties:\n            Topic: arn:aws:sns:us-east-1:123456789012:t\n            SqsSubscription:\n              QueueArn: arn:aws:sqs:us-east-1:123456789012:q\n',
      ),
    ),
  ],
  [
    'websocket-routes-empty',
    'error',
    T('  Ws:\n    Type: AWS::Serverless::WebSocketApi\n    Properties:\n      RouteSelectionExpression: $request.body.action\n      Routes: {}\n'),
  ],
  [
    'table-primary-key-type',
    'error',
    T('  Table:\n    Type: AWS::Serverless::SimpleTable\n    Properties:\n      PrimaryKey:\n        Name: id\n        Type: Bogus\n'),
  ],
  [
    'openapi-path-shape',
    'error',
    T(
      "  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      DefinitionBody:\n        swagger: '2.0'\n        info: { title: t }\n        paths:\n          /a: 1\n",
    ),
  ],
  [
    'event-kafka-single-topic',
    'error',
    T(
      fn(
        '      Events:\n        K:\n          Type: SelfManagedKafka\n          Properties:\n            KafkaBootstrapServers: [abc:9092]\n            Topics: [a, b]\n            SourceAccessConfigurations:\n              - Type: BASIC_AUTH\n                URI: arn:aws:secretsmanager:us-east-1:123456789012:secret:s\n',
      ),
    ),
  ],
  [
    'websocket-auth-arn-required',
    'error',
    T(
      '  Ws:\n    Type: AWS::Serverless::WebSocketApi\n    Properties:\n      RouteSelectionExpression: $request.body.action\n      Auth:\n        AuthType: CUSTOM\n      Routes:\n        $connect:\n          FunctionArn: arn:aws:lambda:us-east-1:123456789012:function:f\n',
    ),
  ],
];

test('a representative code fires on its template, and set to off hides it and nothing else', () => {
  for (const [code, severity, text] of CASES) {
    const all = validateTemplate(parseTemplate(text), { today: '2026-01-01' });
    const mine = all.filter((d) => d.code === code);
    assert.ok(mine.length > 0, `${code}: not reported; got ${all.map((d) => `${d.code}: ${d.message}`).join(' | ')}`);
    assert.ok(
      mine.every((d) => d.severity === severity),
      `${code}: expected ${severity}, got ${mine.map((d) => d.severity)}`,
    );
    assert.ok(
      all.some((d) => d.code === 'deprecated-runtime'),
      `${code}: the other finding is missing`,
    );
    const off = applyRuleSettings(all, new Map([[code, 'off']]));
    assert.deepEqual(
      off,
      all.filter((d) => d.code !== code),
      `${code}: off hid something else`,
    );
    const asInfo = applyRuleSettings(all, new Map([[code, 'info']]));
    assert.ok(asInfo.filter((d) => d.code === code).every((d) => d.severity === 'info'));
  }
});
