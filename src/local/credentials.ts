// The local service's own signing keys: generated once per data directory and kept there (mode 0600).
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './fsutil';
import type { Keys } from './security';

const FILE = 'credentials.json';

function generate(): Keys {
  // Same alphabet and lengths as real keys, so tools that validate their shape accept them.
  const id = 'LKIA' + randomBytes(12).toString('hex').toUpperCase().slice(0, 16);
  const secret = randomBytes(30)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, 'A')
    .slice(0, 40);
  return { accessKeyId: id, secretAccessKey: secret };
}

/** Loads the data dir's keys, creating them on first start; explicit keys (flags) win and are not stored. */
export function loadOrCreateKeys(dataDir: string, explicit?: Partial<Keys>): Keys {
  if (explicit?.accessKeyId && explicit.secretAccessKey) {
    return { accessKeyId: explicit.accessKeyId, secretAccessKey: explicit.secretAccessKey };
  }
  const path = join(dataDir, FILE);
  if (existsSync(path)) {
    let parsed: Partial<Keys>;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Keys>;
    } catch {
      throw new Error(`${path} is not valid JSON: delete it to generate new local credentials.`);
    }
    if (typeof parsed.accessKeyId !== 'string' || typeof parsed.secretAccessKey !== 'string') {
      throw new Error(`${path} lacks accessKeyId/secretAccessKey: delete it to generate new local credentials.`);
    }
    chmodSync(path, 0o600);
    return { accessKeyId: parsed.accessKeyId, secretAccessKey: parsed.secretAccessKey };
  }
  const keys = generate();
  writeFileAtomic(path, JSON.stringify(keys, null, 2) + '\n', 0o600);
  return keys;
}
