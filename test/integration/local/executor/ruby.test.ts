// Ruby functions (ruby3.x) on the machine's ruby through the executor: the handler shapes, the
// context, the error shape, puts and Logger in the log, gems and libraries from the package and layers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AWS_CLI, startLocal, type LocalHarness } from '../harness';
import { CliFunctions } from './cli-functions';
import { fixture, type Fixture } from './helpers';

function hasRuby(): boolean {
  try {
    execFileSync('ruby', ['-e', '0'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

type J = Record<string, unknown>;

describe('executor: ruby runner', { skip: !hasRuby() && 'ruby is not installed (apt-get install ruby)' }, () => {
  let f: Fixture;
  before(() => {
    f = fixture();
  });
  after(() => f.close());

  it('runs handler(event:, context:) with the context Lambda gives, puts and Logger reach the log, stays warm', async () => {
    const dir = f.code({
      'lambda_function.rb': `require 'logger'
$count = 0
def lambda_handler(event:, context:)
  $count += 1
  puts "printed #{event['x']}", "second line"
  Logger.new($stdout).info("logged")
  { count: $count, id: context.aws_request_id, fn: context.function_name, version: context.function_version,
    arn: context.invoked_function_arn, mem: context.memory_limit_in_mb, group: context.log_group_name,
    stream: context.log_stream_name, remaining: context.get_remaining_time_in_millis, env: ENV['AWS_EXECUTION_ENV'] }
end
`,
    });
    const fn = f.fn({ codeDir: dir, runtime: 'ruby3.3', handler: 'lambda_function.lambda_handler', functionName: 'rb' });
    const r = await f.invoke(fn, { x: 5 }, { requestId: 'rb-1' });
    assert.equal(r.functionError, undefined, r.payload.toString());
    const j = r.json as J;
    assert.deepEqual(
      [j.count, j.id, j.fn, j.version, j.arn, j.mem, j.group, j.env],
      [1, 'rb-1', 'rb', '$LATEST', 'arn:aws:lambda:us-east-1:000000000000:function:rb', '128', '/aws/lambda/rb', 'AWS_Lambda_ruby3.3'],
    );
    assert.match(j.stream as string, /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
    assert.ok((j.remaining as number) > 0 && (j.remaining as number) <= 3000);
    assert.match(
      r.logs,
      /^START RequestId: rb-1 Version: \$LATEST\nprinted 5\nsecond line\nI, \[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6} #\d+\] {2}INFO rb-1 -- : logged\nEND RequestId: rb-1\nREPORT RequestId: rb-1\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: [\d.]+ ms\t\n$/,
    );
    const [init, warning] = f.sink.messages('/aws/lambda/rb');
    assert.match(init!, /^INIT_START Runtime Version: ruby:\d+\.\d+\.local\t/);
    const running = /ruby:(\d+\.\d+)/.exec(init!)![1];
    // The log says when the machine's ruby is not the one the runtime names.
    if (running === '3.3') assert.match(warning!, /^START /);
    else
      assert.match(warning!, new RegExp(`^WARNING: ruby3\\.3 runs on this machine's Ruby ${running!.replace('.', '\\.')}\\.\\d+ \\(.*\\), not Ruby 3\\.3\\.`));
    const r2 = await f.invoke(fn, { x: 6 });
    assert.equal((r2.json as J).count, 2);
  });

  it('runs Module::Class.method handlers from a file in a folder', async () => {
    const dir = f.code({
      'app/handlers.rb': `module Shop\n  class Orders\n    def self.create(event:, context:)\n      "order #{event['id']}"\n    end\n  end\nend\n`,
    });
    const r = await f.invoke(f.fn({ codeDir: dir, runtime: 'ruby3.2', handler: 'app/handlers.Shop::Orders.create' }), { id: 7 });
    assert.equal(r.json, 'order 7');
  });

  it("answers errors in Lambda's ruby shape and logs them", async () => {
    const dir = f.code({ 'fail.rb': `class OrderError < StandardError; end\ndef handler(event:, context:)\n  raise OrderError, "no stock"\nend\n` });
    const r = await f.invoke(f.fn({ codeDir: dir, runtime: 'ruby3.4', handler: 'fail.handler', functionName: 'rbe' }), {}, { requestId: 'rbe-1' });
    assert.equal(r.functionError, 'Unhandled');
    const e = r.json as { errorMessage: string; errorType: string; stackTrace: string[] };
    assert.deepEqual(Object.keys(e), ['errorMessage', 'errorType', 'stackTrace']);
    assert.equal(e.errorType, 'Function<OrderError>');
    assert.equal(e.errorMessage, 'no stock');
    assert.equal(e.stackTrace.length, 1, e.stackTrace.join('\n'));
    assert.match(e.stackTrace[0], /\/fail\.rb:3:in [`'](Object#)?handler'$/);
    assert.match(r.logs, /\nError raised from handler method\n\{\n {2}"errorMessage": "no stock",\n {2}"errorType": "Function<OrderError>",/);
  });

  it('reports an init error for a file that cannot load, and NoMethodError for a missing method', async () => {
    const dir = f.code({ 'other.rb': 'X = 1\n' });
    const r = await f.invoke(f.fn({ codeDir: dir, runtime: 'ruby3.3', handler: 'lambda_function.handler' }));
    assert.equal(r.functionError, 'Unhandled');
    const e = r.json as { errorMessage: string; errorType: string };
    assert.equal(e.errorType, 'Init<LoadError>');
    assert.match(e.errorMessage, /cannot load such file -- .*\/lambda_function$/);
    const r2 = await f.invoke(f.fn({ codeDir: dir, runtime: 'ruby3.3', handler: 'other.handler' }));
    assert.equal((r2.json as { errorType: string }).errorType, 'Function<NoMethodError>');
  });

  it('loads gems from the package and from layers, and libraries from /opt/ruby/lib', async () => {
    const gem = (name: string, value: string): Record<string, string> => ({
      [`specifications/${name}-1.0.0.gemspec`]: `Gem::Specification.new do |s|\n  s.name = "${name}"\n  s.version = "1.0.0"\n  s.summary = "t"\n  s.authors = ["t"]\n  s.files = ["lib/${name}.rb"]\n  s.require_paths = ["lib"]\nend\n`,
      [`gems/${name}-1.0.0/lib/${name}.rb`]: `module ${name[0]!.toUpperCase() + name.slice(1)}\n  VALUE = "${value}"\nend\n`,
    });
    const prefix = (p: string, files: Record<string, string>): Record<string, string> =>
      Object.fromEntries(Object.entries(files).map(([k, v]) => [`${p}/${k}`, v]));
    const layer = f.code({ ...prefix('ruby/gems/3.3.0', gem('layergem', 'from layer gem')), 'ruby/lib/shared.rb': 'SHARED = "from layer lib"\n' });
    const dir = f.code({
      ...prefix('vendor/bundle/ruby/3.3.0', gem('pkggem', 'from package gem')),
      'lambda_function.rb': `require 'pkggem'\nrequire 'layergem'\nrequire 'shared'\ndef handler(event:, context:)\n  [Pkggem::VALUE, Layergem::VALUE, SHARED]\nend\n`,
    });
    const r = await f.invoke(f.fn({ codeDir: dir, runtime: 'ruby3.3', handler: 'lambda_function.handler', layerDirs: [layer] }));
    assert.deepEqual(r.json, ['from package gem', 'from layer gem', 'from layer lib'], r.logs);
  });
});

describe(
  'ruby functions through the AWS CLI v2',
  { skip: (!hasRuby() && 'ruby is not installed') || (!existsSync(AWS_CLI) && 'no AWS CLI v2 at /usr/bin/aws') },
  () => {
    let h: LocalHarness;
    let cli: CliFunctions;
    before(async () => {
      h = await startLocal();
      cli = new CliFunctions(h);
    });
    after(async () => {
      await h.stop();
      cli.close();
    });

    it('invokes a ruby3.3 function and answers its error in Lambda shape', async () => {
      const code = `def handler(event:, context:)\n  raise ArgumentError, "name missing" unless event['name']\n  puts "hello #{event['name']}"\n  { greeting: "Hello, #{event['name']}!", fn: context.function_name }\nend\n`;
      await cli.create('rb-cli', 'ruby3.3', 'lambda_function.handler', { 'lambda_function.rb': code });
      const ok = await cli.invoke('rb-cli', { name: 'Ada' });
      assert.equal(ok.meta['StatusCode'], 200);
      assert.equal(ok.meta['FunctionError'], undefined);
      assert.deepEqual(JSON.parse(ok.payload), { greeting: 'Hello, Ada!', fn: 'rb-cli' });
      assert.match(ok.logs, /START RequestId: [0-9a-f-]{36} Version: \$LATEST\nhello Ada\nEND RequestId/);
      const bad = await cli.invoke('rb-cli', {});
      assert.equal(bad.meta['FunctionError'], 'Unhandled');
      const e = JSON.parse(bad.payload) as { errorMessage: string; errorType: string; stackTrace: string[] };
      assert.equal(e.errorType, 'Function<ArgumentError>');
      assert.equal(e.errorMessage, 'name missing');
      assert.match(e.stackTrace[0]!, /lambda_function\.rb:2:in /);
      assert.match(bad.logs, /Error raised from handler method\n\{\n {2}"errorMessage": "name missing"/);
    });
  },
);

describe('a ruby function where ruby is missing', { skip: !existsSync(AWS_CLI) && 'no AWS CLI v2 at /usr/bin/aws' }, () => {
  it('says what to install instead of failing bare', async () => {
    const h = await startLocal({ env: { LAMBDA_WORKBENCH_RUBY: '/nonexistent/ruby' } });
    const cli = new CliFunctions(h);
    try {
      await cli.create('rb-none', 'ruby3.2', 'lambda_function.handler', { 'lambda_function.rb': 'def handler(event:, context:) = 1\n' });
      const r = await h.cli(['lambda', 'invoke', '--function-name', 'rb-none', join(h.dataDir, 'out.json')]);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /\(InvalidRuntimeException\)/);
      assert.match(r.stderr, /`\/nonexistent\/ruby` was not found on this machine\. Install Ruby .*apt-get install ruby/);
    } finally {
      await h.stop();
      cli.close();
    }
  });
});
