// Writes syntaxes/cwlq.tmLanguage.json (the .cwlq grammar) from src/insights/vocabulary.ts.
// Run: node --import tsx scripts/gen-cwlq-grammar.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cwlqGrammar } from '../src/vscode/insights/grammar.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
mkdirSync(join(root, 'syntaxes'), { recursive: true });
writeFileSync(join(root, 'syntaxes/cwlq.tmLanguage.json'), JSON.stringify(cwlqGrammar(), null, 2) + '\n');
