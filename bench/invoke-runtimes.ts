// The ruby and java functions of bench/invoke.bench.ts: the same echo handler as its node and python
// ones, the Java one compiled here with the machine's javac (no Lambda library), and what each system
// needs to run them. Kept apart so the bench itself stays one screenful per system.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const RB_HANDLER = 'def handler(event:, context:)\n  { ok: true, echo: event }\nend\n';

const JAVA_HANDLER = `package bench;
import java.util.LinkedHashMap;
import java.util.Map;
public class Handler {
  public Map<String, Object> handleRequest(Map<String, Object> event) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ok", true);
    out.put("echo", event);
    return out;
  }
}
`;

/** Why ruby or java cannot be measured here, or undefined when they can. */
export function missing(runtime: 'ruby' | 'java'): string | undefined {
  try {
    execFileSync(runtime === 'ruby' ? 'ruby' : 'javac', [runtime === 'ruby' ? '--version' : '-version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return runtime === 'ruby' ? 'no ruby on this machine (apt-get install ruby)' : 'no JDK on this machine (apt-get install openjdk-17-jdk-headless)';
  }
}

/** Compiles the Java handler into `dir` (bench/Handler.class) and packs `dir/handler.jar` too. */
export function buildJava(dir: string): { classes: string; jar: string; files: Record<string, Buffer> } {
  const classes = join(dir, 'classes');
  mkdirSync(join(dir, 'src', 'bench'), { recursive: true });
  writeFileSync(join(dir, 'src', 'bench', 'Handler.java'), JAVA_HANDLER);
  execFileSync('javac', ['-d', classes, join(dir, 'src', 'bench', 'Handler.java')], { stdio: 'pipe' });
  const jar = join(dir, 'handler.jar');
  execFileSync('jar', ['cf', jar, '-C', classes, '.'], { stdio: 'pipe' });
  const files: Record<string, Buffer> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else files[relative(classes, join(d, e.name))] = readFileSync(join(d, e.name));
    }
  };
  walk(classes);
  return { classes, jar, files };
}

export const JAVA_HANDLER_NAME = 'bench.Handler::handleRequest';
