// The Runtime API (2018-06-01) for one environment. One loopback server per environment, because the
// protocol has no environment in its paths and runtimes read AWS_LAMBDA_RUNTIME_API as plain
// host:port (aws-lambda-ric, the Rust and Go clients split it that way): a port of its own is the only
// routing every unmodified custom runtime follows. A listen on port 0 costs well under a millisecond.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLoopbackHost } from '../security';

/** Lambda's limit on a synchronous response (6 MB plus a little framing allowance). */
const MAX_RESPONSE_BYTES = 6_291_556;
/** Error documents from the runtime: generous, they carry stack traces. */
const MAX_ERROR_BYTES = 1_048_576;

export interface NextInvocation {
  requestId: string;
  deadlineMs: number;
  functionArn: string;
  traceId: string;
  clientContext?: string;
  cognitoIdentity?: string;
  payload: Buffer;
}

export type PostOutcome = 'accepted' | 'unknown-request' | 'too-large';
/** Sends the 202 for an accepted POST; handlers may call it later than they return. */
export type Ack = () => void;

export interface RuntimeApiHandlers {
  /** The runtime is ready for work: answer `res` now or later with sendNext. */
  next(res: ServerResponse): void;
  /** 'deferred': accepted, and the handler calls `ack` (once) when the 202 should go out. */
  response(requestId: string, body: Buffer | undefined, ack: Ack): PostOutcome | 'deferred';
  error(requestId: string, errorType: string | undefined, body: Buffer, ack: Ack): PostOutcome | 'deferred';
  initError(errorType: string | undefined, body: Buffer): void;
  /** A streamed response (Lambda-Runtime-Function-Response-Mode: streaming) begins: where its body goes. */
  stream(requestId: string): StreamSink | PostOutcome;
}

/** Receives a streamed response as the runtime sends it; errors arrive as trailers at the end. */
export interface StreamSink {
  chunk(data: Buffer): void;
  /** The body ended; errorType/errorBody from the trailers (the body decoded from base64). */
  end(errorType: string | undefined, errorBody: Buffer | undefined, ack: Ack): void;
}

const BASE = '/2018-06-01/runtime/';

export class RuntimeApiServer {
  private readonly server: Server;
  constructor(private readonly h: RuntimeApiHandlers) {
    this.server = createServer({ keepAlive: true }, (req, res) => this.route(req, res));
    // The runtime long-polls /next for as long as the environment stays warm.
    this.server.requestTimeout = 0;
    this.server.headersTimeout = 0;
    this.server.keepAliveTimeout = 0;
  }

  /** Listens on a free loopback port; resolves with host:port for AWS_LAMBDA_RUNTIME_API. */
  listen(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        const a = this.server.address() as AddressInfo;
        resolve(`127.0.0.1:${a.port}`);
      });
    });
  }

  close(): void {
    this.server.close();
    this.server.closeAllConnections();
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '';
    // The same admission as the main API: a web page (DNS rebinding, or any page with fetch) must
    // never take an event or post a result. Runtimes send Host: AWS_LAMBDA_RUNTIME_API and no Origin.
    if (!isLoopbackHost(header(req, 'host')) || req.headers['origin'] !== undefined) {
      // Answered once the body is drained, so the kept-alive connection stays usable.
      return readBody(req, 0, () =>
        send(res, 403, {
          errorMessage: 'Forbidden: the Runtime API only answers the function runtime (a loopback Host and no Origin header).',
          errorType: 'AccessDenied',
        }),
      );
    }
    if (!url.startsWith(BASE)) return send(res, 404, { errorMessage: `Unknown path ${url}`, errorType: 'InvalidRequest' });
    const rest = url.slice(BASE.length);
    if (req.method === 'GET' && rest === 'invocation/next') {
      req.resume();
      return this.h.next(res);
    }
    if (req.method !== 'POST') return send(res, 405, { errorMessage: `${req.method} is not allowed on ${url}`, errorType: 'InvalidRequest' });
    if (rest === 'init/error') {
      return readBody(req, MAX_ERROR_BYTES, (body) => {
        this.h.initError(header(req, 'lambda-runtime-function-error-type'), body ?? Buffer.alloc(0));
        // Lambda answers, then stops the environment.
        send(res, 202, { status: 'OK' });
      });
    }
    const m = /^invocation\/([^/]+)\/(response|error)$/.exec(rest);
    if (!m) return send(res, 404, { errorMessage: `Unknown path ${url}`, errorType: 'InvalidRequest' });
    // A malformed escape would throw here, outside any promise, and end the whole service.
    const requestId = safeDecode(m[1]);
    if (requestId === undefined) return readBody(req, 0, () => answerPost(res, 'unknown-request'));
    if (m[2] === 'response' && header(req, 'lambda-runtime-function-response-mode')?.toLowerCase() === 'streaming') return this.streamed(req, res, requestId);
    if (m[2] === 'response') {
      return readBody(req, MAX_RESPONSE_BYTES, (body) =>
        answerPost(
          res,
          this.h.response(requestId, body, () => answerPost(res, 'accepted')),
        ),
      );
    }
    readBody(req, MAX_ERROR_BYTES, (body) =>
      answerPost(
        res,
        this.h.error(requestId, header(req, 'lambda-runtime-function-error-type'), body ?? Buffer.from('{}'), () => answerPost(res, 'accepted')),
      ),
    );
  }

  /** A chunked POST whose body is handed on as it arrives; a crash mid-stream is the environment's to report. */
  private streamed(req: IncomingMessage, res: ServerResponse, requestId: string): void {
    const sink = this.h.stream(requestId);
    if (typeof sink === 'string') return readBody(req, 0, () => answerPost(res, sink));
    req.on('data', (c: Buffer) => sink.chunk(c));
    req.on('error', () => undefined);
    req.on('end', () => {
      const type = req.trailers['lambda-runtime-function-error-type'];
      const body = req.trailers['lambda-runtime-function-error-body'];
      sink.end(type || undefined, body ? Buffer.from(body, 'base64') : undefined, () => answerPost(res, 'accepted'));
    });
  }
}

function answerPost(res: ServerResponse, outcome: PostOutcome | 'deferred'): void {
  if (outcome === 'deferred') return;
  if (outcome === 'accepted') return send(res, 202, { status: 'OK' });
  if (outcome === 'too-large') {
    return send(res, 413, { errorMessage: `Exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`, errorType: 'RequestEntityTooLarge' });
  }
  send(res, 400, { errorMessage: 'Invalid request ID: no such invocation is in progress in this environment', errorType: 'InvalidRequestID' });
}

/** Answers a pending /next with one invocation and every header Lambda sends. */
export function sendNext(res: ServerResponse, inv: NextInvocation): void {
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Content-Length': inv.payload.length,
    'Lambda-Runtime-Aws-Request-Id': inv.requestId,
    'Lambda-Runtime-Deadline-Ms': inv.deadlineMs,
    'Lambda-Runtime-Invoked-Function-Arn': inv.functionArn,
    'Lambda-Runtime-Trace-Id': inv.traceId,
  };
  if (inv.clientContext !== undefined) headers['Lambda-Runtime-Client-Context'] = inv.clientContext;
  if (inv.cognitoIdentity !== undefined) headers['Lambda-Runtime-Cognito-Identity'] = inv.cognitoIdentity;
  res.writeHead(200, headers);
  res.end(inv.payload);
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Reads a body up to `limit` bytes; beyond it, drains the rest and hands back undefined. */
function readBody(req: IncomingMessage, limit: number, done: (body: Buffer | undefined) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size <= limit) chunks.push(c);
  });
  req.on('end', () => done(size > limit ? undefined : Buffer.concat(chunks, size)));
  req.on('error', () => undefined);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return; // e.g. a deferred 202 after the environment was stopped
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
