// Our python debugger type's adapter: a pass-through to debugpy's port that connects once (debugpy's
// adapter takes its first connection as its client), retrying until the port opens, holding VS Code's
// messages meanwhile; and it gives up when the invocation ends first.
import { debugAdapterFactories, FakeInlineAdapter } from '../fakeVscode';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { freeLoopbackPort } from '../../../../src/core/ports';
import { PYTHON_DEBUG_TYPE, pythonAttachConfig, pythonInvocationSettled, registerPythonDebugAdapter } from '../../../../src/vscode/invoke/pythonDebug';

interface Adapter {
  onDidSendMessage(cb: (m: Record<string, unknown>) => void): { dispose(): void };
  handleMessage(m: unknown): void;
  dispose(): void;
}

function adapterFor(port: number): Adapter {
  const reg = registerPythonDebugAdapter();
  const factory = debugAdapterFactories.get(PYTHON_DEBUG_TYPE);
  assert.ok(factory, 'the factory is registered for our type');
  const d = factory.createDebugAdapterDescriptor({ configuration: { type: PYTHON_DEBUG_TYPE, host: '127.0.0.1', port } });
  reg.dispose();
  assert.ok(d instanceof FakeInlineAdapter);
  return d.implementation as Adapter;
}

const frame = (m: unknown): string => {
  const body = JSON.stringify(m);
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
};

test('without the Python Debugger extension, the attach configuration is our type with the port', async () => {
  const config = await pythonAttachConfig('Debug X', 5678, () => false);
  assert.equal(config.type, PYTHON_DEBUG_TYPE);
  assert.equal(config.request, 'attach');
  assert.equal(config.port, 5678);
  assert.equal(config.justMyCode, true);
});

test('messages sent before the port opens arrive once it does, over one connection; replies are unframed', async () => {
  const port = await freeLoopbackPort();
  const adapter = adapterFor(port);
  const got: Record<string, unknown>[] = [];
  adapter.onDidSendMessage((m) => got.push(m));
  adapter.handleMessage({ seq: 1, type: 'request', command: 'initialize', arguments: { adapterID: 'x' } });
  // The port opens a little later: the adapter retries meanwhile.
  await new Promise((r) => setTimeout(r, 300));
  let connections = 0;
  let received = '';
  const server = net.createServer((socket) => {
    connections++;
    socket.on('data', (d) => {
      received += String(d);
      if (received.includes('"initialize"')) {
        // A reply split across chunks, followed by an event in the same chunk as its tail.
        const text =
          frame({ seq: 1, type: 'response', request_seq: 1, success: true, command: 'initialize', body: { é: 1 } }) +
          frame({ seq: 2, type: 'event', event: 'initialized' });
        socket.write(text.slice(0, 10));
        setTimeout(() => socket.write(text.slice(10)), 20);
      }
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const deadline = Date.now() + 10_000;
  while (got.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(connections, 1);
  assert.match(received, /^Content-Length: \d+\r\n\r\n\{"seq":1,"type":"request","command":"initialize"/);
  assert.deepEqual(
    got.map((m) => m.command ?? m.event),
    ['initialize', 'initialized'],
  );
  adapter.dispose();
  await new Promise((r) => server.close(r));
});

test('when the invocation ends before the port opens, the session is told why and terminated', async () => {
  const port = await freeLoopbackPort();
  const adapter = adapterFor(port);
  const got: Record<string, unknown>[] = [];
  adapter.onDidSendMessage((m) => got.push(m));
  pythonInvocationSettled(port);
  const deadline = Date.now() + 10_000;
  while (!got.some((m) => m.event === 'terminated') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const output = got.find((m) => m.event === 'output') as { body: { output: string } } | undefined;
  assert.match(output?.body.output ?? '', /invocation ended before its debugger port opened/);
  assert.ok(got.some((m) => m.event === 'terminated'));
  adapter.dispose();
});
