import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { checkbox, limitedText, readForm, trimmedText } from './form-schema.js';

test('a staff text field is trimmed, and empty when missing or sent twice', () => {
  const read = readForm({ a: trimmedText(), b: trimmedText(), c: trimmedText() }, { a: '  x  ', c: ['1', '2'] });
  assert.deepEqual(read, { ok: true, value: { a: 'x', b: '', c: '' }, values: { a: 'x', b: '', c: '' } });
});

test('a limited text over its limit is refused as tooLong and shown again trimmed', () => {
  const read = readForm({ note: limitedText(3) }, { note: '  abcd  ' });
  assert.equal(read.ok, false);
  if (read.ok) return;
  assert.deepEqual(read.issues.note, { code: 'tooLong', max: 3, echo: 'abcd' });
  assert.equal(read.values.note, 'abcd');
  assert.deepEqual(readForm({ note: limitedText(3) }, { note: ' abc ' }), { ok: true, value: { note: 'abc' }, values: { note: 'abc' } });
});

test('a checkbox is ticked only by the value a browser sends', () => {
  const read = readForm({ a: checkbox(), b: checkbox(), c: checkbox() }, { a: 'on', b: 'yes' });
  assert.deepEqual(read, { ok: true, value: { a: true, b: false, c: false }, values: { a: 'on', b: 'yes', c: '' } });
});

test('a refused form still gives the typed value of the fields that passed, for checks that compare fields', () => {
  const shape = { from: z.coerce.number().int(), to: z.coerce.number().int(), note: limitedText(3) };
  const read = readForm(shape, { from: '4', to: 'x', note: ' ok ' });
  assert.equal(read.ok, false);
  if (read.ok) return;
  assert.deepEqual(read.passed, { from: 4, note: 'ok' });
  assert.deepEqual(read.values, { from: '4', to: 'x', note: 'ok' });
});

test('a field that gives neither text nor a list of texts is shown again as it was sent', () => {
  const read = readForm({ ids: z.array(z.coerce.number()) }, { ids: ['1', '2'] });
  assert.deepEqual(read, { ok: true, value: { ids: [1, 2] }, values: { ids: ['1', '2'] } });
});
