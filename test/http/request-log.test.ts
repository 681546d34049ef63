import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { createTestApp, testEngines, type TestContext } from '../helpers/test-app.js';
import { signInAs } from '../helpers/staff.js';
import { multipartBody } from '../factories/incident-reports.js';

const VISITOR_IP = '203.0.113.77';
const VISITOR_IPV6 = '2001:db8:85a3:8d3:1319:8a2e:370:7348';

for (const engine of testEngines()) {
  describe(`request logs keep no personal data (${engine})`, () => {
    let t: TestContext;
    let app: FastifyInstance;
    const lines: string[] = [];

    before(async () => {
      t = await createTestApp(engine);
      // The same app as in production, logging at info into a buffer instead of stdout.
      app = await buildApp({ config: t.config, db: t.db, log: createLogger({ logLevel: 'info' }, { write: (line) => lines.push(line) }) });
      await app.ready();
    });
    after(async () => {
      await app.close();
      await t.close();
    });

    async function logOf(url: string, remoteAddress: string, cookie?: string): Promise<string> {
      lines.length = 0;
      await app.inject({ method: 'GET', url, remoteAddress, headers: cookie ? { cookie } : {} });
      assert.ok(lines.length >= 2, 'the request was logged');
      for (const line of lines) JSON.parse(line);
      return lines.join('');
    }

    it('logs a search without its terms or the full address', async () => {
      const log = await logOf('/en/search?q=secret+land+dispute&page=2', VISITOR_IP);
      assert.doesNotMatch(log, /secret|land|dispute/);
      assert.doesNotMatch(log, /203\.0\.113\.77/);
      assert.match(log, /"url":"\/en\/search\?page=2"/);
      assert.match(log, /"remoteAddress":"203\.0\.113\.0\/24"/);
    });

    it('logs an admin search for a subscriber without the address searched for', async () => {
      const editor = await signInAs({ ...t, app }, 'editor');
      const log = await logOf('/admin/subscribers?q=someone%40example.org', VISITOR_IPV6, editor.cookie);
      assert.doesNotMatch(log, /someone|example\.org|%40/);
      // The address's groups beyond the /48, as hex groups (a timestamp or a response time may hold the same digits).
      assert.doesNotMatch(log, /:1319:|:8a2e:|:370:7348/);
      assert.match(log, /"remoteAddress":"2001:db8:85a3::\/48"/);
    });

    it('logs the incident report pages with neither the address nor the query nor the browser', async () => {
      const get = await logOf('/km/report?province=3&district=27', VISITOR_IP);
      assert.match(get, /"url":"\/km\/report"/);
      assert.doesNotMatch(get, /203\.0\.113|remoteAddress|province|district/);
      lines.length = 0;
      const body = multipartBody({ form_stamp: 'x', homepage: '', what: 'logged nowhere' });
      await app.inject({ method: 'POST', url: '/en/report', remoteAddress: VISITOR_IPV6, headers: { ...body.headers, 'user-agent': 'Secret Browser 1.0' }, payload: body.payload });
      const post = lines.join('');
      assert.ok(lines.length >= 2, 'the request was logged');
      assert.match(post, /"url":"\/en\/report"/);
      assert.doesNotMatch(post, /2001:db8|remoteAddress|Secret Browser|logged nowhere/);
      const followUp = await logOf('/en/report/follow-up?receipt=ABCD', VISITOR_IP);
      assert.doesNotMatch(followUp, /203\.0\.113|ABCD/);
    });

    it('answers a malformed URL with the 400 page and logs no error', async () => {
      lines.length = 0;
      const res = await app.inject({ method: 'GET', url: '/km/%E0%A4%A', remoteAddress: VISITOR_IP });
      assert.equal(res.statusCode, 400);
      assert.match(String(res.headers['content-type']), /text\/html/);
      assert.match(res.body, /<html lang="km"/);
      const errors = lines.map((line) => JSON.parse(line) as { level: number; msg?: string }).filter((entry) => entry.level >= 50);
      assert.deepEqual(errors, []);
    });

    it('logs a signed link without its token', async () => {
      const log = await logOf('/en/subscribe/preferences?token=TOKEN123.SIGNATURE456', VISITOR_IP);
      assert.doesNotMatch(log, /TOKEN123|SIGNATURE456|token/);
      assert.match(log, /"url":"\/en\/subscribe\/preferences"/);
    });
  });
}
