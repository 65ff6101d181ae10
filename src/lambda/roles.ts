// Execution roles a new function can use: the account's IAM roles that Lambda may assume (their
// trust policy names lambda.amazonaws.com). The local service has no IAM and needs no role.
import { ListRolesCommand, type IAMClient, type Role } from '@aws-sdk/client-iam';

export interface ExecutionRole {
  name: string;
  arn: string;
  path: string;
  description?: string;
  created?: Date;
}

/** True when a role's trust policy lets Lambda assume it. */
export function trustsLambda(role: Pick<Role, 'AssumeRolePolicyDocument'>): boolean {
  const raw = role.AssumeRolePolicyDocument;
  if (!raw) return false;
  let doc: unknown;
  try {
    // IAM returns the policy URL-encoded.
    doc = JSON.parse(decodeURIComponent(raw));
  } catch {
    return false;
  }
  const statements = (doc as { Statement?: unknown }).Statement;
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  return list.some((s) => {
    const st = s as { Effect?: string; Action?: string | string[]; Principal?: { Service?: string | string[] } };
    const actions = ([] as string[]).concat(st.Action ?? []);
    const services = ([] as string[]).concat(st.Principal?.Service ?? []);
    return st.Effect === 'Allow' && actions.some((a) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*') && services.includes('lambda.amazonaws.com');
  });
}

/** Every role Lambda can assume, sorted by name (all pages of ListRoles). */
export async function listExecutionRoles(iam: IAMClient, signal?: AbortSignal): Promise<ExecutionRole[]> {
  const out: ExecutionRole[] = [];
  let marker: string | undefined;
  do {
    const page = await iam.send(new ListRolesCommand({ Marker: marker, MaxItems: 1000 }), { abortSignal: signal });
    for (const r of page.Roles ?? []) {
      if (r.RoleName && r.Arn && trustsLambda(r))
        out.push({ name: r.RoleName, arn: r.Arn, path: r.Path ?? '/', description: r.Description, created: r.CreateDate });
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
