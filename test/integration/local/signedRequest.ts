// Raw requests to the local service over node:http, signed with @smithy/signature-v4 as the SDK signs
// them but with every part settable (key, secret, date, host, service, region, extra headers): the
// security and input-shape tests send what the SDK would never send.
import { request } from 'node:http';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import type { LocalHarness } from './harness';

export interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function send(endpoint: string, method: string, path: string, headers: Record<string, string>, body: string | Buffer = ''): Promise<Raw> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers, setHost: false }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function signed(
  h: LocalHarness,
  o: {
    method?: string;
    path?: string;
    body?: string | Buffer;
    secret?: string;
    keyId?: string;
    date?: Date;
    extra?: Record<string, string>;
    host?: string;
    service?: string;
    region?: string;
  } = {},
): Promise<{ headers: Record<string, string>; path: string; body: string | Buffer }> {
  const url = new URL(h.info.endpoint);
  const [path, rawQuery] = (o.path ?? '/2015-03-31/functions').split('?');
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQuery ?? '')) query[k] = v;
  const req = new HttpRequest({
    method: o.method ?? 'GET',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: path!,
    query,
    headers: { host: o.host ?? url.host, 'content-type': 'application/json', ...(o.extra ?? {}) },
    body: o.body ?? '',
  });
  const signer = new SignatureV4({
    credentials: { accessKeyId: o.keyId ?? h.info.accessKeyId, secretAccessKey: o.secret ?? h.info.secretAccessKey },
    region: o.region ?? h.info.region,
    service: o.service ?? 'lambda',
    sha256: Sha256,
  });
  const s = await signer.sign(req, { signingDate: o.date ?? new Date() });
  return { headers: s.headers as Record<string, string>, path: o.path ?? '/2015-03-31/functions', body: o.body ?? '' };
}
