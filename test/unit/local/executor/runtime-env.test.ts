// The language paths of the runtimes added for issue 14 (ruby, java): where the package's and the
// layers' libraries are found, layers in /opt's merge order (later layers win).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildEnvironment } from '../../../../src/local/executor/env-vars';
import { javaCommand, needsJdk } from '../../../../src/local/executor/java-runner';
import type { ResolvedFunction } from '../../../../src/local/seams';
import type { RunnerSpec } from '../../../../src/local/executor/runners';

const fn = (over: Partial<ResolvedFunction> = {}): ResolvedFunction => ({
  functionName: 'f',
  functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
  version: '$LATEST',
  runtime: 'ruby3.3',
  handler: 'lambda_function.handler',
  codeDir: '/code',
  sourceMode: false,
  layerDirs: ['/l1', '/l2'],
  memorySize: 512,
  timeout: 3,
  environment: { GEM_HOME: '/mine' },
  logGroup: '/aws/lambda/f',
  logFormat: 'Text',
  architectures: ['x86_64'],
  revisionId: 'r',
  codeSha256: 'x',
  ...over,
});
const inputs = { region: 'eu-west-1', runtimeApi: '127.0.0.1:9', logStream: 's', tmpDir: '/tmp/x' };

describe('ruby function environment', () => {
  const ruby: RunnerSpec = {
    family: 'ruby',
    command: '/usr/bin/ruby3.1',
    args: [],
    runtimeDir: '/rt/ruby',
    runtimeVersion: 'ruby:3.1.local',
    languageVersion: '3.3.0',
    actualLanguageVersion: '3.1.0',
  };

  it("searches the declared and the running ruby's gem folders in the package, then in the layers", () => {
    const env = buildEnvironment({ fn: fn(), runner: ruby, ...inputs });
    assert.equal(
      env.GEM_PATH,
      [
        '/code/vendor/bundle/ruby/3.3.0',
        '/code/vendor/bundle/ruby/3.1.0',
        '/l2/ruby/gems/3.3.0',
        '/l2/ruby/gems/3.1.0',
        '/l1/ruby/gems/3.3.0',
        '/l1/ruby/gems/3.1.0',
      ].join(':'),
    );
    assert.equal(env.RUBYLIB, '/code:/rt/ruby:/l2/ruby/lib:/l1/ruby/lib');
    assert.equal(env.AWS_EXECUTION_ENV, 'AWS_Lambda_ruby3.3');
    assert.equal(env.GEM_HOME, '/mine', "the function's own variables still apply");
  });

  it('lists a gem folder once when the running ruby is the declared one', () => {
    const env = buildEnvironment({ fn: fn({ layerDirs: [] }), runner: { ...ruby, actualLanguageVersion: '3.3.0' }, ...inputs });
    assert.equal(env.GEM_PATH, '/code/vendor/bundle/ruby/3.3.0');
  });
});

describe('java command line', () => {
  const info = { java: '/jdk/bin/java', javac: '/jdk/bin/javac', major: 17, version: '17.0.15', home: '/jdk' };

  it("puts the runtime client, then Lambda's classpath on it: the package, lib/*, the layers' java/lib/* (later layers first)", () => {
    const cmd = javaCommand(info, '/cache/client', fn({ runtime: 'java17', memorySize: 1024 }));
    assert.equal(cmd.command, '/jdk/bin/java');
    assert.ok(cmd.args.includes('-Xmx870m'));
    const cp = cmd.args[cmd.args.indexOf('-cp') + 1];
    assert.equal(cp, '/cache/client:/code:/code/lib/*:/l2/java/lib/*:/l1/java/lib/*');
    assert.equal(cmd.args.at(-1), 'lambdaworkbench.LambdaBootstrap');
    assert.equal(cmd.warning, undefined);
  });

  it('warns when the JDK is not the version the runtime names, and starts a debugger agent when asked', () => {
    assert.match(javaCommand(info, '/c', fn({ runtime: 'java21' })).warning!, /java21 runs on this machine's Java 17\.0\.15, older than the Java 21 it names/);
    assert.match(javaCommand(info, '/c', fn({ runtime: 'java11' })).warning!, /newer than the Java 11 it names/);
    const debug = javaCommand(info, '/c', fn({ runtime: 'java17' }), { inspectPort: 5005, waitForDebugger: true });
    assert.ok(debug.args.includes('-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=127.0.0.1:5005'));
  });

  it('names the JDK package to install', () => {
    assert.match(needsJdk('java21', 'no java').message, /java21 needs a JDK: apt-get install openjdk-21-jdk-headless/);
  });
});
