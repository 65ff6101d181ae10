// Files checked as templates whatever their content (issue 17): template.yaml/.yml/.json and the
// lambdaWorkbench.sam.templates globs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTemplateFile } from '../../../src/sam/templateFiles';

test('template.yaml, .yml and .json are always templates; other names only through a glob', () => {
  assert.ok(isTemplateFile('file:///w/app/template.yaml'));
  assert.ok(isTemplateFile('file:///w/app/template.yml'));
  assert.ok(isTemplateFile('file:///c%3A/w/template.json'));
  assert.ok(!isTemplateFile('file:///w/app/my-template.yaml'));
  assert.ok(!isTemplateFile('file:///w/.github/workflows/ci.yaml'));
  assert.ok(isTemplateFile('file:///w/infra/api.cfn.yaml', ['**/infra/*.cfn.{yaml,yml}']));
  assert.ok(isTemplateFile('file:///w/stack.yaml', ['stack.yaml']));
  assert.ok(!isTemplateFile('file:///w/infra/deep/api.cfn.yaml', ['**/infra/*.cfn.yaml']));
});
