// Temp AWS config folders for the core tests: each test gets its own HOME, config and credentials
// files, and the process env is restored afterwards.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ENV_KEYS = [
  'HOME',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_EC2_METADATA_DISABLED',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
];

export interface AwsHome {
  dir: string;
  config: string;
  credentials: string;
  write(config: string, credentials?: string): void;
  cleanup(): void;
}

export function makeAwsHome(): AwsHome {
  const saved = new Map(ENV_KEYS.map((k) => [k, process.env[k]]));
  const dir = mkdtempSync(join(tmpdir(), 'lw-core-'));
  mkdirSync(join(dir, '.aws'), { recursive: true });
  const config = join(dir, '.aws', 'config');
  const credentials = join(dir, '.aws', 'credentials');
  for (const k of ENV_KEYS) delete process.env[k];
  process.env.HOME = dir;
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  return {
    dir,
    config,
    credentials,
    write(c: string, cr = '') {
      writeFileSync(config, c);
      writeFileSync(credentials, cr);
    },
    cleanup() {
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Fake but well-shaped keys (AWS documentation style): never real.
export const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
export const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
export const TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLETOKENvalue1234567890abcdefSESSION';
