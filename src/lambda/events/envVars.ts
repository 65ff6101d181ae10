// The env-vars overrides file of `sam local invoke --env-vars`:
//   { "Parameters": { "VAR": "applies to every function" }, "MyFunction": { "VAR": "this function only" } }
// As in SAM, a value overrides only a variable the template declares for the function (so a typo in
// the file cannot invent configuration that would not exist on deploy); the others are reported.
import { ValidationError } from '../errors';

export type EnvVarsFile = Record<string, Record<string, string>>;

export function parseEnvVarsFile(text: string, file = 'the env-vars file'): EnvVarsFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ValidationError(
      `${file} is not valid JSON (${(err as Error).message}). It should look like {"Parameters": {"VAR": "value"}, "MyFunction": {"VAR": "value"}}.`,
      'EnvVars',
    );
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new ValidationError(`${file} must be a JSON object of sections ("Parameters" or a function's logical id), each an object of variables.`, 'EnvVars');
  const out: EnvVarsFile = {};
  for (const [section, vars] of Object.entries(doc)) {
    if (!vars || typeof vars !== 'object' || Array.isArray(vars))
      throw new ValidationError(`In ${file}, "${section}" must be an object of variable names to values.`, 'EnvVars');
    out[section] = {};
    for (const [k, v] of Object.entries(vars as Record<string, unknown>)) {
      if (v === null || typeof v === 'object') throw new ValidationError(`In ${file}, ${section}.${k} must be a string, number or boolean.`, 'EnvVars');
      out[section][k] = String(v);
    }
  }
  return out;
}

export interface EnvOverrideResult {
  environment: Record<string, string>;
  /** Variables the file sets that the template does not declare for this function (not applied). */
  ignored: string[];
}

/** Applies the file to a function's template environment: Parameters first, then the function's own section. */
export function envOverridesFor(file: EnvVarsFile, templateEnv: Record<string, string>, declared: string[], keys: string[]): EnvOverrideResult {
  const environment = { ...templateEnv };
  const ignored = new Set<string>();
  const known = new Set([...Object.keys(templateEnv), ...declared]);
  const sections = [file.Parameters ?? {}, ...keys.map((k) => file[k]).filter((s): s is Record<string, string> => !!s)];
  for (const section of sections) {
    for (const [k, v] of Object.entries(section)) {
      if (known.has(k)) environment[k] = v;
      else ignored.add(k);
    }
  }
  // A variable set by the function's own section is not "ignored" just because Parameters lists it too.
  for (const k of Object.keys(environment)) ignored.delete(k);
  return { environment, ignored: [...ignored].sort() };
}
