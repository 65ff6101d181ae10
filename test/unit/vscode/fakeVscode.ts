// A stand-in for the `vscode` module, just large enough to construct the webview panel classes under
// plain node: import this module before the code under test, and `require('vscode')` resolves here.
import Module from 'node:module';
import { join } from 'node:path';

export class FakeUri {
  constructor(readonly fsPath: string) {}
  static file(p: string): FakeUri {
    return new FakeUri(p);
  }
  static joinPath(base: FakeUri, ...parts: string[]): FakeUri {
    return new FakeUri(join(base.fsPath, ...parts));
  }
  /** A parsed URI keeps its text as it is (Open in Browser). */
  static parse(text: string): FakeUri {
    const u = new FakeUri(text);
    u.toString = () => text;
    return u;
  }
  toString(): string {
    return `vscode-resource:${this.fsPath}`;
  }
}

const noDispose = { dispose(): void {} };

/** A webview panel that records what was done to it. */
export class FakePanel {
  disposed = false;
  title: string;
  readonly posted: unknown[] = [];
  private readonly onDispose: Array<() => void> = [];
  private readonly onMessage: Array<(m: unknown) => void> = [];
  readonly webview = {
    options: {} as unknown,
    html: '',
    cspSource: 'vscode-resource:',
    asWebviewUri: (u: FakeUri): FakeUri => u,
    onDidReceiveMessage: (cb: (m: unknown) => void) => {
      this.onMessage.push(cb);
      return noDispose;
    },
    postMessage: async (m: unknown): Promise<boolean> => {
      this.posted.push(m);
      return true;
    },
  };

  constructor(
    readonly viewType = 'test',
    title = '',
  ) {
    this.title = title;
  }

  onDidDispose(cb: () => void): typeof noDispose {
    this.onDispose.push(cb);
    return noDispose;
  }

  /** As if the page posted this message. */
  receive(m: unknown): void {
    for (const cb of this.onMessage) cb(m);
  }

  reveal(): void {}

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const cb of this.onDispose) cb();
  }
}

/** vscode.EventEmitter: listeners in order, each one's disposable removes it. */
export class FakeEventEmitter<T> {
  private listeners: Array<(e: T) => void> = [];
  readonly event = (cb: (e: T) => void) => {
    this.listeners.push(cb);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== cb)) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

/** Every panel created through window.createWebviewPanel, in order. */
export const createdPanels: FakePanel[] = [];

/** Debug adapter factories registered through debug.registerDebugAdapterDescriptorFactory, by type. */
export const debugAdapterFactories = new Map<string, { createDebugAdapterDescriptor(session: { configuration: unknown }): unknown }>();

/** vscode.DebugAdapterInlineImplementation: holds the adapter. */
export class FakeInlineAdapter {
  constructor(readonly implementation: unknown) {}
}

const fakeVscode = {
  Uri: FakeUri,
  DebugAdapterInlineImplementation: FakeInlineAdapter,
  debug: {
    registerDebugAdapterDescriptorFactory: (type: string, factory: { createDebugAdapterDescriptor(session: { configuration: unknown }): unknown }) => {
      debugAdapterFactories.set(type, factory);
      return { dispose: () => debugAdapterFactories.delete(type) };
    },
  },
  extensions: { getExtension: (): undefined => undefined },
  EventEmitter: FakeEventEmitter,
  ViewColumn: { Active: -1, Beside: -2, One: 1 },
  /** What was copied and opened (env.clipboard / env.openExternal). */
  env: {
    clipboardText: '',
    opened: [] as string[],
    clipboard: {
      writeText: async (text: string): Promise<void> => {
        fakeVscode.env.clipboardText = text;
      },
    },
    openExternal: async (uri: { toString(): string }): Promise<boolean> => {
      fakeVscode.env.opened.push(uri.toString());
      return true;
    },
  },
  window: {
    setStatusBarMessage: () => noDispose,
    createWebviewPanel: (viewType: string, title: string): FakePanel => {
      const p = new FakePanel(viewType, title);
      createdPanels.push(p);
      return p;
    },
  },
  workspace: { getConfiguration: () => ({ get: <T>(_key: string, fallback: T): T => fallback }) },
};

/** What the code under test copied and opened. */
export const fakeVscodeEnv = fakeVscode.env;

const STUB = join(__dirname, '__vscode_stub__.js');
const M = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = M._resolveFilename;
M._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
  return request === 'vscode' ? STUB : resolve.call(this, request, ...rest);
};
const stubModule = new Module(STUB);
stubModule.filename = STUB;
stubModule.loaded = true;
stubModule.exports = fakeVscode;
require.cache[STUB] = stubModule;
