import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { editorForm, FORM_HEADERS, itemIdFrom } from '../../../test/factories/editor.js';
import { signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import type { Role } from '../accounts/roles.js';

/** The text of one dashboard panel, or undefined when the page has no such panel. */
function panel(html: string, id: string): string | undefined {
  return new RegExp(`<section class="dashboard-panel" id="dashboard-${id}"[^>]*>([\\s\\S]*?)</section>`).exec(html)?.[1];
}

for (const engine of testEngines()) {
  describe(`staff dashboard (${engine})`, () => {
    let t: TestContext;
    let editor: StaffAgent;
    const now = new Date().toISOString();
    before(async () => {
      t = await createTestApp(engine, { contentDir: false });
      editor = await signInAs(t, 'editor');
      const news = await t.db.insertInto('newsPosts').values({ slug: 'dash-news', kind: 'press_release', status: 'published', publishedAt: now, licence: 'CC-BY-4.0', createdAt: now, updatedAt: now } as never).returning('id').executeTakeFirstOrThrow();
      await t.db.insertInto('comments').values({ itemType: 'news', newsPostId: news.id, publicationId: null, locale: 'en', authorName: 'Vanna Reader', authorEmail: 'vanna@example.org', body: 'A question.', status: 'pending', createdAt: now, moderatedAt: null, moderatedBy: null }).execute();
      await t.db.insertInto('contactMessages').values({ locale: 'km', name: 'Sophea', email: 'sophea@example.org', subject: 'Request for the land report', message: 'Hello', status: 'new', createdAt: now, updatedAt: now }).execute();
      const mail = await t.db.insertInto('outboxMessages').values({ idempotencyKey: 'dash:1', kind: 'newsletter', toAddress: 'gone@example.org', subject: 'Monthly bulletin', html: '<p>x</p>', text: 'x', headers: null, replyTo: null, createdAt: now }).returning('id').executeTakeFirstOrThrow();
      await t.db.insertInto('outboxDeliveries').values({ messageId: mail.id, state: 'failed', attempts: 5, nextAttemptAt: now, lockedUntil: null, lockedBy: null, lastError: '550 unknown', smtpResponse: null, sentAt: null, updatedAt: now }).execute();
      const alert = await t.db.insertInto('hrdAlerts').values({ slug: 'dash-alert', status: 'published', publishedAt: now, caseId: null, caseStatus: 'open', provinceId: null, districtId: null, withdrawnAt: null, createdBy: null, submissionKey: null, createdAt: now, updatedAt: now }).returning('id').executeTakeFirstOrThrow();
      await t.db.insertInto('hrdAlertTranslations').values([{ itemId: alert.id, locale: 'en', title: 'Land activist summoned', summary: 's' }, { itemId: alert.id, locale: 'km', title: 'សកម្មជនដីធ្លីត្រូវបានកោះហៅ', summary: 's' }]).execute();
    });
    after(() => t.close());

    const post = (agent: StaffAgent, url: string, payload: string) => t.app.inject({ method: 'POST', url, headers: { cookie: agent.cookie, ...FORM_HEADERS }, payload });
    const dashboard = async (agent: StaffAgent) => {
      const res = await t.app.inject({ url: '/admin', headers: { cookie: agent.cookie } });
      assert.equal(res.statusCode, 200);
      return res.body;
    };

    it('shows each user their own drafts, the items waiting for review and the scheduled ones, by title', async () => {
      const author = await signInAs(t, 'author');
      await post(author, '/admin/news', editorForm('news', author.csrfToken, { en: 'Author draft on fisheries' }));
      await post(editor, '/admin/pages', editorForm('page', editor.csrfToken, { km: 'សេចក្ដីព្រាងរបស់អ្នកកែសម្រួល' }));
      const submitted = await post(author, '/admin/publications', editorForm('publication', author.csrfToken, { en: 'Report awaiting review' }, { intent: 'submit' }));
      assert.equal(submitted.statusCode, 303);
      await post(editor, '/admin/events', editorForm('event', editor.csrfToken, { en: 'Forum in 2031' }, { intent: 'publish', publishedAt: '2031-05-01T08:00' }));

      const mine = panel(await dashboard(author), 'mine')!;
      assert.match(mine, /Author draft on fisheries/);
      assert.doesNotMatch(mine, /សេចក្ដីព្រាងរបស់អ្នកកែសម្រួល/, 'another user\u2019s draft is not mine');
      const editorsPage = await dashboard(editor);
      assert.match(panel(editorsPage, 'mine')!, /<a href="\/admin\/pages\/\d+" lang="km">សេចក្ដីព្រាងរបស់អ្នកកែសម្រួល<\/a>/);
      const review = panel(editorsPage, 'in_review')!;
      assert.match(review, /href="\/admin\/publications\/\d+"[^>]*>Report awaiting review</);
      assert.match(panel(editorsPage, 'scheduled')!, /Forum in 2031[\s\S]*goes public[^<]*2031/);
    });

    it('lists pending comments, new contact messages, failed mail and the latest alerts to the roles that handle them', async () => {
      const admin = await dashboard(await signInAs(t, 'admin'));
      assert.match(panel(admin, 'comments')!, /Comment by Vanna Reader/);
      assert.match(panel(admin, 'contact')!, /href="\/admin\/contact\/\d+">Request for the land report</);
      assert.match(panel(admin, 'outbox')!, /href="\/admin\/outbox\/\d+">Monthly bulletin<[\s\S]*failed after 5 attempts/);
      assert.match(panel(admin, 'alerts')!, /href="\/admin\/hrd-alerts\/\d+" lang="en">Land activist summoned</);
      assert.doesNotMatch(admin, /audit-table/, 'the audit log stays in its own section');

      const km = await dashboard(await signInAs(t, 'monitor', { locale: 'km' }));
      assert.match(panel(km, 'alerts')!, /lang="km">សកម្មជនដីធ្លីត្រូវបានកោះហៅ</);
      assert.match(km, /សេចក្ដីព្រាងរបស់ខ្ញុំ/);
    });

    it('shows no panel of a section the role may not open, nor its data', async () => {
      const expected: Record<Role, string[]> = {
        admin: ['comments', 'contact', 'alerts', 'outbox'],
        editor: ['comments', 'contact'],
        author: [],
        monitor: ['alerts'],
        fund_manager: [],
      };
      for (const [role, panels] of Object.entries(expected) as Array<[Role, string[]]>) {
        const html = await dashboard(await signInAs(t, role));
        for (const id of ['comments', 'contact', 'alerts', 'outbox']) {
          assert.equal(panel(html, id) !== undefined, panels.includes(id), `${role} ${id}`);
        }
        if (!panels.includes('alerts')) assert.doesNotMatch(html, /Land activist summoned/, role);
        if (!panels.includes('contact')) assert.doesNotMatch(html, /Request for the land report/, role);
      }
    });

    it('keeps the item id in the link when an item has no title in any language', async () => {
      const created = await post(editor, '/admin/albums', editorForm('album', editor.csrfToken, { en: 'Album soon renamed' }));
      const id = itemIdFrom(created.headers.location);
      await t.db.deleteFrom('albumTranslations').where('itemId', '=', id).execute();
      assert.match(panel(await dashboard(editor), 'mine')!, new RegExp(`href="/admin/albums/${id}">Untitled<`));
    });
  });
}
