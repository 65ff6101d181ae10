// A function's runtime notes (another Node or Python than it names): kept once per function and
// connection, shown below its tooltip, forgotten with the connection's session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FunctionNotes, withNotes } from '../../../src/vscode/functionNotes';

const W = 'WARNING: nodejs24.x runs on Node 20.20.2: Node 24 could not be fetched (offline).';

test('a note is kept once per function and connection, and goes with its session', () => {
  const notes = new FunctionNotes();
  assert.equal(notes.add('local', 'f', W), true);
  assert.equal(notes.add('local', 'f', W), false, 'the same warning again is not new');
  assert.equal(notes.add('aws:dev:eu-west-1', 'f', W), true, 'another connection keeps its own');
  assert.deepEqual(notes.of('local', 'f'), [W]);
  assert.deepEqual(notes.of('local', 'g'), []);
  notes.forget('local');
  assert.deepEqual(notes.of('local', 'f'), []);
  assert.deepEqual(notes.of('aws:dev:eu-west-1', 'f'), [W]);
});

test('the tooltip lists the notes below what it said, without the WARNING prefix', () => {
  assert.equal(withNotes('f · nodejs24.x', []), 'f · nodejs24.x');
  assert.equal(withNotes('f · nodejs24.x', [W]), `f · nodejs24.x\n\nOn this machine:\n- ${W.slice('WARNING: '.length)}`);
});
