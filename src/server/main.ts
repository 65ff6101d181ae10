// The SAM template language server: LSP wiring around src/sam (no logic of its own). Started by the
// extension over IPC; `node dist/server.js --stdio` serves any other LSP client.
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  DiagnosticSeverity,
  CompletionItemKind,
  SymbolKind,
  MarkupKind,
  ResponseError,
  ErrorCodes,
  type Diagnostic,
  type CompletionItem,
  type DocumentSymbol,
  type InitializeResult,
  CodeActionKind,
  type CodeAction,
  type TextEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HandlerStub } from '../sam/handler';
import { LineIndex } from '../sam/lines';
import { SamLanguageService, lineBreaksAsLf, looksLikeTemplate } from '../sam/service';
import { parseText } from '../sam/parse';
import { isTemplateFile } from '../sam/templateFiles';
import { applyRuleSettings, readRuleSettings, type RuleLevel } from '../sam/ruleSettings';
import type { SamDiagnostic } from '../sam/validate';
import type { ItemKind } from '../sam/complete';
import type { SamSymbol, SymbolKind as SamSymbolKind } from '../sam/outline';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const service = new SamLanguageService();
const lineIndexes = new Map<string, { version: number; index: LineIndex }>();

function lines(doc: TextDocument): LineIndex {
  const hit = lineIndexes.get(doc.uri);
  if (hit && hit.version === doc.version) return hit.index;
  const index = new LineIndex(doc.getText());
  lineIndexes.set(doc.uri, { version: doc.version, index });
  return index;
}

/** The document when it is a template we serve; other YAML/JSON files are left alone. */
function template(uri: string): TextDocument | undefined {
  const doc = documents.get(uri);
  return doc && service.has(uri) ? doc : undefined;
}

let canPullConfiguration = false;
connection.onInitialize((p): InitializeResult => {
  canPullConfiguration = !!p.capabilities.workspace?.configuration;
  return { capabilities: CAPABILITIES, serverInfo: { name: 'lambda-workbench-sam', version: '0.1.0' } };
});
const CAPABILITIES: InitializeResult['capabilities'] = {
  textDocumentSync: TextDocumentSyncKind.Incremental,
  completionProvider: { triggerCharacters: [':', ' ', '!', '.', '{'] },
  hoverProvider: true,
  definitionProvider: true,
  referencesProvider: true,
  renameProvider: { prepareProvider: true },
  documentSymbolProvider: true,
  codeLensProvider: { resolveProvider: false },
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
};

// Validation runs once the queued change notifications have been applied (coalescing bursts of
// edits), never on a fixed delay.
const pending = new Set<string>();
let scheduled = false;
function schedule(uri: string): void {
  pending.add(uri);
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    const uris = [...pending];
    pending.clear();
    for (const u of uris) publish(u);
  });
}

/** Globs of the lambdaWorkbench.sam.templates setting: files checked whatever their content. */
let templateGlobs: string[] = [];
/** The lambdaWorkbench.sam.rules setting: severity per diagnostic code, or off. */
let ruleSettings = new Map<string, RuleLevel>();

/**
 * A template stays one while it is open when an edit breaks its YAML (a half-typed line can hide the
 * keys that made it look like a template): its syntax errors must show. Only text that parses and no
 * longer looks like a template stops being checked.
 */
function stillTemplate(uri: string, text: string): boolean {
  return service.has(uri) && parseText(lineBreaksAsLf(text)).problems.some((p) => p.severity === 'error');
}

function track(doc: TextDocument): void {
  const text = doc.getText();
  if (looksLikeTemplate(text) || isTemplateFile(doc.uri, templateGlobs) || stillTemplate(doc.uri, text)) {
    service.update(doc.uri, text, doc.version);
  } else if (service.has(doc.uri)) {
    service.close(doc.uri);
    void connection.sendDiagnostics({ uri: doc.uri, diagnostics: [] });
    return;
  } else return;
  schedule(doc.uri);
}

function publish(uri: string): void {
  const doc = template(uri);
  if (!doc) return;
  const index = lines(doc);
  const diagnostics: Diagnostic[] = applyRuleSettings(service.diagnostics(uri), ruleSettings).map((d) => toDiagnostic(d, index));
  void connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
}

function toDiagnostic(d: SamDiagnostic, index: LineIndex): Diagnostic {
  return {
    range: index.range(d.start, d.end),
    severity: d.severity === 'error' ? DiagnosticSeverity.Error : d.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
    message: d.message,
    code: d.code,
    source: 'sam',
    data:
      d.logicalId || d.fix || d.subject || d.handlerStub
        ? { logicalId: d.logicalId, fix: d.fix && toFix(d.fix, index), subject: d.subject, handlerStub: d.handlerStub }
        : undefined,
  };
}

interface WireFix {
  title: string;
  edits: TextEdit[];
}
/** A finding's quick fix in LSP terms, sent with the diagnostic so code actions need no recomputation. */
function toFix(fix: NonNullable<SamDiagnostic['fix']>, index: LineIndex): WireFix {
  return { title: fix.title, edits: fix.edits.map((e) => ({ range: index.range(e.start, e.end), newText: e.newText })) };
}

connection.onCodeAction((p): CodeAction[] => {
  const out: CodeAction[] = [];
  const doc = template(p.textDocument.uri);
  for (const d of p.context.diagnostics) {
    const data = d.data as { fix?: WireFix; subject?: string; handlerStub?: HandlerStub } | undefined;
    // A Handler that points at nothing: create its file, or append the function to the file.
    const stub = d.source === 'sam' && d.code === 'handler' ? data?.handlerStub : undefined;
    if (stub) out.push(handlerAction(stub, d));
    // A Ref to nothing: declare it as a parameter, computed on the current text.
    const param = doc && d.source === 'sam' && d.code === 'ref' && data?.subject ? service.parameterFix(doc.uri, data.subject) : undefined;
    if (param && doc)
      out.push({ title: param.title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: { changes: { [doc.uri]: toFix(param, lines(doc)).edits } } });
    const fix = data?.fix;
    if (d.source === 'sam' && fix)
      out.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: true,
        edit: { changes: { [p.textDocument.uri]: fix.edits } },
      });
  }
  return out;
});

/** The quick fix that writes a handler stub: a new file (never replacing one), or text appended to an existing one. */
function handlerAction(stub: HandlerStub, d: Diagnostic): CodeAction {
  const uri = pathToFileURL(stub.file).href;
  const name = basename(stub.file);
  if (!stub.exists || !stub.at) {
    return {
      title: `Create ${name} with the handler`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      edit: {
        documentChanges: [
          { kind: 'create', uri, options: { overwrite: false, ignoreIfExists: true } },
          {
            textDocument: { uri, version: null },
            edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: stub.text }],
          },
        ],
      },
    };
  }
  return {
    title: `Add the handler function to ${name}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    edit: { documentChanges: [{ textDocument: { uri, version: null }, edits: [{ range: { start: stub.at, end: stub.at }, newText: stub.text }] }] },
  };
}

documents.onDidOpen((e) => track(e.document));
// The client watches code files: a new or edited handler file can settle a Handler diagnostic.
connection.onDidChangeWatchedFiles(() => {
  for (const uri of service.filesChanged()) schedule(uri);
});
documents.onDidChangeContent((e) => track(e.document));
documents.onDidClose((e) => {
  service.close(e.document.uri);
  lineIndexes.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

const COMPLETION_KINDS: Record<ItemKind, CompletionItemKind> = {
  property: CompletionItemKind.Property,
  class: CompletionItemKind.Class,
  value: CompletionItemKind.Value,
  reference: CompletionItemKind.Reference,
  module: CompletionItemKind.Module,
  enum: CompletionItemKind.EnumMember,
  keyword: CompletionItemKind.Keyword,
  event: CompletionItemKind.Event,
  function: CompletionItemKind.Function,
};

connection.onCompletion((p): CompletionItem[] => {
  const doc = template(p.textDocument.uri);
  if (!doc) return [];
  const index = lines(doc);
  const make = () =>
    service.completion(doc.uri, index.offset(p.position)).map((c) => ({
      label: c.label,
      kind: COMPLETION_KINDS[c.kind],
      detail: c.detail,
      documentation: c.documentation ? { kind: MarkupKind.Markdown, value: c.documentation } : undefined,
      sortText: c.sortText,
      textEdit: { range: index.range(c.start, c.end), newText: c.insertText ?? c.label },
    }));
  return guard(make, []);
});

connection.onHover((p) => {
  const doc = template(p.textDocument.uri);
  if (!doc) return null;
  const index = lines(doc);
  const h = guard(() => service.hover(doc.uri, index.offset(p.position)), undefined);
  return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: index.range(h.start, h.end) } : null;
});

connection.onDefinition((p) => {
  const doc = template(p.textDocument.uri);
  if (!doc) return null;
  const index = lines(doc);
  const d = guard(() => service.definition(doc.uri, index.offset(p.position)), undefined);
  return d ? { uri: doc.uri, range: index.range(d.start, d.end) } : null;
});

connection.onReferences((p) => {
  const doc = template(p.textDocument.uri);
  if (!doc) return [];
  const index = lines(doc);
  return guard(() => service.references(doc.uri, index.offset(p.position), p.context.includeDeclaration), []).map((r) => ({
    uri: doc.uri,
    range: index.range(r.start, r.end),
  }));
});

connection.onPrepareRename((p) => {
  const doc = template(p.textDocument.uri);
  if (!doc) return null;
  const index = lines(doc);
  const r = guard(() => service.prepareRename(doc.uri, index.offset(p.position)), undefined);
  return r ? { range: index.range(r.start, r.end), placeholder: r.placeholder } : null;
});

connection.onRenameRequest((p) => {
  const doc = template(p.textDocument.uri);
  if (!doc) return null;
  const index = lines(doc);
  const edits = guard(() => service.rename(doc.uri, index.offset(p.position), p.newName), { error: 'Internal error while renaming.' });
  if ('error' in edits) throw new ResponseError(ErrorCodes.InvalidRequest, edits.error);
  return { changes: { [doc.uri]: edits.map((e) => ({ range: index.range(e.start, e.end), newText: e.newText })) } };
});

const SYMBOL_KINDS: Record<SamSymbolKind, SymbolKind> = {
  namespace: SymbolKind.Namespace,
  function: SymbolKind.Function,
  class: SymbolKind.Class,
  variable: SymbolKind.Variable,
  boolean: SymbolKind.Boolean,
  object: SymbolKind.Object,
  constant: SymbolKind.Constant,
  event: SymbolKind.Event,
};

connection.onDocumentSymbol((p): DocumentSymbol[] => {
  const doc = template(p.textDocument.uri);
  if (!doc) return [];
  const index = lines(doc);
  const conv = (s: SamSymbol): DocumentSymbol => ({
    name: s.name,
    detail: s.detail,
    kind: SYMBOL_KINDS[s.kind],
    range: index.range(s.start, s.end),
    selectionRange: index.range(s.selStart, s.selEnd),
    children: s.children?.map(conv),
  });
  return guard(() => service.symbols(doc.uri).map(conv), []);
});

connection.onCodeLens((p) => {
  const doc = template(p.textDocument.uri);
  if (!doc) return [];
  const index = lines(doc);
  return guard(() => service.codeLenses(doc.uri), []).map((l) => ({
    range: index.range(l.start, l.end),
    command: { title: l.title, command: l.command, arguments: [{ templateUri: doc.uri, logicalId: l.logicalId }] },
  }));
});

/** A feature that fails answers "nothing" and logs, instead of failing the request or the server. */
function guard<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch (err) {
    connection.console.error(`SAM language service error: ${(err as Error).stack ?? err}`);
    return fallback;
  }
}

// Right after start, validate a small sample once in the background: the schema data gets loaded and
// the hot paths compiled before the user's first template arrives, instead of during it.
async function loadSettings(): Promise<void> {
  if (!canPullConfiguration) return;
  const sam = (await connection.workspace.getConfiguration('lambdaWorkbench.sam').then(undefined, () => undefined)) as
    { templates?: unknown; rules?: unknown } | undefined;
  const globs = Array.isArray(sam?.templates) ? sam.templates.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [];
  const rules = readRuleSettings(sam?.rules);
  const rulesChanged = JSON.stringify([...rules]) !== JSON.stringify([...ruleSettings]);
  ruleSettings = rules;
  if (JSON.stringify(globs) !== JSON.stringify(templateGlobs)) {
    templateGlobs = globs;
    for (const doc of documents.all()) track(doc);
  }
  if (rulesChanged) for (const doc of documents.all()) schedule(doc.uri);
}
connection.onDidChangeConfiguration(() => void loadSettings());

connection.onInitialized(() => {
  void loadSettings();
  setImmediate(() => {
    const warm = new SamLanguageService();
    let text = 'Transform: AWS::Serverless-2016-10-31\nResources:\n';
    for (let i = 0; i < 50; i++)
      text += `  F${i}:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: s3://b/k\n      Handler: a.h\n      Runtime: nodejs22.x\n      Environment:\n        Variables:\n          Q: !GetAtt Q${i}.Arn\n      Events:\n        E:\n          Type: SQS\n          Properties:\n            Queue: !GetAtt Q${i}.Arn\n  Q${i}:\n    Type: AWS::SQS::Queue\n`;
    guard(() => {
      warm.open('warmup:', text);
      warm.diagnostics('warmup:');
      warm.update('warmup:', text.replace('F1:', 'F1x:'), 1);
      warm.diagnostics('warmup:');
    }, undefined);
  });
});

process.on('uncaughtException', (err) => connection.console.error(`Uncaught: ${err.stack ?? err}`));
documents.listen(connection);
connection.listen();
