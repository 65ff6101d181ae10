// java* functions on the machine's JDK: our Runtime API client (runtimes/java, JDK classes only) is
// compiled once with the machine's javac into the shared cache, keyed by its source and the JDK's
// version, and reused by every later cold start. The function's classpath is Lambda's: the package
// root, its lib/*.jar, and the layers' java/lib/*.jar (later layers first, as /opt merges them).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ServiceError, type ResolvedFunction } from '../seams';
import { cacheRoot, installOnce } from './tool-cache';

export interface JavaInfo {
  java: string;
  javac?: string;
  /** 17 for 17.0.15 (and 8 for 1.8). */
  major: number;
  version: string;
  home: string;
}

let probe: Promise<JavaInfo> | undefined;

/** The JDK in $LAMBDA_WORKBENCH_JAVA_HOME, else $JAVA_HOME, else `java` on PATH; its javac beside it. */
export function findJava(runtime: string): Promise<JavaInfo> {
  probe ??= new Promise((resolve, reject) => {
    const home = process.env.LAMBDA_WORKBENCH_JAVA_HOME || process.env.JAVA_HOME;
    const java = home ? join(home, 'bin', 'java') : 'java';
    execFile(java, ['-XshowSettings:properties', '-version'], { timeout: 20_000 }, (err, _stdout, stderr) => {
      const prop = (k: string): string | undefined => new RegExp(`^\\s*${k.replace(/\./g, '\\.')} = (.*)$`, 'm').exec(String(stderr))?.[1]?.trim();
      const spec = prop('java.specification.version');
      const javaHome = prop('java.home');
      if (err || !spec || !javaHome) {
        probe = undefined;
        return reject(needsJdk(runtime, `\`${java}\` was not found on this machine`));
      }
      const major = Number(spec.startsWith('1.') ? spec.slice(2) : spec);
      const javac = join(javaHome, 'bin', 'javac');
      resolve({
        java: join(javaHome, 'bin', 'java'),
        javac: existsSync(javac) ? javac : undefined,
        major,
        version: prop('java.version') ?? spec,
        home: javaHome,
      });
    });
  });
  return probe;
}

/** "java17 needs a JDK: apt-get install openjdk-17-jdk-headless", with why it cannot run now. */
export function needsJdk(runtime: string, why: string): ServiceError {
  const major = /^java(\d+)/.exec(runtime)?.[1] ?? '17';
  return new ServiceError(
    400,
    'InvalidRuntimeException',
    `Cannot run ${runtime} functions locally: ${why}. ${runtime} needs a JDK: apt-get install openjdk-${major}-jdk-headless ` +
      '(or set JAVA_HOME to a JDK), then invoke again.',
  );
}

/** The folder holding our compiled runtime client for this JDK, compiling it on first use. */
export async function compiledBootstrap(runtimesRoot: string, info: JavaInfo, runtime: string): Promise<string> {
  const srcDir = join(runtimesRoot, 'java', 'lambdaworkbench');
  const files = readdirSync(srcDir)
    .filter((f) => f.endsWith('.java'))
    .sort()
    .map((f) => join(srcDir, f));
  const hash = createHash('sha256');
  for (const f of files) hash.update(f.slice(srcDir.length)).update(readFileSync(f));
  hash.update(info.version).update(info.home);
  const final = join(cacheRoot(), 'java', `runtime-client-${info.version}-${hash.digest('hex').slice(0, 16)}`);
  if (!info.javac) {
    throw needsJdk(runtime, `this machine's Java ${info.version} (${info.home}) has no javac, which compiles the local Java runtime client once`);
  }
  const javac = info.javac;
  return installOnce(final, (tmp) => {
    return new Promise<void>((resolve, reject) => {
      execFile(javac, ['-encoding', 'UTF-8', '-nowarn', '-d', tmp, ...files], { timeout: 180_000 }, (err, stdout, stderr) => {
        if (!err) return resolve();
        reject(
          new ServiceError(
            500,
            'ServiceException',
            `Could not compile the local Java runtime client with ${javac}: ${String(stderr || stdout || err.message).slice(-2000)}`,
          ),
        );
      });
    });
  });
}

/** Lambda's classpath: /var/task, /var/task/lib/*, /opt/java/lib/* (JVM wildcards expand the jars). */
export function functionClasspath(fn: ResolvedFunction): string[] {
  const layers = [...fn.layerDirs].reverse();
  return [fn.codeDir, join(fn.codeDir, 'lib', '*'), ...layers.map((l) => join(l, 'java', 'lib', '*'))];
}

export interface JavaCommand {
  command: string;
  args: string[];
  warning?: string;
}

/** The JVM command line: flags as Lambda's java runtime starts it (fast start over peak speed). */
export function javaCommand(
  info: JavaInfo,
  runtimeClient: string,
  fn: ResolvedFunction,
  debug?: { inspectPort: number; waitForDebugger: boolean },
): JavaCommand {
  const heap = Math.max(32, Math.floor(fn.memorySize * 0.85));
  const args = ['-XX:+TieredCompilation', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xshare:auto', '-XX:-UsePerfData', `-Xmx${heap}m`];
  if (debug) args.push(`-agentlib:jdwp=transport=dt_socket,server=y,suspend=${debug.waitForDebugger ? 'y' : 'n'},address=127.0.0.1:${debug.inspectPort}`);
  args.push('-cp', [runtimeClient, ...functionClasspath(fn)].join(delimiter), 'lambdaworkbench.LambdaBootstrap');
  const declared = Number(/^java(\d+)/.exec(fn.runtime)?.[1] ?? info.major);
  const warning =
    info.major < declared
      ? `WARNING: ${fn.runtime} runs on this machine's Java ${info.version}, older than the Java ${declared} it names: classes built for ${declared} will not load. Install openjdk-${declared}-jdk-headless and set JAVA_HOME to it.`
      : info.major > declared
        ? `WARNING: ${fn.runtime} runs on this machine's Java ${info.version}, newer than the Java ${declared} it names.`
        : undefined;
  return { command: info.java, args, warning };
}
