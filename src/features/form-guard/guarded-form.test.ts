import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { createStamp, formGuardKey, GUARD_POLICIES, HONEYPOT_FIELD, STAMP_FIELD } from './form-guard.js';
import { emailField, textField } from './form-schema.js';
import { readGuardedForm, type GuardedFormSpec } from './guarded-form.js';

const shape = { email: emailField(), message: textField({ maxLength: 200, multiline: true, required: true }) };
const spec = (form: 'contact' | 'subscribe' = 'contact'): GuardedFormSpec<typeof shape> => ({
  form,
  shape,
  target: 'test',
  formId: 'test-form',
  emailOf: (v) => v.email,
  textOf: (v) => v.message,
});

for (const engine of testEngines()) {
  describe(`the guarded public form (${engine})`, () => {
    let t: TestContext;
    let n = 0;
    before(async () => {
      t = await createTestApp(engine, { contentDir: false });
    });
    after(() => t.close());

    const stamp = (ageMs = 10_000) => createStamp(formGuardKey(t.config), 'test-form', Date.now() - ageMs);
    /** A post as a browser sends it: every field of the form, the hidden ones included. */
    const post = (fields: Record<string, string> = {}, ip?: string) => {
      n += 1;
      const body = { email: `reader${n}@example.org`, message: `Message ${n}`, [HONEYPOT_FIELD]: '', [STAMP_FIELD]: stamp(), ...fields };
      return { ip: ip ?? `198.51.100.${n}`, body } as unknown as FastifyRequest;
    };
    const submissions = async () => (await t.db.selectFrom('formSubmissions').select('id').where('target', '=', 'test').execute()).length;
    const read = (request: FastifyRequest, form?: 'contact' | 'subscribe') => readGuardedForm(t.app, request, spec(form));

    it('returns the field issues and the typed-in values before any defence', async () => {
      const outcome = await read(post({ email: 'nope', [HONEYPOT_FIELD]: 'filled' }));
      assert.equal(outcome.kind, 'invalid');
      if (outcome.kind === 'invalid') assert.deepEqual([outcome.issues.email?.code, outcome.values.email], ['invalidEmail', 'nope']);
    });

    it('answers a filled honeypot as a bot', async () => {
      assert.deepEqual(await read(post({ [HONEYPOT_FIELD]: 'https://spam.example' })), { kind: 'bot' });
    });

    it('refuses a missing, forged or too recent stamp', async () => {
      for (const [value, reason] of [['', 'expired'], ['1.forged', 'expired'], [stamp(100), 'tooFast']] as const) {
        const outcome = await read(post({ [STAMP_FIELD]: value }));
        assert.deepEqual(outcome.kind === 'refused' && outcome.reason, reason, value);
      }
    });

    it('refuses more links than the policy allows, keeping the values', async () => {
      const links = Array.from({ length: GUARD_POLICIES.contact.maxLinks + 1 }, (_, i) => `https://${i}.example`).join(' ');
      const outcome = await read(post({ message: links }));
      assert.equal(outcome.kind === 'refused' && outcome.reason, 'tooManyLinks');
      assert.equal(outcome.kind === 'refused' && outcome.values.message, links);
    });

    it('stores an accepted form and its record in one transaction, and neither when storing fails', async () => {
      const before = await submissions();
      const failing = await read(post());
      assert.equal(failing.kind, 'accepted');
      if (failing.kind !== 'accepted') return;
      await assert.rejects(failing.store(() => Promise.reject(new Error('disk full'))));
      assert.equal(await submissions(), before);
      const outcome = await read(post());
      if (outcome.kind !== 'accepted') return assert.fail(outcome.kind);
      assert.equal(await outcome.store(async () => 'stored'), 'stored');
      assert.equal(await submissions(), before + 1);
    });

    it('refuses the same message again, and more than the rate limit from one address', async () => {
      const accept = async (request: FastifyRequest) => {
        const outcome = await read(request);
        if (outcome.kind !== 'accepted') return assert.fail(outcome.kind);
        await outcome.store(async () => undefined);
      };
      await accept(post({ email: 'same@example.org', message: 'Same words.' }));
      const again = await read(post({ email: 'same@example.org', message: 'same  WORDS.' }));
      assert.equal(again.kind === 'refused' && again.reason, 'duplicate');
      for (let i = 0; i < GUARD_POLICIES.contact.maxPerIp; i += 1) await accept(post({}, '203.0.113.9'));
      await accept(post({}, '203.0.113.10'));
      const over = await read(post({}, '203.0.113.9'));
      assert.equal(over.kind === 'refused' && over.reason, 'rateLimited');
    });

    it('takes the subscribe form without a stamp, with its own honeypot, and limits it per address only', async () => {
      const request = (ip: string, fields: Record<string, string> = {}) =>
        ({ ip, body: { email: 'same.reader@example.org', message: 'subscribe', ...fields } }) as unknown as FastifyRequest;
      assert.deepEqual(await read(request('192.0.2.77', { website: 'x' }), 'subscribe'), { kind: 'bot' });
      for (let i = 0; i < GUARD_POLICIES.subscribe.maxPerIp; i += 1) {
        const outcome = await read(request('192.0.2.77'), 'subscribe');
        if (outcome.kind !== 'accepted') return assert.fail(`${i}: ${outcome.kind}`);
        await outcome.store(async () => undefined);
      }
      const over = await read(request('192.0.2.77'), 'subscribe');
      assert.equal(over.kind === 'refused' && over.reason, 'rateLimited');
      assert.equal((await read(request('192.0.2.78'), 'subscribe')).kind, 'accepted', 'the same address asking again from elsewhere is no duplicate');
    });
  });
}
