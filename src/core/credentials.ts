// Credentials for a profile, resolved by the SDK's own providers (fromIni covers static keys,
// assume-role, SSO / sso-session, credential_process and web identity). Every failure is turned into
// an actionable WorkbenchError that names the profile and never carries a secret.
import { fromEnv, fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { toWorkbenchError, WorkbenchError } from './errors';
import { registerSecret } from './redact';
import type { ProfileFilesOptions } from './profiles';

/** Pseudo-profile: the AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN variables. */
export const ENV_PROFILE = '$env';
/** Pseudo-profile: the SDK's default chain (env, SSO, ini, process, container, instance metadata). */
export const CHAIN_PROFILE = '$chain';

export function isPseudoProfile(name: string): boolean {
  return name === ENV_PROFILE || name === CHAIN_PROFILE;
}

export function profileDisplayName(name: string): string {
  if (name === ENV_PROFILE) return 'environment';
  if (name === CHAIN_PROFILE) return 'default chain';
  return name;
}

/** True when the environment holds static credentials (what fromEnv reads). */
export function hasEnvCredentials(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY);
}

export interface CredentialOptions extends ProfileFilesOptions {
  /** Asked when an assume-role profile has mfa_serial. */
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
}

function baseProvider(profile: string, opts: CredentialOptions): AwsCredentialIdentityProvider {
  if (profile === ENV_PROFILE) return fromEnv();
  if (profile === CHAIN_PROFILE) return fromNodeProviderChain({ ignoreCache: true });
  return fromIni({
    profile,
    configFilepath: opts.configFilepath ?? opts.env?.AWS_CONFIG_FILE,
    filepath: opts.filepath ?? opts.env?.AWS_SHARED_CREDENTIALS_FILE,
    // Re-read the files on each resolution so a fresh `aws sso login` or edited file is picked up.
    ignoreCache: true,
    mfaCodeProvider: opts.mfaCodeProvider,
  });
}

/**
 * A provider for SDK clients: resolves through the SDK, registers the secrets with the redactor so they
 * can never leak into a message later, and rethrows failures as actionable errors.
 */
export function credentialProvider(profile: string, opts: CredentialOptions = {}): AwsCredentialIdentityProvider {
  const inner = baseProvider(profile, opts);
  return async (identityProps) => {
    try {
      const creds = await inner(identityProps);
      registerSecret(creds.secretAccessKey);
      registerSecret(creds.sessionToken);
      registerSecret(creds.accessKeyId);
      return creds;
    } catch (err) {
      if (profile === ENV_PROFILE) {
        throw new WorkbenchError(
          'NoCredentials',
          'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set in the environment VS Code was started from.',
          'Set them (and AWS_SESSION_TOKEN for temporary keys) before starting VS Code, or use a profile.',
          { cause: err },
        );
      }
      throw toWorkbenchError(err, { profile: profileDisplayName(profile), operation: 'resolving credentials' });
    }
  };
}

/** Resolves once (e.g. to test a connection before using it). */
export async function resolveCredentials(profile: string, opts: CredentialOptions = {}): Promise<AwsCredentialIdentity> {
  return credentialProvider(profile, opts)();
}
