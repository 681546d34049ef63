import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { readForm } from '../../web/form-schema.js';
import { emailField, fieldIssueText, textField } from './form-schema.js';

const shape = {
  name: textField({ maxLength: 5, required: true }),
  email: emailField(),
  note: textField({ maxLength: 50, multiline: true }),
};

describe('reading a form through its schema', () => {
  it('gives the typed value when every field passes', () => {
    const read = readForm(shape, { name: ' Dara ', email: 'dara@example.org', note: 'a\r\nb', extra: 'ignored' });
    const value = { name: 'Dara', email: 'dara@example.org', note: 'a\nb' };
    assert.deepEqual(read, { ok: true, value, values: value });
  });

  it('gives each wrong field its issue, and keeps what was typed for the form shown again', () => {
    const read = readForm(shape, { name: 'Sokunthea', email: 'not-an-address', note: 'fine' });
    assert.equal(read.ok, false);
    if (read.ok) return;
    assert.deepEqual(read.issues, { name: { code: 'tooLong', max: 5, echo: 'Sokunthea' }, email: { code: 'invalidEmail', max: 254, echo: 'not-an-address' } });
    assert.deepEqual(read.values, { name: 'Sokunthea', email: 'not-an-address', note: 'fine' });
  });

  it('treats a single-value field sent twice as missing rather than picking one', () => {
    const read = readForm(shape, { name: ['Dara', 'Sokha'], email: 'dara@example.org' });
    assert.equal(read.ok, false);
    if (!read.ok) assert.equal(read.issues.name?.code, 'required');
  });

  it('shows text with control characters again without them', () => {
    const read = readForm(shape, { name: 'So\u0000ka', email: 'dara@example.org' });
    assert.ok(!read.ok);
    if (!read.ok) assert.deepEqual([read.issues.name?.code, read.values.name], ['invalidCharacters', 'Soka']);
  });

  it('accepts any Zod schema for a field, with its message as the issue code', () => {
    const choice = { topic: z.enum(['news', 'alerts'], { message: 'topicsRequired' }) };
    assert.deepEqual(readForm(choice, { topic: 'news' }), { ok: true, value: { topic: 'news' }, values: { topic: 'news' } });
    const refused = readForm(choice, { topic: 'sport' });
    assert.ok(!refused.ok && refused.issues.topic?.code === 'topicsRequired');
  });

  it('says what is wrong in English and in Khmer, with Khmer numerals for a limit', () => {
    const read = readForm(shape, { name: 'Sokunthea', email: '' });
    assert.ok(!read.ok);
    if (read.ok) return;
    assert.equal(fieldIssueText(read.issues.name!, 'en'), 'This is too long: at most 5 characters.');
    assert.equal(fieldIssueText(read.issues.name!, 'km'), 'អត្ថបទនេះវែងពេក៖ យ៉ាងច្រើន ៥ តួអក្សរ។');
    assert.equal(fieldIssueText(read.issues.email!, 'en'), 'Please fill in this field.');
    assert.equal(fieldIssueText(read.issues.email!, 'km'), 'សូមបំពេញប្រអប់នេះ។');
    assert.equal(fieldIssueText({ code: 'invalidEmail' }, 'km'), 'សូមបញ្ចូលអាសយដ្ឋានអ៊ីមែល ដូចជា name@example.org។');
  });
});
