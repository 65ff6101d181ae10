// Go on provided.al2023: a Go binary named `bootstrap`, built here with the machine's `go` (standard
// library only: its own small Runtime API client), deployed and invoked through the AWS CLI v2.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWS_CLI, startLocal, type LocalHarness } from '../harness';
import { CliFunctions } from './cli-functions';

const MAIN_GO = `package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
)

func main() {
	api := "http://" + os.Getenv("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime"
	for {
		next, err := http.Get(api + "/invocation/next")
		if err != nil {
			os.Exit(0)
		}
		id := next.Header.Get("Lambda-Runtime-Aws-Request-Id")
		body, _ := io.ReadAll(next.Body)
		next.Body.Close()
		var event map[string]interface{}
		json.Unmarshal(body, &event)
		fmt.Printf("go got %v\\n", event["name"])
		if event["fail"] == true {
			r, _ := http.Post(api+"/invocation/"+id+"/error", "application/json", bytes.NewBufferString(\`{"errorMessage":"failed on purpose","errorType":"*errors.errorString"}\`))
			r.Body.Close()
			continue
		}
		out, _ := json.Marshal(map[string]interface{}{"hello": event["name"], "go": runtime.Version(), "fn": os.Getenv("AWS_LAMBDA_FUNCTION_NAME")})
		r, _ := http.Post(api+"/invocation/"+id+"/response", "application/json", bytes.NewReader(out))
		r.Body.Close()
	}
}
`;

function hasGo(): boolean {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe(
  'a Go function on provided.al2023 through the AWS CLI v2',
  { skip: (!hasGo() && 'go is not installed (apt-get install golang-go)') || (!existsSync(AWS_CLI) && 'no AWS CLI v2 at /usr/bin/aws') },
  () => {
    let h: LocalHarness;
    let cli: CliFunctions;
    let dir: string;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'lwb-go-'));
      writeFileSync(join(dir, 'main.go'), MAIN_GO);
      // A static binary for linux, as Lambda's provided.al2023 runs it.
      execFileSync('go', ['build', '-o', join(dir, 'bootstrap'), 'main.go'], {
        cwd: dir,
        env: { ...process.env, CGO_ENABLED: '0', GOOS: 'linux', GO111MODULE: 'off' },
        stdio: 'pipe',
      });
      h = await startLocal();
      cli = new CliFunctions(h);
    });
    after(async () => {
      await h?.stop();
      cli?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('runs the bootstrap binary, its output in the log, and answers its error', async () => {
      await cli.create('go-fn', 'provided.al2023', 'bootstrap', { bootstrap: readFileSync(join(dir, 'bootstrap')) }, [], { bootstrap: 0o100755 });
      const ok = await cli.invoke('go-fn', { name: 'gopher' });
      assert.equal(ok.meta['FunctionError'], undefined, ok.payload);
      const j = JSON.parse(ok.payload) as { hello: string; go: string; fn: string };
      assert.equal(j.hello, 'gopher');
      assert.equal(j.fn, 'go-fn');
      assert.match(j.go, /^go\d/);
      assert.match(ok.logs, /\ngo got gopher\nEND RequestId/);
      const bad = await cli.invoke('go-fn', { name: 'x', fail: true });
      assert.equal(bad.meta['FunctionError'], 'Unhandled');
      assert.deepEqual(JSON.parse(bad.payload), { errorMessage: 'failed on purpose', errorType: '*errors.errorString' });
    });
  },
);
