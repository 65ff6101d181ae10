// Regular expressions of queries (`like /re/`, `=~`, `parse @message /(?<name>…)/`) run by RE2
// (re2js): matching is linear in the length of the message, so no query can stall the service that
// runs it, as CloudWatch's own engine guarantees. JavaScript's backtracking RegExp would let one
// pattern take seconds per line. Flags: i, m, s as in JavaScript.
import { RE2JS } from 're2js';

export interface QueryRegex {
  test(s: string): boolean;
  /** The groups of the first match (index 0: the whole match), with named groups by name; null when none. */
  exec(s: string): { groups: Record<string, string | undefined>; [i: number]: string | undefined } | null;
}

/** Compiles; throws an Error whose message says what is wrong (RE2 refuses backreferences and lookaround). */
export function compileRegex(source: string, flags = ''): QueryRegex {
  let f = 0;
  if (flags.includes('i')) f |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('m')) f |= RE2JS.MULTILINE;
  if (flags.includes('s')) f |= RE2JS.DOTALL;
  const re = RE2JS.compile(source, f);
  const names = Object.keys(re.namedGroups() as Record<string, number>);
  // A pattern without metacharacters (`/ERROR/`, the common case) is a substring test.
  const literal = !flags.includes('i') && /^[\w \t:=@,;'"%&#<>!~/-]*$/.test(source) ? source : undefined;
  return {
    test: literal !== undefined ? (s) => s.includes(literal) : (s) => re.matcher(s).find(),
    exec: (s) => {
      const m = re.matcher(s);
      if (!m.find()) return null;
      const out: { groups: Record<string, string | undefined>; [i: number]: string | undefined } = { groups: {} };
      for (let i = 0; i <= m.groupCount(); i++) out[i] = m.group(i) ?? undefined;
      for (const n of names) out.groups[n] = m.group(n) ?? undefined;
      return out;
    },
  };
}
