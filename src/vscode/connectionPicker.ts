// QuickPicks to choose a connection: the local service, or an AWS profile then a region. Used by the
// status bar (switch the active connection) and by "Add AWS Connection" in the explorer.
import * as vscode from 'vscode';
import { listProfiles, type ProfileInfo } from '../core/profiles';
import { CHAIN_PROFILE, ENV_PROFILE, hasEnvCredentials } from '../core/credentials';
import { LAMBDA_REGIONS, envRegion, isValidRegion } from '../core/regions';
import { refId, type ConnectionRef } from '../core/connections';
import { describeError } from '../core/errors';
import type { WorkbenchServices } from './services';

const KIND_TEXT: Record<ProfileInfo['kind'], string> = {
  static: 'access keys',
  'assume-role': 'assume role',
  sso: 'IAM Identity Center (SSO)',
  'sso-session': 'IAM Identity Center (sso-session)',
  'credential-process': 'credential_process',
  'web-identity': 'web identity',
  unknown: 'settings only',
};

interface ProfileItem extends vscode.QuickPickItem {
  profile?: string;
  region?: string;
  local?: boolean;
}

async function profileItems(services: WorkbenchServices): Promise<ProfileItem[]> {
  let profiles: ProfileInfo[] = [];
  try {
    profiles = await listProfiles();
  } catch (err) {
    services.log.warn(`Could not read the AWS config files: ${describeError(err)}`);
  }
  const items: ProfileItem[] = profiles.map((p) => ({
    label: `$(account) ${p.name}`,
    description: [KIND_TEXT[p.kind], p.region, p.endpointUrl ? `endpoint ${p.endpointUrl}` : undefined, p.isDefault ? 'default' : undefined]
      .filter(Boolean)
      .join(' · '),
    detail: p.kind === 'assume-role' ? p.roleArn : p.ssoStartUrl,
    profile: p.name,
    region: p.region,
  }));
  if (hasEnvCredentials())
    items.push({
      label: '$(terminal) Environment variables',
      description: 'AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY',
      profile: ENV_PROFILE,
      region: envRegion(),
    });
  items.push({ label: '$(link) Default credential chain', description: 'what the AWS CLI would use', profile: CHAIN_PROFILE, region: envRegion() });
  return items;
}

/** Asks for a region, the profile's default first; any region name can be typed. */
export async function pickRegion(defaultRegion?: string): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem>();
  qp.title = 'Region';
  qp.placeholder = 'Pick a region, or type a region name (e.g. eu-west-1)';
  const regions = [...LAMBDA_REGIONS];
  if (defaultRegion) {
    const i = regions.findIndex((r) => r.id === defaultRegion);
    const first = i >= 0 ? regions.splice(i, 1)[0] : { id: defaultRegion, name: 'from the profile' };
    regions.unshift(first);
  }
  const base = regions.map((r) => ({ label: r.id, description: r.name + (r.id === defaultRegion ? ' · profile default' : '') }));
  qp.items = base;
  qp.onDidChangeValue((v) => {
    const typed = v.trim();
    qp.items = typed && isValidRegion(typed) && !base.some((b) => b.label === typed) ? [{ label: typed, description: 'typed region' }, ...base] : base;
  });
  return new Promise<string | undefined>((resolve) => {
    qp.onDidAccept(() => {
      const pick = qp.selectedItems[0]?.label ?? qp.value.trim();
      if (!isValidRegion(pick)) {
        qp.placeholder = `"${pick}" is not a region name (expected something like us-east-1).`;
        return;
      }
      resolve(pick);
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

/** Asks for a profile; undefined when cancelled. */
async function pickProfile(services: WorkbenchServices, title: string): Promise<ProfileItem | undefined> {
  const items = await profileItems(services);
  const pick = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: 'AWS profile (from the shared config and credentials files)',
    matchOnDescription: true,
  });
  return pick?.profile ? pick : undefined;
}

/** Profile then region; undefined when cancelled. */
export async function pickAwsConnection(services: WorkbenchServices, title: string): Promise<ConnectionRef | undefined> {
  const pick = await pickProfile(services, title);
  if (!pick?.profile) return undefined;
  const region = await pickRegion(pick.region);
  if (!region) return undefined;
  return { kind: 'aws', profile: pick.profile, region };
}

/** Profile then one or more regions (one explorer root each); empty when cancelled. */
export async function pickAwsConnections(services: WorkbenchServices, title: string): Promise<ConnectionRef[]> {
  const pick = await pickProfile(services, title);
  if (!pick?.profile) return [];
  const profile = pick.profile;
  const regions = [...LAMBDA_REGIONS];
  const dflt = pick.region;
  if (dflt && !regions.some((r) => r.id === dflt)) regions.unshift({ id: dflt, name: 'from the profile' });
  const items = regions.map((r) => ({ label: r.id, description: r.name + (r.id === dflt ? ' · profile default' : ''), picked: r.id === dflt }));
  items.sort((a, b) => Number(b.picked) - Number(a.picked));
  const picked = await vscode.window.showQuickPick(items, {
    title: `${title}: regions for ${pick.label.replace(/^\$\([^)]*\)\s*/, '')}`,
    placeHolder: 'Check one or more regions',
    canPickMany: true,
    matchOnDescription: true,
  });
  return (picked ?? []).map((r) => ({ kind: 'aws', profile, region: r.label }));
}

/** The status bar's picker: local service, a known connection, or a new profile + region. */
export async function switchConnection(services: WorkbenchServices): Promise<void> {
  const active = refId(services.connections.activeRef());
  type Item = vscode.QuickPickItem & { ref?: ConnectionRef; other?: boolean };
  const known: Item[] = services.connections.list().map((ref) => ({
    label: `${ref.kind === 'local' ? '$(vm)' : '$(cloud)'} ${services.connections.label(ref)}`,
    description: refId(ref) === active ? 'active' : ref.kind === 'local' ? 'embedded, no AWS account needed' : undefined,
    ref,
  }));
  const items: Item[] = [...known, { label: '', kind: vscode.QuickPickItemKind.Separator }, { label: '$(add) AWS profile and region…', other: true }];
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Lambda: Switch Connection',
    placeHolder: 'Connection used by the status bar, palette commands and new panels',
  });
  if (!pick) return;
  const ref = pick.other ? await pickAwsConnection(services, 'Lambda: Switch Connection') : pick.ref;
  if (!ref) return;
  await services.connections.setActive(ref);
  services.log.info(`Active connection: ${services.connections.label(ref)}`);
}
