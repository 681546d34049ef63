import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { buildMime } from './mime.js';
import type { PreparedMail } from './transport.js';

/** The builder's output as an independent MIME parser reads it. */
function parse(mail: Partial<PreparedMail>, date = new Date('2026-11-21T10:00:00Z')): Promise<ParsedMail> {
  const full: PreparedMail = {
    idempotencyKey: 'k',
    messageId: '<abc@dove.test>',
    from: 'news@dove.test',
    to: 'reader@example.org',
    subject: 'Hello',
    html: '<p>Hello</p>',
    text: 'Hello',
    headers: {},
    replyTo: undefined,
    ...mail,
  };
  return simpleParser(buildMime(full, date));
}

function only(address: AddressObject | AddressObject[] | undefined) {
  assert.ok(address && !Array.isArray(address));
  assert.equal(address.value.length, 1);
  return address.value[0]!;
}

describe('MIME messages read back by mailparser', () => {
  it('carries a Khmer subject, sender name and both parts, and every header, exactly', async () => {
    const text = 'សួស្ដី! Line one\nLine two with a long word ' + 'ក'.repeat(500);
    const html = '<p>' + 'ជំរាបសួរ '.repeat(300) + '</p>';
    const subject = 'ព័ត៌មានថ្មីពីមជ្ឈមណ្ឌលសិទ្ធិមនុស្សកម្ពុជា: a long subject line that must be folded';
    const parsed = await parse({
      from: { name: 'មជ្ឈមណ្ឌល CCHR', address: 'news@dove.test' },
      subject,
      text,
      html,
      replyTo: 'desk@dove.test',
      headers: { 'List-Unsubscribe': '<https://dove.test/u/1>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    assert.equal(parsed.subject, subject);
    assert.deepEqual(only(parsed.from), { name: 'មជ្ឈមណ្ឌល CCHR', address: 'news@dove.test' });
    assert.equal(only(parsed.to).address, 'reader@example.org');
    assert.equal(only(parsed.replyTo).address, 'desk@dove.test');
    assert.equal(parsed.messageId, '<abc@dove.test>');
    assert.equal(parsed.date?.toISOString(), '2026-11-21T10:00:00.000Z');
    assert.deepEqual(parsed.headers.get('list'), { unsubscribe: { url: 'https://dove.test/u/1' }, 'unsubscribe-post': { name: 'List-Unsubscribe=One-Click' } });
    assert.equal(parsed.headers.get('mime-version'), '1.0');
    assert.equal((parsed.headers.get('content-type') as { value: string }).value, 'multipart/alternative');
    assert.equal(parsed.text, text);
    assert.equal(parsed.html, html);
    assert.deepEqual(parsed.attachments, [], 'two alternative parts, nothing attached');
  });

  it('keeps sender names with commas, quotes and backslashes whole', async () => {
    for (const name of ['Doe, Jane', 'The "Defenders" Desk', 'back\\slash', 'CCHR']) {
      const parsed = await parse({ from: { name, address: 'news@dove.test' } });
      assert.deepEqual(only(parsed.from), { name, address: 'news@dove.test' });
    }
  });

  it('lets no line break in a subject, a header or a name start a header of its own', async () => {
    const parsed = await parse({
      from: { name: 'Desk\r\nBcc: evil@example.org', address: 'news@dove.test' },
      subject: 'Hello\r\nBcc: evil@example.org',
      headers: { 'List-Id': 'News\nX-Injected: yes' },
    });
    assert.equal(parsed.headers.get('bcc'), undefined);
    assert.equal(parsed.headers.get('x-injected'), undefined);
    assert.equal(parsed.subject, 'Hello Bcc: evil@example.org');
    assert.equal(only(parsed.from).name, 'Desk Bcc: evil@example.org');
  });
});
