import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { readEmail, readText } from './form-fields.js';
import {
  checkStamp,
  checkSubmission,
  countLinks,
  createStamp,
  formGuardKey,
  GUARD_POLICIES,
  MAX_FORM_AGE_HOURS,
  MIN_FILL_SECONDS,
  recordSubmission,
  type Submission,
} from './form-guard.js';

const KEY = Buffer.alloc(32, 7);

describe('form guard: the signed timestamp', () => {
  const now = 1_800_000_000_000;
  it('accepts a form filled in for longer than the minimum time', () => {
    assert.equal(checkStamp(KEY, 'contact', createStamp(KEY, 'contact', now - MIN_FILL_SECONDS * 1000 - 1), now), 'ok');
  });
  it('refuses a form sent faster than a person could fill it', () => {
    assert.equal(checkStamp(KEY, 'contact', createStamp(KEY, 'contact', now - 500), now), 'tooFast');
  });
  it('refuses a stamp older than the maximum age, a forged one, and one made for another form', () => {
    assert.equal(checkStamp(KEY, 'contact', createStamp(KEY, 'contact', now - MAX_FORM_AGE_HOURS * 3_600_000 - 1), now), 'expired');
    const stamp = createStamp(KEY, 'contact', now - 60_000);
    const [time, sig] = stamp.split('.');
    assert.equal(checkStamp(KEY, 'contact', `${Number(time) - 1000}.${sig}`, now), 'expired');
    assert.equal(checkStamp(Buffer.alloc(32, 8), 'contact', stamp, now), 'expired');
    assert.equal(checkStamp(KEY, 'comment:news:1', stamp, now), 'expired');
    assert.equal(checkStamp(KEY, 'contact', '', now), 'expired');
    assert.equal(checkStamp(KEY, 'contact', 'x'.repeat(300), now), 'expired');
  });
});

describe('form guard: reading fields', () => {
  it('counts web links, with or without a scheme', () => {
    assert.equal(countLinks('see https://a.example and http://b.example or www.c.example'), 3);
    assert.equal(countLinks('no links here, just www. and http'), 0);
  });
  it('refuses control characters, line breaks in single-line fields and damaged UTF-8', () => {
    assert.equal(readText({ name: 'Sokha\r\nBcc: x@evil.example' }, 'name', { maxLength: 100 }).error, 'invalidCharacters');
    assert.equal(readText({ name: 'So\u0000kha' }, 'name', { maxLength: 100 }).error, 'invalidCharacters');
    assert.equal(readText({ name: 'So\u202ekha' }, 'name', { maxLength: 100 }).error, 'invalidCharacters');
    assert.equal(readText({ m: 'bad \ufffd bytes' }, 'm', { maxLength: 100, multiline: true }).error, 'invalidCharacters');
    assert.equal(readText({ m: 'half \ud800 pair' }, 'm', { maxLength: 100, multiline: true }).error, 'invalidCharacters');
    // The value comes back without the offending characters, for the form shown again.
    assert.equal(readText({ name: 'So\u0007kha' }, 'name', { maxLength: 100 }).value, 'Sokha');
  });
  it('keeps line breaks (as LF) in a message, and Khmer with its zero-width spaces', () => {
    assert.deepEqual(readText({ m: ' one\r\ntwo\r\n' }, 'm', { maxLength: 100, multiline: true }), { value: 'one\ntwo' });
    assert.deepEqual(readText({ m: 'សួស្តី\u200bបង' }, 'm', { maxLength: 100, multiline: true }), { value: 'សួស្តី\u200bបង' });
  });
  it('says what is missing or too long, counting characters rather than bytes', () => {
    assert.equal(readText({}, 'name', { maxLength: 10, required: true }).error, 'required');
    assert.equal(readText({ name: ['a', 'b'] }, 'name', { maxLength: 10, required: true }).error, 'required');
    assert.equal(readText({ name: 'ក'.repeat(10) }, 'name', { maxLength: 10 }).error, undefined);
    assert.equal(readText({ name: 'ក'.repeat(11) }, 'name', { maxLength: 10 }).error, 'tooLong');
  });
  it('accepts one plain email address only', () => {
    assert.equal(readEmail({ email: 'reader@example.org' }, 'email').error, undefined);
    for (const bad of ['not-an-email', 'a@b', 'a@example.org\r\nBcc: x@evil.example', 'Name <a@example.org>', 'a@example.org, b@example.org']) {
      assert.ok(readEmail({ email: bad }, 'email').error, bad);
    }
  });
});

for (const engine of testEngines()) {
  describe(`form guard: limits in the shared counts and duplicates in the database (${engine})`, () => {
    let t: TestContext;
    let key: Buffer;
    before(async () => {
      t = await createTestApp(engine, { contentDir: false });
      key = formGuardKey(t.config);
    });
    after(() => t.close());

    let n = 0;
    const submission = (over: Partial<Submission> = {}): Submission => {
      n += 1;
      return {
        form: 'comment',
        target: 'news:1',
        formId: 'comment:news:1',
        stamp: createStamp(key, over.formId ?? 'comment:news:1', Date.now() - 10_000),
        honeypot: '',
        ip: `10.0.0.${n}`,
        email: `reader${n}@example.org`,
        text: `Comment number ${n}`,
        ...over,
      };
    };
    const accept = async (s: Submission) => {
      const r = await checkSubmission(t.db, t.app.rateLimits, key, s);
      assert.ok(r.ok, JSON.stringify(r));
      await recordSubmission(t.db, r.fingerprint);
    };

    it('refuses a filled honeypot before anything else', async () => {
      assert.deepEqual(await checkSubmission(t.db, t.app.rateLimits, key, submission({ honeypot: 'https://spam.example' })), { ok: false, reason: 'honeypot' });
    });

    it('refuses too many links', async () => {
      const text = 'a https://1.example b https://2.example c https://3.example';
      assert.deepEqual(await checkSubmission(t.db, t.app.rateLimits, key, submission({ text })), { ok: false, reason: 'tooManyLinks' });
    });

    it('limits submissions per address, whatever the email', async () => {
      for (let i = 0; i < GUARD_POLICIES.comment.maxPerIp; i += 1) await accept(submission({ ip: '192.0.2.50' }));
      assert.deepEqual(await checkSubmission(t.db, t.app.rateLimits, key, submission({ ip: '192.0.2.50' })), { ok: false, reason: 'rateLimited' });
      // Another form keeps its own count.
      const contact = submission({ form: 'contact', target: 'contact', formId: 'contact', ip: '192.0.2.50' });
      assert.equal((await checkSubmission(t.db, t.app.rateLimits, key, contact)).ok, true);
    });

    it('limits submissions per email, whatever the address (and whatever the case)', async () => {
      for (let i = 0; i < GUARD_POLICIES.comment.maxPerEmail; i += 1) await accept(submission({ email: 'busy@example.org' }));
      assert.deepEqual(await checkSubmission(t.db, t.app.rateLimits, key, submission({ email: 'Busy@Example.org' })), { ok: false, reason: 'rateLimited' });
    });

    it('gives exactly the limit to simultaneous submissions from one address', async () => {
      const tries = await Promise.all(Array.from({ length: 15 }, () => checkSubmission(t.db, t.app.rateLimits, key, submission({ ip: '192.0.2.77' }))));
      assert.equal(tries.filter((r) => r.ok).length, GUARD_POLICIES.comment.maxPerIp);
      assert.ok(tries.filter((r) => !r.ok).every((r) => !r.ok && r.reason === 'rateLimited'));
    });

    it('gives back the points of a submission refused as a duplicate', async () => {
      await accept(submission({ ip: '192.0.2.88', email: 'again@example.org', text: 'The same words.' }));
      for (let i = 0; i < GUARD_POLICIES.comment.maxPerEmail; i += 1) {
        const r = await checkSubmission(t.db, t.app.rateLimits, key, submission({ ip: '192.0.2.88', email: 'again@example.org', text: 'The same words.' }));
        assert.deepEqual(r, { ok: false, reason: 'duplicate' });
      }
      // One accepted so far: the email's allowance still has room for the rest.
      for (let i = 1; i < GUARD_POLICIES.comment.maxPerEmail; i += 1) await accept(submission({ ip: '192.0.2.88', email: 'again@example.org' }));
      assert.deepEqual(await checkSubmission(t.db, t.app.rateLimits, key, submission({ ip: '192.0.2.88', email: 'again@example.org' })), { ok: false, reason: 'rateLimited' });
    });

    it('refuses the same text again from the same person about the same item, not from someone else', async () => {
      await accept(submission({ email: 'twice@example.org', text: 'Thank you for this report.' }));
      assert.deepEqual(await checkSubmission(t.db, t.app.rateLimits, key, submission({ email: 'twice@example.org', text: '  thank you for  THIS report. ' })), {
        ok: false,
        reason: 'duplicate',
      });
      assert.equal((await checkSubmission(t.db, t.app.rateLimits, key, submission({ email: 'other@example.org', text: 'Thank you for this report.' }))).ok, true);
      assert.equal(
        (await checkSubmission(t.db, t.app.rateLimits, key, submission({ email: 'twice@example.org', text: 'Thank you for this report.', target: 'news:2', formId: 'comment:news:2' }))).ok,
        true,
      );
    });

    it('keeps hashes only: no address, email or text in clear', async () => {
      await accept(submission({ ip: '198.51.100.7', email: 'clear@example.org', text: 'Plain words' }));
      const rows = await t.db.selectFrom('formSubmissions').selectAll().execute();
      const dump = JSON.stringify(rows);
      for (const secret of ['198.51.100.7', 'clear@example.org', 'Plain words']) assert.ok(!dump.includes(secret));
    });
  });
}
