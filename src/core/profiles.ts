// Profiles of the shared config and credentials files, read with the SDK's own INI loader so that
// what we list is exactly what the SDK will resolve (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE and
// `[profile x]` / `[sso-session x]` / `[services x]` sections included).
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { ParsedIniData } from '@smithy/types';

export type ProfileKind = 'static' | 'assume-role' | 'sso' | 'sso-session' | 'credential-process' | 'web-identity' | 'unknown';

export interface ProfileInfo {
  name: string;
  kind: ProfileKind;
  /** Default region of the profile (`region`), when set. */
  region?: string;
  /** `endpoint_url` of the profile, or of its `services` section for Lambda. */
  endpointUrl?: string;
  /** Per-service endpoint overrides from the `services` section, keyed by SDK service prefix (lambda, cloudwatch_logs). */
  serviceEndpoints?: Record<string, string>;
  /** Which files define it. */
  sources: Array<'config' | 'credentials'>;
  /** For sso-session profiles: the session name. */
  ssoSession?: string;
  ssoStartUrl?: string;
  roleArn?: string;
  sourceProfile?: string;
  /** True for the profile the SDK uses when none is named (AWS_PROFILE, else "default"). */
  isDefault: boolean;
}

export interface ProfileFilesOptions {
  /** Overrides AWS_CONFIG_FILE / ~/.aws/config (tests). */
  configFilepath?: string;
  /** Overrides AWS_SHARED_CREDENTIALS_FILE / ~/.aws/credentials (tests). */
  filepath?: string;
  env?: NodeJS.ProcessEnv;
}

/** The SDK's rule: AWS_PROFILE, else "default". */
export function defaultProfileName(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || 'default';
}

function kindOf(p: Record<string, string | undefined>): ProfileKind {
  // Order matters: a profile with role_arn is an assume-role profile even if it also has keys (the
  // SDK gives role_arn precedence); the same for the SSO settings.
  if (p.role_arn && p.web_identity_token_file) return 'web-identity';
  if (p.role_arn) return 'assume-role';
  if (p.sso_session) return 'sso-session';
  if (p.sso_start_url || p.sso_account_id) return 'sso';
  if (p.credential_process) return 'credential-process';
  if (p.aws_access_key_id) return 'static';
  return 'unknown';
}

/** Endpoint overrides of a profile: `endpoint_url`, and per service in `[services name]`. */
function endpointsOf(p: Record<string, string | undefined>, config: ParsedIniData): { endpointUrl?: string; serviceEndpoints?: Record<string, string> } {
  const out: { endpointUrl?: string; serviceEndpoints?: Record<string, string> } = {};
  if (p.endpoint_url) out.endpointUrl = p.endpoint_url;
  if (p.services) {
    const section = config[`services.${p.services}`] ?? {};
    const perService: Record<string, string> = {};
    for (const [key, value] of Object.entries(section)) {
      // The SDK flattens `lambda =\n  endpoint_url = X` to `lambda.endpoint_url`.
      const m = /^([a-z0-9_]+)\.endpoint_url$/.exec(key);
      if (m && value) perService[m[1]] = value;
    }
    if (Object.keys(perService).length) out.serviceEndpoints = perService;
  }
  return out;
}

/** Lists every profile of the two files, sorted with the default first, then by name. */
export async function listProfiles(opts: ProfileFilesOptions = {}): Promise<ProfileInfo[]> {
  const env = opts.env ?? process.env;
  const { configFile, credentialsFile } = await loadSharedConfigFiles({
    configFilepath: opts.configFilepath ?? env.AWS_CONFIG_FILE ?? undefined,
    filepath: opts.filepath ?? env.AWS_SHARED_CREDENTIALS_FILE ?? undefined,
    ignoreCache: true,
  });
  const dflt = defaultProfileName(env);
  const names = new Set<string>();
  for (const key of [...Object.keys(configFile), ...Object.keys(credentialsFile)]) {
    // Section keys of other types carry their type as prefix (`sso-session.x`, `services.x`).
    if (key.startsWith('sso-session.') || key.startsWith('services.')) continue;
    names.add(key);
  }
  const profiles: ProfileInfo[] = [];
  for (const name of names) {
    const fromConfig = configFile[name];
    const fromCreds = credentialsFile[name];
    // Same precedence as the SDK's parseKnownFiles: credentials file values win.
    const merged: Record<string, string | undefined> = { ...(fromConfig ?? {}), ...(fromCreds ?? {}) };
    const sources: ProfileInfo['sources'] = [];
    if (fromConfig) sources.push('config');
    if (fromCreds) sources.push('credentials');
    const kind = kindOf(merged);
    const info: ProfileInfo = { name, kind, sources, isDefault: name === dflt, ...endpointsOf(merged, configFile) };
    if (merged.region) info.region = merged.region;
    if (merged.sso_session) {
      info.ssoSession = merged.sso_session;
      const session = configFile[`sso-session.${merged.sso_session}`];
      if (session?.sso_start_url) info.ssoStartUrl = session.sso_start_url;
      // sso_region is where the portal is, not a default for API calls: deliberately not used as the region.
    } else if (merged.sso_start_url) {
      info.ssoStartUrl = merged.sso_start_url;
    }
    if (merged.role_arn) info.roleArn = merged.role_arn;
    if (merged.source_profile) info.sourceProfile = merged.source_profile;
    profiles.push(info);
  }
  return profiles.sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name));
}

/** Finds one profile by name; undefined when it is in neither file. */
export async function findProfile(name: string, opts: ProfileFilesOptions = {}): Promise<ProfileInfo | undefined> {
  return (await listProfiles(opts)).find((p) => p.name === name);
}

/** Endpoint a client of the given service (SDK prefix: lambda, cloudwatch_logs) should use for a profile. */
export function endpointFor(profile: ProfileInfo, service: 'lambda' | 'cloudwatch_logs'): string | undefined {
  return profile.serviceEndpoints?.[service] ?? profile.endpointUrl;
}
