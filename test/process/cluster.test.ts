import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import sharp from 'sharp';
import { generateKeyBase64 } from '../../src/crypto/envelope.js';
import type { Db } from '../../src/db/database.js';
import { MIGRATION_NAMES } from '../../src/db/migrate.js';
import { createSession } from '../../src/features/accounts/sessions.repository.js';
import { MAX_FAILURES_PER_ACCOUNT } from '../../src/features/accounts/sign-in.service.js';
import { GUARD_POLICIES, MIN_FILL_SECONDS } from '../../src/features/form-guard/form-guard.js';
import { saveMailing, sendMailing } from '../../src/features/mailings/mailings.service.js';
import { requestNotificationOnPublish } from '../../src/features/subscribers/notifications.repository.js';
import { subscriberLinksOf } from '../../src/features/subscribers/links.js';
import { seedDatabase } from '../../src/seed/seed.js';
import { createNewsPost } from '../factories/news.js';
import { createPage } from '../factories/pages.js';
import { freePort, spawnDove, waitForStatus, type DoveProcess } from '../helpers/dove-process.js';
import { startS3Server, type S3TestServer } from '../helpers/s3-server.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { createUser, TEST_PASSWORD } from '../helpers/staff.js';
import { createFreshDatabase, FIXTURE_SITE_DIR, testEngines, type FreshDatabase, type TestContext } from '../helpers/test-app.js';

/*
 * Three Dove servers, each its own process with its own data directory, on one PostgreSQL
 * database and one S3 bucket: what one does, the others see; what is due is done once; limits
 * hold across them.
 * Every wait polls up to a generous bound (the machine may be loaded); nothing asserts a time.
 */

const SERVERS = 3;
const START_BOUND_MS = 120_000;
/** The caches of the others are emptied at once; this bound only stops a broken run. */
const VISIBLE_BOUND_MS = 10_000;
const MAIL_BOUND_MS = 120_000;
const NEWSLETTER_RECIPIENTS = 1_000;
const DUE_ITEMS = 30;

async function until<T>(what: string, boundMs: number, check: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${boundMs} ms`);
    await sleep(50);
  }
}

/** The body a browser builds from the form posting to `action`, with some fields set. */
function formBody(html: string, action: string, set: Record<string, string>): URLSearchParams {
  const form = [...html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)].map((m) => m[0]).find((f) => f.includes(`action="${action}"`));
  assert.ok(form, `a form posting to ${action}`);
  const unescape = (v: string) => v.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
  const params = new URLSearchParams();
  const controls = /<input\b([^>]*)>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea>|<select\b([^>]*)>([\s\S]*?)<\/select>/g;
  for (const [, input, textarea, text, select, options] of form.matchAll(controls)) {
    const attrs = input ?? textarea ?? select ?? '';
    const name = /\bname="([^"]*)"/.exec(attrs)?.[1];
    if (!name || name in set) continue;
    if (input !== undefined) {
      if (/type="(checkbox|radio)"/.test(input) && !/\bchecked\b/.test(input)) continue;
      params.append(name, unescape(/\bvalue="([^"]*)"/.exec(input)?.[1] ?? ''));
    } else if (textarea !== undefined) params.append(name, unescape(text ?? ''));
    else {
      // The selected option, else the first; an empty value is written as a bare `value`.
      const choices = [...(options ?? '').matchAll(/<option\b([^>]*)>/g)].map((m) => m[1]!);
      const chosen = choices.find((c) => /\bselected\b/.test(c)) ?? choices[0] ?? '';
      params.append(name, unescape(/\bvalue="([^"]*)"/.exec(chosen)?.[1] ?? ''));
    }
  }
  for (const [name, value] of Object.entries(set)) params.append(name, value);
  return params;
}

/** A browser of one person: its cookies, sent to whichever server it asks. */
class Browser {
  private readonly jar = new Map<string, string>();
  constructor(private readonly siteOrigin: string) {}

  setCookie(name: string, value: string): void {
    this.jar.set(name, value);
  }

  private headers(): Record<string, string> {
    return { cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '), origin: this.siteOrigin, 'sec-fetch-site': 'same-origin' };
  }

  private keep(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const [name, value] = [pair!.slice(0, at), pair!.slice(at + 1)];
      if (value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  async get(url: string): Promise<{ status: number; body: string }> {
    const res = await fetch(url, { headers: this.headers(), redirect: 'manual' });
    this.keep(res);
    return { status: res.status, body: await res.text() };
  }

  async post(url: string, body: URLSearchParams): Promise<{ status: number; body: string }> {
    const res = await fetch(url, { method: 'POST', headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' });
    this.keep(res);
    return { status: res.status, body: await res.text() };
  }

  /** A multipart form, as a browser sends a file input (fields in the order appended). */
  async postForm(url: string, body: FormData): Promise<{ status: number; body: string }> {
    const res = await fetch(url, { method: 'POST', headers: this.headers(), body, redirect: 'manual' });
    this.keep(res);
    return { status: res.status, body: await res.text() };
  }
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'dove-cluster-'));

if (testEngines().includes('postgres')) {
  describe('three servers on one PostgreSQL database', () => {
    let fresh: FreshDatabase;
    let s3: S3TestServer;
    let db: Db;
    let sink: SmtpSink;
    let ports: number[];
    let origins: string[];
    let servers: DoveProcess[] = [];
    const dataDirs: string[] = [];
    const shared: NodeJS.ProcessEnv = {};

    /** Starts the three servers at the same moment and waits until each is ready. */
    async function startAll(): Promise<void> {
      servers = ports.map((port, i) =>
        spawnDove(['serve'], { ...shared, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDirs[i]! }),
      );
      await Promise.all(servers.map((server, i) => waitForStatus(`${origins[i]}/readyz`, 200, server, START_BOUND_MS)));
    }

    async function stopAll(): Promise<void> {
      for (const server of servers) server.child.kill('SIGTERM');
      await Promise.all(servers.map((server) => server.exited(30_000)));
      for (const server of servers) server.child.kill('SIGKILL');
    }

    /** A staff member's browser, its session made directly in the database (the sign-in is tested below). */
    async function staffBrowser(role: 'admin' | 'editor' = 'admin'): Promise<Browser> {
      const user = await createUser({ db } as TestContext, { role });
      const { token } = await createSession(db, user.id, { ip: '127.0.0.1', userAgent: 'cluster test', twoFactorVerified: true }, { idleMinutes: 60, maxHours: 12 });
      const browser = new Browser(origins[0]!);
      browser.setCookie('dove_session', token);
      // The CSRF secret's cookie first: a page asked for without one makes a new secret per form.
      await browser.get(`${origins[0]}/admin/account`);
      return browser;
    }

    /** Polls each of the other servers until the page shows `text`. */
    async function visibleOnOthers(pagePath: string, text: string): Promise<void> {
      await Promise.all(
        origins.slice(1).map((origin) =>
          until(`${origin}${pagePath} shows "${text}"`, VISIBLE_BOUND_MS, async () => (await fetch(`${origin}${pagePath}`)).text().then((b) => b.includes(text))),
        ),
      );
    }

    /** Reads the page on B and C until each has it cached, so that only an emptied cache shows a change. */
    async function cachedOnOthers(pagePath: string): Promise<void> {
      for (const origin of origins.slice(1)) {
        await until(`${origin}${pagePath} cached`, VISIBLE_BOUND_MS, async () => (await fetch(`${origin}${pagePath}`)).headers.get('x-page-cache') === 'hit');
      }
    }

    before(async () => {
      const dir = tempDir();
      fresh = await createFreshDatabase('postgres', { dataDir: dir, removeDir: dir });
      db = fresh.db;
      sink = await startSmtpSink();
      s3 = await startS3Server();
      ports = await Promise.all(Array.from({ length: SERVERS }, () => freePort()));
      origins = ports.map((port) => `http://127.0.0.1:${port}`);
      for (let i = 0; i < SERVERS; i += 1) dataDirs.push(path.join(dir, `server-${i}`));
      // One site: one public address, one cookie secret and one encryption key for all three.
      Object.assign(shared, {
        DATABASE_URL: fresh.config.databaseUrl,
        PUBLIC_URL: origins[0],
        SESSION_SECRET: 'cluster-test-secret-of-at-least-32-characters',
        ENCRYPTION_KEY: generateKeyBase64(),
        // The demo's import takes minutes on a loaded machine; the small fixture site is loaded below.
        SEED_ON_FIRST_START: 'false',
        SMTP_URL: sink.url,
        MAIL_FROM: 'site@example.org',
        MAIL_RATE_PER_SECOND: '500',
        LOG_LEVEL: 'warn',
        PDF_TEXT_WORKER: 'off',
        // One bucket for the files of all three (STORAGE=s3 and the S3_* settings).
        ...s3.env,
      });
      await startAll();
    });

    after(async () => {
      await stopAll();
      await sink.close();
      await s3.close();
      await fresh.drop();
    });

    it('three simultaneous first starts on an empty database migrate and initialise it once, and all serve', async () => {
      const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
      assert.deepEqual(applied.rows.map((r) => r.name), [...MIGRATION_NAMES]);
      const initialised = await db.selectFrom('instanceState').select('value').where('key', '=', 'initialised').execute();
      assert.equal(initialised.length, 1);
      assert.match(initialised[0]!.value, /"with":"empty"/);
      // The site the other tests change; nothing was rendered or cached before it.
      await seedDatabase(db, fresh.config, { contentDir: FIXTURE_SITE_DIR });
      for (const origin of origins) assert.equal((await fetch(`${origin}/en/`)).status, 200);
      for (const server of servers) assert.doesNotMatch(server.output(), /duplicate key|"level":50/);
    });

    it('shows an edit made on A on B and C', async () => {
      const page = await createPage(db, { slug: 'cluster-edit', translations: { en: { title: 'Before The Edit' } } });
      await cachedOnOthers('/en/cluster-edit');
      const admin = await staffBrowser();
      const form = await admin.get(`${origins[0]}/admin/pages/${page.id}`);
      assert.equal(form.status, 200);
      const saved = await admin.post(`${origins[0]}/admin/pages/${page.id}`, formBody(form.body, `/admin/pages/${page.id}`, { 'en.title': 'After The Edit', intent: 'publish' }));
      assert.equal(saved.status, 303, saved.body.slice(0, 500));
      await visibleOnOthers('/en/cluster-edit', 'After The Edit');
    });

    it('shows a menu change and a settings change made on A on B and C', async () => {
      await cachedOnOthers('/en/contact');
      const admin = await staffBrowser();
      const menuForm = await admin.get(`${origins[0]}/admin/menus/main/new`);
      const added = await admin.post(`${origins[0]}/admin/menus/main/new`, formBody(menuForm.body, '/admin/menus/main/new', { href: '/contact', label_en: 'Cluster Menu Entry', label_km: '' }));
      assert.equal(added.status, 303, added.body.slice(0, 500));
      await visibleOnOthers('/en/contact', 'Cluster Menu Entry');

      const settingsForm = await admin.get(`${origins[0]}/admin/settings`);
      const renamed = await admin.post(`${origins[0]}/admin/settings`, formBody(settingsForm.body, '/admin/settings', { tagline_en: 'Cluster Tagline Changed' }));
      // Saved settings are shown again on their page, with a notice.
      assert.equal(renamed.status, 200, (renamed.body.match(/<main[\s\S]*<\/main>/)?.[0] ?? renamed.body).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 1500));
      assert.match(renamed.body, /value="Cluster Tagline Changed"/);
      await visibleOnOthers('/en/', 'Cluster Tagline Changed');
    });

    it('serves an image uploaded on A from B and C, every rendition the same bytes', async () => {
      const editor = await staffBrowser('editor');
      const library = await editor.get(`${origins[0]}/admin/media`);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(library.body)?.[1];
      assert.ok(csrf, 'the upload form carries a CSRF token');
      const photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#2a7f62' } }).jpeg().toBuffer();
      const form = new FormData();
      form.append('_csrf', csrf);
      form.append('files', new Blob([photo], { type: 'image/jpeg' }), 'cluster-photo.jpg');
      const uploaded = await editor.postForm(`${origins[0]}/admin/media`, form);
      assert.equal(uploaded.status, 200, uploaded.body.slice(0, 500));
      // Newest first: the first file of the library is this one.
      const id = /href="\/admin\/media\/(\d+)"[\s\S]*?cluster-photo\.jpg/.exec(uploaded.body)?.[1];
      assert.ok(id, 'the library lists the upload');
      const page = await editor.get(`${origins[0]}/admin/media/${id}`);
      const preview = /<img src="(\/media\/[0-9a-f]{64}\.jpg)"/.exec(page.body)?.[1];
      assert.ok(preview, 'the media page shows a rendition');
      // The stored image (the master, without its metadata) is only ever served as renditions.
      const variants = await db.selectFrom('imageVariants').select(['sha256', 'format']).where('fileId', '=', Number(id)).execute();
      const urls = new Set([preview, ...variants.map((v) => `/media/${v.sha256}.${v.format === 'jpeg' ? 'jpg' : v.format}`)]);
      assert.ok(urls.size >= 6, `${urls.size} renditions`);
      const read = async (url: string) => {
        const res = await fetch(url);
        return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
      };
      for (const url of urls) {
        const onA = await read(`${origins[0]}${url}`);
        assert.equal(onA.status, 200, url);
        assert.match(onA.type ?? '', /^image\/(avif|webp|jpeg)$/);
        for (const origin of origins.slice(1)) {
          const there = await read(`${origin}${url}`);
          assert.equal(there.status, 200, `${origin}${url}`);
          assert.equal(there.type, onA.type);
          assert.ok(there.bytes.equals(onA.bytes), `${origin}${url}: the same bytes`);
        }
      }
      // Kept in the bucket only: no server wrote the files to its own disk.
      for (const dir of dataDirs) assert.equal(fs.existsSync(path.join(dir, 'files')), false, dir);
    });

    it('accepts exactly the limit of 15 simultaneous comments from one address, spread over the three', async () => {
      const post = await createNewsPost(db, { slug: 'cluster-comments', translations: { en: { title: 'Comment On This' } } });
      const reader = new Browser(origins[0]!);
      const page = await reader.get(`${origins[0]}/en/news/cluster-comments`);
      await sleep(MIN_FILL_SECONDS * 1000 + 200);
      const action = '/en/news/cluster-comments/comments';
      const answers = await Promise.all(
        Array.from({ length: 15 }, (_, i) =>
          reader.post(`${origins[i % SERVERS]}${action}`, formBody(page.body, action, { comment: `Comment number ${i} on the cluster.`, name: `Reader ${i}`, email: `reader${i}@example.org` })),
        ),
      );
      const limit = GUARD_POLICIES.comment.maxPerIp;
      assert.equal(answers.filter((a) => a.status === 303).length, limit, answers.map((a) => a.status).join(' '));
      assert.equal(answers.filter((a) => a.status === 429).length, 15 - limit);
      const stored = await db.selectFrom('comments').select('id').where('newsPostId', '=', post.id).execute();
      assert.equal(stored.length, limit);
    });

    it('checks 24 simultaneous wrong passwords, spread over the three, at most as often as the lockout allows', async () => {
      const user = await createUser({ db } as TestContext, { email: 'cluster-lock@example.org' });
      const browser = new Browser(origins[0]!);
      const form = await browser.get(`${origins[0]}/admin/sign-in`);
      const answers = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          browser.post(`${origins[i % SERVERS]}/admin/sign-in`, formBody(form.body, '/admin/sign-in', { email: 'cluster-lock@example.org', password: `wrong password ${i}` })),
        ),
      );
      // Refused as locked (401), or as too many from one network (429) for those past its limit.
      assert.ok(answers.every((a) => a.status === 401 || a.status === 429), answers.map((a) => a.status).join(' '));
      const checked = await db.selectFrom('signInAttempts').select('id').where('email', '=', 'cluster-lock@example.org').execute();
      assert.ok(checked.length <= MAX_FAILURES_PER_ACCOUNT, `${checked.length} passwords checked`);
      const row = await db.selectFrom('users').select('lockedUntil').where('id', '=', user.id).executeTakeFirstOrThrow();
      assert.ok(row.lockedUntil, 'the account is locked');
      const right = await browser.post(`${origins[1]}/admin/sign-in`, formBody(form.body, '/admin/sign-in', { email: 'cluster-lock@example.org', password: TEST_PASSWORD }));
      assert.notEqual(right.status, 303, 'locked on every server, even for the right password');
      assert.equal(right.body.includes('dove_session'), false);
    });

    it('sends a newsletter to 1,000 subscribers through three senders, each exactly once', async () => {
      const now = new Date().toISOString();
      const subscribers = await db
        .insertInto('subscribers')
        .values(Array.from({ length: NEWSLETTER_RECIPIENTS }, (_, i) => ({ email: `letter${i}@example.org`, name: null, locale: i % 2 ? 'km' : 'en', status: 'active', consentSource: 'import', sourceNote: 'cluster test', consentedAt: now, confirmationSentAt: null, unsubscribedAt: null, createdAt: now, updatedAt: now }) as const))
        .returning('id')
        .execute();
      await db.insertInto('subscriberTopics').values(subscribers.map((s) => ({ subscriberId: s.id, topic: 'publications' as const }))).execute();
      const editor = await createUser({ db } as TestContext, { role: 'editor' });
      const id = await saveMailing(
        db,
        undefined,
        {
          translations: { en: { subject: 'Cluster newsletter', bodyMarkdown: 'Once each.', bodyHtml: '<p>Once each.</p>' }, km: { subject: 'ព្រឹត្តិបត្រ', bodyMarkdown: 'ម្ដង។', bodyHtml: '<p>ម្ដង។</p>' } },
          topics: ['publications'],
          segmentLocale: 'all',
        },
        editor.id,
      );
      assert.equal(typeof id, 'number');
      const sent = await sendMailing(db, id as number, NEWSLETTER_RECIPIENTS, editor.id, { links: subscriberLinksOf(db, { ...fresh.config, publicUrl: origins[0]!, sessionSecret: shared.SESSION_SECRET }), publicUrl: origins[0]!, locales: ['en', 'km'] });
      assert.deepEqual(sent, { outcome: 'sent', count: NEWSLETTER_RECIPIENTS });

      const letters = () => sink.messages.filter((m) => /Cluster newsletter|ព្រឹត្តិបត្រ/.test(m.subject) || m.rcptTo.some((r) => r.startsWith('letter')));
      await until('every letter delivered', MAIL_BOUND_MS, async () => letters().length >= NEWSLETTER_RECIPIENTS);
      await until('the outbox done', MAIL_BOUND_MS, async () => {
        const open = await db.selectFrom('outboxDeliveries').select('messageId').where('state', 'in', ['queued', 'sending']).execute();
        return open.length === 0;
      });
      const perRecipient = new Map<string, number>();
      for (const m of letters()) for (const r of m.rcptTo) perRecipient.set(r, (perRecipient.get(r) ?? 0) + 1);
      assert.equal(perRecipient.size, NEWSLETTER_RECIPIENTS);
      assert.ok([...perRecipient.values()].every((n) => n === 1), 'nobody got it twice');
      assert.equal(letters().length, NEWSLETTER_RECIPIENTS);
    });

    it('publishes and announces 30 items that fall due together exactly once, with three servers checking', async () => {
      const now = new Date();
      const editor = await createUser({ db } as TestContext, { role: 'editor' });
      const readers = await db
        .insertInto('subscribers')
        .values(['due-a@example.org', 'due-b@example.org'].map((email) => ({ email, name: null, locale: 'en' as const, status: 'active' as const, consentSource: 'import' as const, sourceNote: 'cluster test', consentedAt: now.toISOString(), confirmationSentAt: null, unsubscribedAt: null, createdAt: now.toISOString(), updatedAt: now.toISOString() })))
        .returning('id')
        .execute();
      await db.insertInto('subscriberTopics').values(readers.map((r) => ({ subscriberId: r.id, topic: 'news' as const }))).execute();
      // Due within the minute, by the time the servers are back: each server publishes what is
      // due as it becomes ready, so all three go through the same items at once.
      await stopAll();
      const dueAt = new Date(now.getTime() + 2_000).toISOString();
      const items: number[] = [];
      for (let i = 0; i < DUE_ITEMS; i += 1) {
        const item = await createNewsPost(db, { slug: `due-${i}`, status: 'scheduled', publishedAt: dueAt, translations: { en: { title: `Due item ${i}` } } });
        await requestNotificationOnPublish(db, 'news', item.id, editor.id, now.toISOString());
        items.push(item.id);
      }
      await sleep(2_000);
      await startAll();

      const subjectIds = items.map(String);
      const audits = (action: string) => db.selectFrom('auditLog').select('subjectId').where('action', '=', action).where('subjectType', '=', 'news').where('subjectId', 'in', subjectIds).execute();
      await until('all published', MAIL_BOUND_MS, async () => (await audits('content.publish_scheduled')).length >= DUE_ITEMS);
      await until('all announced', MAIL_BOUND_MS, async () => (await audits('subscribers.notify')).length >= DUE_ITEMS);
      await until('the outbox done', MAIL_BOUND_MS, async () => (await db.selectFrom('outboxDeliveries').select('messageId').where('state', 'in', ['queued', 'sending']).execute()).length === 0);

      const once = (rows: Array<{ subjectId: string | null }>) => new Set(rows.map((r) => r.subjectId)).size === rows.length && rows.length === DUE_ITEMS;
      assert.ok(once(await audits('content.publish_scheduled')), 'each item published once');
      assert.ok(once(await audits('subscribers.notify')), 'each item announced once');
      const notifications = await db.selectFrom('subscriberNotifications').select('idempotencyKey').where('idempotencyKey', 'like', 'content:news:%').execute();
      assert.equal(notifications.length, DUE_ITEMS);
      const published = await db.selectFrom('newsPosts').select('id').where('id', 'in', items).where('status', '=', 'published').execute();
      assert.equal(published.length, DUE_ITEMS);
      const announcements = sink.messages.filter((m) => m.rcptTo.some((r) => r.startsWith('due-')));
      assert.equal(announcements.length, DUE_ITEMS * readers.length, 'one message per item and reader');
      assert.equal(new Set(announcements.map((m) => m.messageId)).size, announcements.length);
    });
  });
}
