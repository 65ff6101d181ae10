// The working copy behind the environment and tags editors: rows edited one by one, secrets masked
// (a masked value the user did not touch keeps its original value), and what to send when saved.
// No vscode import, so it is tested under plain Node.
import { MASK, isSecretEnvName, looksSecret, unmaskEnvironment, validateConfig } from '../../lambda';

export interface TableRow {
  name: string;
  /** What the table shows: MASK for a secret that was not retyped. */
  shown: string;
  secret: boolean;
  state: 'same' | 'added' | 'changed';
}

export class KeyValueTable {
  private readonly edited = new Map<string, string>();

  /** `maskSecrets`: environment variables (true) or tags (false, tag values are not secret). */
  constructor(
    private readonly original: Record<string, string>,
    private readonly maskSecrets: boolean,
  ) {
    for (const [k, v] of Object.entries(original)) this.edited.set(k, this.isSecret(k, v) ? MASK : v);
  }

  private isSecret(name: string, value: string): boolean {
    return this.maskSecrets && (isSecretEnvName(name) || looksSecret(value));
  }

  rows(): TableRow[] {
    return [...this.edited.entries()]
      .map(([name, value]) => {
        const was = this.original[name];
        const secret = this.maskSecrets && (value === MASK || this.isSecret(name, value));
        const state: TableRow['state'] = was === undefined ? 'added' : value === MASK || value === was ? 'same' : 'changed';
        return { name, shown: secret ? MASK : value, secret, state };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  has(name: string): boolean {
    return this.edited.has(name);
  }

  /** True when the row's value must be retyped to be seen (a secret). */
  isMasked(name: string): boolean {
    return this.edited.get(name) === MASK;
  }

  /** The editable value (never a secret's original: the user retypes it or leaves it). */
  valueForEdit(name: string): string {
    const v = this.edited.get(name) ?? '';
    return v === MASK ? '' : v;
  }

  set(name: string, value: string): void {
    this.edited.set(name, value);
  }

  rename(from: string, to: string): void {
    if (from === to || !this.edited.has(from)) return;
    const v = this.edited.get(from)!;
    this.edited.delete(from);
    // A masked value keeps its meaning only under its own name: renamed, it is the original value.
    this.edited.set(to, v === MASK ? this.original[from] : v);
  }

  remove(name: string): void {
    this.edited.delete(name);
  }

  removed(): string[] {
    return Object.keys(this.original).filter((k) => !this.edited.has(k));
  }

  changeCount(): number {
    return this.rows().filter((r) => r.state !== 'same').length + this.removed().length;
  }

  /** The whole environment to send (Lambda replaces the map), secrets restored. */
  environment(): Record<string, string> {
    return unmaskEnvironment(this.original, Object.fromEntries(this.edited));
  }

  /** Tag change: new or changed keys with their value, removed keys with null. */
  tagChange(): Record<string, string | null> {
    const out: Record<string, string | null> = {};
    for (const [k, v] of this.edited) if (this.original[k] !== v) out[k] = v;
    for (const k of this.removed()) out[k] = null;
    return out;
  }
}

/** Why a variable name/value cannot be used, from the engine's own rules (name shape, reserved keys). */
export function envEntryProblem(name: string, value = 'x'): string | undefined {
  const errors = validateConfig({ Environment: { [name]: value } });
  return errors[0]?.message;
}

/** Why a tag key cannot be used. */
export function tagKeyProblem(key: string): string | undefined {
  if (!key || key.length > 128) return 'A tag key is 1-128 characters.';
  if (/^aws:/i.test(key)) return 'Tag keys starting with aws: are reserved by AWS.';
  if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u.test(key)) return 'A tag key uses letters, digits, spaces and _ . : / = + - @.';
  return undefined;
}
