// What a function's Policies list may hold: managed policy names or ARNs, policy documents, and SAM
// policy templates (`SQSPollerPolicy: { QueueName: ... }`), which SAM expands into statements.
import { getValue, type TNode } from '../../ast';
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
          'policy',
          `Policy at index ${i} in 'Policies' is not valid: use a managed policy name or ARN, a policy document, or a SAM policy template.`,
        );
    });
  }
}

/** A single-key map that is not a policy document names a SAM policy template, which takes a map. */
export function policyTemplates(props: TNode | null, sink: Sink): void {
  const policies = getValue(props, 'Policies');
  if (policies?.kind === 'seq')
    policies.items.forEach((it, i) => {
      if (!isMap(it)) return;
      if (it.pairs.length === 1 && !['Statement', 'Version'].includes(it.pairs[0].key)) {
        const tpl = it.pairs[0];
        if (!/Policy$/.test(tpl.key))
          sink.error(keyRange(tpl), 'sam', `Policy at index ${i} in 'Policies' is not valid: '${tpl.key}' is not a SAM policy template.`);
        else if (tpl.value && !isMap(tpl.value) && !isIntrinsic(tpl.value))
          sink.error(tpl.value, 'sam', `Policy template '${tpl.key}' takes a map of its parameters.`);
      }
    });
}
