// Debug Locally (Python): the local service runs the function under debugpy, whose adapter listens on
// a loopback port and speaks the Debug Adapter Protocol itself. VS Code reaches it through the Python
// Debugger extension's `debugpy` type when that is installed; otherwise through our own debugger type
// (contributed in package.json with the python language, so breakpoints can be set in .py files),
// whose adapter is that port.
//
// debugpy's adapter takes the first connection as its client: a probe that connects and closes (as
// Node's inspector port tolerates) ends it. So our adapter connects once, retrying while the port is
// not open yet, and holds VS Code's messages until it is; nothing else connects to the port.
import * as vscode from 'vscode';
import * as net from 'node:net';
import { readFile } from 'node:fs/promises';

/** Our debugger type (package.json contributes.debuggers). */
export const PYTHON_DEBUG_TYPE = 'lambdaWorkbench.python';
/** The Python Debugger extension, whose `debugpy` type is preferred when installed. */
const MS_DEBUGPY = 'ms-python.debugpy';

/** How long our adapter keeps trying to reach debugpy's port. */
const CONNECT_LIMIT_MS = 30_000;

/**
 * The attach configuration for the function's debugpy port. The `debugpy` type (when installed)
 * connects once, so it is used only where the port's listening state can be read without connecting
 * (Linux's /proc/net/tcp), once it listens; our own type otherwise.
 */
export async function pythonAttachConfig(name: string, port: number, settled: () => boolean): Promise<vscode.DebugConfiguration> {
  const common = { request: 'attach', name, justMyCode: true };
  if (vscode.extensions.getExtension(MS_DEBUGPY) && (await listensPerProc(port)) !== undefined) {
    const deadline = Date.now() + CONNECT_LIMIT_MS;
    while (!settled() && Date.now() < deadline && !(await listensPerProc(port))) await new Promise((r) => setTimeout(r, 100));
    return { ...common, type: 'debugpy', connect: { host: '127.0.0.1', port } };
  }
  return { ...common, type: PYTHON_DEBUG_TYPE, host: '127.0.0.1', port };
}

/** Whether a loopback socket listens on `port`, from /proc/net/tcp{,6}; undefined where they can't be read. */
async function listensPerProc(port: number): Promise<boolean | undefined> {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')} `;
  let read = false;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    read = true;
    // Columns: sl local_address rem_address st ...; st 0A is LISTEN.
    if (text.split('\n').some((l) => l.trim().split(/\s+/)[1]?.endsWith(hex.trim()) && l.trim().split(/\s+/)[3] === '0A')) return true;
  }
  return read ? false : undefined;
}

/** Sessions whose invocation has ended: their adapter stops waiting for the port. */
const ended = new Set<number>();
/** The invocation on `port` settled (answered or failed): a pending connection gives up. */
export function pythonInvocationSettled(port: number): void {
  ended.add(port);
}

/** A DAP pass-through to debugpy's port: connects (with retries), frames messages both ways. */
class DebugpyConnection implements vscode.DebugAdapter {
  private readonly emitter = new vscode.EventEmitter<vscode.DebugProtocolMessage>();
  readonly onDidSendMessage = this.emitter.event;
  private socket: net.Socket | undefined;
  private pending: string[] = [];
  private buffer = Buffer.alloc(0);
  private disposed = false;
  private seq = 1_000_000;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {
    void this.connect();
  }

  private async connect(): Promise<void> {
    const deadline = Date.now() + CONNECT_LIMIT_MS;
    while (!this.disposed) {
      const socket = await new Promise<net.Socket | undefined>((resolve) => {
        const s = net.connect(this.port, this.host, () => resolve(s));
        s.once('error', () => resolve(undefined));
      });
      if (socket) return this.attached(socket);
      if (ended.has(this.port) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    if (this.disposed) return;
    const why = ended.has(this.port)
      ? 'the invocation ended before its debugger port opened; see the result panel'
      : `nothing listened on ${this.host}:${this.port} within ${CONNECT_LIMIT_MS / 1000} s`;
    this.emit({ type: 'event', event: 'output', body: { category: 'stderr', output: `Lambda Workbench: ${why}.\n` } });
    this.emit({ type: 'event', event: 'terminated' });
  }

  private attached(socket: net.Socket): void {
    if (this.disposed) {
      socket.destroy();
      return;
    }
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => {
      if (!this.disposed) this.emit({ type: 'event', event: 'terminated' });
    });
    socket.on('error', () => undefined);
    for (const m of this.pending) socket.write(m);
    this.pending = [];
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length:\s*(\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1] ?? NaN);
      if (!Number.isFinite(length)) {
        this.buffer = this.buffer.subarray(headerEnd + 4);
        continue;
      }
      const end = headerEnd + 4 + length;
      if (this.buffer.length < end) return;
      const body = this.buffer.subarray(headerEnd + 4, end).toString('utf8');
      this.buffer = this.buffer.subarray(end);
      try {
        this.emitter.fire(JSON.parse(body) as vscode.DebugProtocolMessage);
      } catch {
        // not JSON: skipped
      }
    }
  }

  private emit(message: Record<string, unknown>): void {
    this.emitter.fire({ seq: this.seq++, ...message } as vscode.DebugProtocolMessage);
  }

  handleMessage(message: vscode.DebugProtocolMessage): void {
    const body = JSON.stringify(message);
    const framed = `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
    if (this.socket) this.socket.write(framed);
    else this.pending.push(framed);
  }

  dispose(): void {
    this.disposed = true;
    ended.delete(this.port);
    this.socket?.destroy();
    this.emitter.dispose();
  }
}

/** Registers our debugger type's adapter: a connection to the debugpy port the configuration names. */
export function registerPythonDebugAdapter(): vscode.Disposable {
  return vscode.debug.registerDebugAdapterDescriptorFactory(PYTHON_DEBUG_TYPE, {
    createDebugAdapterDescriptor(session) {
      const { host, port } = session.configuration as { host?: unknown; port?: unknown };
      if (typeof port !== 'number') throw new Error(`A ${PYTHON_DEBUG_TYPE} session needs the debugpy port (a number) in "port".`);
      return new vscode.DebugAdapterInlineImplementation(new DebugpyConnection(typeof host === 'string' ? host : '127.0.0.1', port));
    },
  });
}
