// The .vsix that `npm run package` makes holds what runs and nothing else, and what the manifest
// points at is inside it. Prints the bundle sizes.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import yauzl from 'yauzl';
import { packageExtension, REPO_ROOT } from './codeserver';

interface Entry {
  name: string;
  size: number;
}

function listZip(file: string): Promise<Entry[]> {
  return new Promise((ok, fail) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return fail(err ?? new Error(`cannot open ${file}`));
      const out: Entry[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        out.push({ name: e.fileName, size: e.uncompressedSize });
        zip.readEntry();
      });
      zip.on('end', () => ok(out));
      zip.on('error', fail);
      zip.readEntry();
    });
  });
}

/** The text of every entry, for entries that are text (scripts, JSON, markdown). */
function readTextEntries(file: string): Promise<Map<string, string>> {
  return new Promise((ok, fail) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return fail(err ?? new Error(`cannot open ${file}`));
      const out = new Map<string, string>();
      zip.on('entry', (e: yauzl.Entry) => {
        if (!/\.(js|cjs|mjs|py|json|md|sh|txt)$/.test(e.fileName)) return zip.readEntry();
        zip.openReadStream(e, (err2, stream) => {
          if (err2 || !stream) return fail(err2 ?? new Error(`cannot read ${e.fileName}`));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(e.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
          stream.on('error', fail);
        });
      });
      zip.on('end', () => ok(out));
      zip.on('error', fail);
      zip.readEntry();
    });
  });
}

describe('the packaged .vsix', () => {
  let vsix = '';
  let entries: Entry[] = [];
  let names = new Set<string>();
  before(
    async () => {
      vsix = process.env.LWB_E2E_VSIX ? resolve(REPO_ROOT, process.env.LWB_E2E_VSIX) : await packageExtension();
      entries = await listZip(vsix);
      names = new Set(entries.map((e) => e.name));
    },
    { timeout: 5 * 60_000 },
  );

  test('holds the manifest, the README and the bundles', () => {
    for (const need of ['extension.vsixmanifest', 'extension/package.json', 'extension/readme.md', 'extension/dist/extension.js']) {
      assert.ok(names.has(need), `${need} is in the vsix`);
    }
    // Bundles whose source exists must ship: the language server and the local service.
    for (const [src, out] of [
      ['src/server/main.ts', 'extension/dist/server.js'],
      ['src/local/main.ts', 'extension/dist/local.js'],
    ]) {
      if (existsSync(join(REPO_ROOT, src))) assert.ok(names.has(out), `${out} is in the vsix (built from ${src})`);
    }
    if (existsSync(join(REPO_ROOT, 'src/local/runtimes'))) {
      assert.ok(
        [...names].some((n) => n.startsWith('extension/dist/runtimes/')),
        'the runtime bootstraps ship',
      );
    }
  });

  test('holds nothing that does not run: no sources, tests, maps, node_modules or dev files', () => {
    const bad = [...names].filter(
      (n) =>
        /^extension\/(src|test|bench|scripts|node_modules|\.ci|\.git|test-results)\//.test(n) ||
        /\.(ts|map|tsbuildinfo|pyc)$/.test(n) ||
        n.includes('/__pycache__/') ||
        /^extension\/(tsconfig\.json|eslint\.config\.mjs|package-lock\.json|\.vscodeignore|\.gitignore)$/.test(n) ||
        n.startsWith('extension/schemas/sources/'),
    );
    assert.deepEqual(bad, []);
  });

  test('what the manifest points at is inside it', async () => {
    const { readFileSync } = await import('node:fs');
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      main?: string;
      contributes?: {
        viewsContainers?: Record<string, { icon?: string }[]>;
        grammars?: { path?: string }[];
        snippets?: { path?: string }[];
        jsonValidation?: { url?: string }[];
      };
    };
    const inVsix = (p: string) => names.has(`extension/${p.replace(/^\.\//, '')}`);
    assert.ok(manifest.main && inVsix(manifest.main.endsWith('.js') ? manifest.main : `${manifest.main}.js`), `main ${manifest.main} ships`);
    const paths: string[] = [];
    for (const list of Object.values(manifest.contributes?.viewsContainers ?? {}))
      for (const c of list) if (c.icon && !c.icon.startsWith('$(')) paths.push(c.icon);
    for (const g of manifest.contributes?.grammars ?? []) if (g.path) paths.push(g.path);
    for (const s of manifest.contributes?.snippets ?? []) if (s.path) paths.push(s.path);
    for (const j of manifest.contributes?.jsonValidation ?? []) if (j.url && !/^https?:/.test(j.url)) paths.push(j.url);
    const missing = paths.filter((p) => !inVsix(p));
    assert.deepEqual(missing, [], 'files the manifest contributes are in the vsix');
  });

  test('carries nothing shaped like an AWS access key id', async () => {
    // Real keys start AKIA (long-term) or ASIA (temporary) + 16 characters; even a placeholder of that
    // shape trips publishers' secret scanners (vsce refuses to package), so none may ship.
    const found: string[] = [];
    for (const [name, text] of await readTextEntries(vsix)) {
      for (const m of text.matchAll(/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g)) found.push(`${name}: ${m[0].slice(0, 8)}…`);
    }
    assert.deepEqual(found, []);
  });

  test('reports its size', () => {
    const size = (n: string) => entries.find((e) => e.name === n)?.size ?? 0;
    const kb = (b: number) => `${(b / 1024).toFixed(0)} KB`;
    console.log(
      `vsix: ${kb(statSync(vsix).size)} packed, ${entries.length} files; dist/extension.js ${kb(size('extension/dist/extension.js'))}, dist/server.js ${kb(size('extension/dist/server.js'))}, dist/local.js ${kb(size('extension/dist/local.js'))}`,
    );
    assert.ok(statSync(vsix).size < 30 * 1024 * 1024, 'the vsix stays under 30 MB');
  });
});
