// The Local API control operations through signed requests: a template's API and function URL served
// by the local service from its own functions (logs in the function's log group), conflicts, bad
// templates with file:line, stop freeing the port, and every served API closed with the service.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { LOCAL_API_PATH, type LocalApiInfo } from '../../../../src/contract/localApi';
import { startLocal, type LocalHarness } from '../harness';
import { makeZip } from '../zip';

const ROLE = 'arn:aws:iam::000000000000:role/r';
const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: .
      Handler: index.handler
      Runtime: nodejs20.x
      FunctionUrlConfig:
        AuthType: NONE
      Events:
        Get:
          Type: Api
          Properties:
            Path: /hello/{name}
            Method: get
`;

interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

function send(url: string, o: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method: o.method ?? 'GET', headers: o.headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

describe('Local API control operations', () => {
  let h: LocalHarness;
  let dir: string;
  let signed: (method: string, path: string, body?: unknown) => Promise<Answer>;
  before(async () => {
    h = await startLocal({ args: ['--state-delay-ms', '0'] });
    dir = mkdtempSync(join(tmpdir(), 'lwb-ctl-'));
    writeFileSync(join(dir, 'template.yaml'), TEMPLATE);
    writeFileSync(join(dir, 'broken.yaml'), TEMPLATE.replace('AuthType: NONE', 'AuthType: [NONE'));
    const zip = await makeZip({
      'index.js': `exports.handler = async (e) => ({ statusCode: 200, body: 'hi ' + (e.pathParameters ? e.pathParameters.name : e.rawPath) });\n`,
    });
    await h.lambda.send(
      new CreateFunctionCommand({ FunctionName: 'ctl-hello', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: zip } }),
    );
    const u = new URL(h.info.endpoint);
    const signer = new SignatureV4({
      credentials: { accessKeyId: h.info.accessKeyId, secretAccessKey: h.info.secretAccessKey },
      region: h.info.region,
      service: 'lambda',
      sha256: Sha256,
    });
    signed = async (method, path, body) => {
      const text = body === undefined ? undefined : JSON.stringify(body);
      const req = await signer.sign(
        new HttpRequest({
          method,
          protocol: 'http:',
          hostname: u.hostname,
          port: Number(u.port),
          path,
          headers: { host: u.host, ...(text ? { 'content-type': 'application/json' } : {}) },
          ...(text ? { body: text } : {}),
        }),
      );
      return send(`${h.info.endpoint}${path}`, { method, headers: req.headers as Record<string, string>, ...(text ? { body: text } : {}) });
    };
  });
  after(async () => {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  let info: LocalApiInfo;

  it('starts a template: 201 with its routes and function URLs, answering from the service functions', async () => {
    const res = await signed('POST', LOCAL_API_PATH, { template: join(dir, 'template.yaml'), functionNames: { Hello: 'ctl-hello' } });
    assert.equal(res.status, 201, res.body);
    info = JSON.parse(res.body) as LocalApiInfo;
    assert.equal(info.template, join(dir, 'template.yaml'));
    assert.deepEqual(info.routes, [{ method: 'GET', path: '/hello/{name}', api: 'ServerlessRestApi', type: 'REST', function: 'Hello' }]);
    assert.equal(info.functionUrls.length, 1);
    assert.equal(info.functionUrls[0]!.function, 'Hello');
    const api = await send(`${info.endpoint}/hello/world`);
    assert.equal(api.status, 200);
    assert.equal(api.body, 'hi world');
    const url = await send(`${info.functionUrls[0]!.url}via/url`);
    assert.equal(url.status, 200);
    assert.equal(url.body, 'hi /via/url');
    const logs = await h.logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/ctl-hello', filterPattern: 'REPORT' }));
    assert.ok((logs.events?.length ?? 0) >= 2, 'both requests ran as invokes of ctl-hello');
  });

  it('lists what it serves, and refuses to serve a template twice (409)', async () => {
    const list = await signed('GET', LOCAL_API_PATH);
    assert.equal(list.status, 200);
    assert.deepEqual(
      (JSON.parse(list.body) as { LocalApis: LocalApiInfo[] }).LocalApis.map((a) => a.id),
      [info.id],
    );
    const again = await signed('POST', LOCAL_API_PATH, { template: join(dir, 'template.yaml'), functionNames: { Hello: 'ctl-hello' } });
    assert.equal(again.status, 409);
    assert.equal(again.headers['x-amzn-errortype'], 'ResourceConflictException');
    assert.match(again.body, /already served at http:\/\/127\.0\.0\.1:\d+/);
  });

  it('answers bad input AWS-shaped: a broken template with file:line, unmapped functions, bad fields, unsigned requests', async () => {
    const broken = await signed('POST', LOCAL_API_PATH, { template: join(dir, 'broken.yaml'), functionNames: { Hello: 'ctl-hello' } });
    assert.equal(broken.status, 400, broken.body);
    assert.equal(broken.headers['x-amzn-errortype'], 'InvalidParameterValueException');
    assert.match(JSON.parse(broken.body).message, /broken\.yaml:\d+/);
    const unmapped = await signed('POST', LOCAL_API_PATH, { template: join(dir, 'broken.yaml').replace('broken', 'template'), functionNames: {} });
    assert.equal(unmapped.status, 409, 'the conflict is found before the mapping is checked');
    writeFileSync(join(dir, 'other.yaml'), TEMPLATE);
    const missing = await signed('POST', LOCAL_API_PATH, { template: join(dir, 'other.yaml'), functionNames: {} });
    assert.equal(missing.status, 400);
    assert.match(JSON.parse(missing.body).message, /functionNames has no local function for Hello/);
    const relative = await signed('POST', LOCAL_API_PATH, { template: 'template.yaml', functionNames: {} });
    assert.equal(relative.status, 400);
    assert.match(JSON.parse(relative.body).message, /absolute path/);
    const unsigned = await send(`${h.info.endpoint}${LOCAL_API_PATH}`);
    assert.equal(unsigned.status, 403);
  });

  it('stops a served template: 204, its ports are freed, and an unknown id is 404', async () => {
    const res = await signed('DELETE', `${LOCAL_API_PATH}/${info.id}`);
    assert.equal(res.status, 204);
    await assert.rejects(send(`${info.endpoint}/hello/x`), /ECONNREFUSED/);
    await assert.rejects(send(info.functionUrls[0]!.url), /ECONNREFUSED/);
    const gone = await signed('DELETE', `${LOCAL_API_PATH}/${info.id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.headers['x-amzn-errortype'], 'ResourceNotFoundException');
  });

  it('closes every served API when the service shuts down', async () => {
    const res = await signed('POST', LOCAL_API_PATH, { template: join(dir, 'template.yaml'), functionNames: { Hello: 'ctl-hello' } });
    assert.equal(res.status, 201);
    const served = JSON.parse(res.body) as LocalApiInfo;
    assert.equal((await send(`${served.endpoint}/hello/y`)).status, 200);
    h = await h.restart();
    await assert.rejects(send(`${served.endpoint}/hello/y`), /ECONNREFUSED/);
  });
});
