// STS GetCallerIdentity (awsQuery, XML) so tools that check their credentials first (`aws sts
// get-caller-identity`, SDK connection checks) work against the local endpoint. Nothing else of STS.
import type { ServerResponse } from 'node:http';
import { LOCAL_ACCOUNT_ID } from '../contract/localService';

/** True when the body is an awsQuery request (form-encoded with an Action). */
export function stsAction(contentType: string | undefined, body: Buffer): string | undefined {
  if (!contentType?.startsWith('application/x-www-form-urlencoded')) return undefined;
  return new URLSearchParams(body.toString('utf8')).get('Action') ?? undefined;
}

function sendXml(res: ServerResponse, status: number, xml: string, requestId: string): void {
  res.writeHead(status, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(xml), 'x-amzn-RequestId': requestId });
  res.end(xml);
}

export function handleSts(action: string, accessKeyId: string, res: ServerResponse, requestId: string): void {
  if (action !== 'GetCallerIdentity') {
    sendXml(
      res,
      400,
      `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidAction</Code>` +
        `<Message>The local service implements only STS GetCallerIdentity, not ${escapeXml(action)}.</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      requestId,
    );
    return;
  }
  sendXml(
    res,
    200,
    `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
      `<Arn>arn:aws:iam::${LOCAL_ACCOUNT_ID}:user/lambda-workbench-local</Arn><UserId>${escapeXml(accessKeyId)}</UserId><Account>${LOCAL_ACCOUNT_ID}</Account>` +
      `</GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    requestId,
  );
}

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
