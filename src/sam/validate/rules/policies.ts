// What a function's Policies may hold, as the translator reads them (samtranslator/model/function_policies.py):
// a string or intrinsic is a managed policy, a map with `Statement` a policy document, a one-key map
// naming one of SAM's policy templates (schemas/sources/sam/policy_templates.json) a template; the
// translator rejects anything else with "Policy at index N in the 'Policies' property is not valid".
import { getValue, type TNode } from '../../ast';
import { didYouMean, schema } from '../../schema';
import { keyRange, type Sink } from '../sink';
import { isIntrinsic, isMap } from './shapes';

/** A list is none of those forms. */
export function policyForms(props: TNode | null, sink: Sink): void {
  const policies = getValue(props, 'Policies');
  if (policies?.kind === 'seq') {
    policies.items.forEach((it, i) => {
      if (it.kind === 'seq')
        sink.error(
          it,
          'policy-invalid',
          `Policy at index ${i} in 'Policies' is not valid: use a managed policy name or ARN, a policy document, or a SAM policy template.`,
        );
    });
  }
}

/** Maps that are neither a policy document nor a known policy template; a template's parameters. */
export function policyTemplates(props: TNode | null, sink: Sink): void {
  const policies = getValue(props, 'Policies');
  const items = policies?.kind === 'seq' ? policies.items : policies ? [policies] : [];
  const templates = schema().policyTemplates;
  items.forEach((it, i) => {
    if (!isMap(it) || it.pairs.some((p) => p.key === 'Statement')) return;
    const tpl = it.pairs.length === 1 ? it.pairs[0] : undefined;
    if (!tpl || !Object.prototype.hasOwnProperty.call(templates, tpl.key)) {
      const at = tpl ? keyRange(tpl) : it;
      const hint = tpl ? ` '${tpl.key}' is not a SAM policy template.${didYouMean(tpl.key, Object.keys(templates))}` : ' a policy document needs a Statement.';
      sink.error(at, 'policy-invalid', `Policy at index ${i} in 'Policies' is not valid:${hint}`);
      return;
    }
    if (!tpl.value || isIntrinsic(tpl.value)) return;
    if (!isMap(tpl.value)) {
      sink.error(tpl.value, 'policy-template-parameters-shape', `Policy template '${tpl.key}' takes a map of its parameters.`);
      return;
    }
    const given = new Set(tpl.value.pairs.map((p) => p.key));
    const missing = templates[tpl.key].filter((p) => !given.has(p));
    // The translator's InsufficientParameterValues: every parameter of a template is required.
    if (missing.length)
      sink.error(
        keyRange(tpl),
        'policy-template-missing-parameters',
        `Following required parameters of policy template '${tpl.key}' don't have values: ${missing.join(', ')}.`,
      );
  });
}
