import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createNewsPost } from '../../../test/factories/news.js';
import { createPublication } from '../../../test/factories/publications.js';
import { form, signInAs, type StaffAgent } from '../../../test/helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import type { Role } from '../accounts/roles.js';
import { createStamp, formGuardKey, GUARD_POLICIES } from '../form-guard/form-guard.js';
import { linkifyLine } from './comments.presenter.js';

const ORIGIN = 'http://dove.test';

describe('comments: web addresses in a comment', () => {
  it('links http(s) and www addresses and leaves closing punctuation out', () => {
    assert.deepEqual(linkifyLine('See https://example.org/report. Thanks'), [
      { text: 'See ' },
      { href: 'https://example.org/report', text: 'https://example.org/report' },
      { text: '. Thanks' },
    ]);
    assert.deepEqual(linkifyLine('(www.example.org)'), [{ text: '(' }, { href: 'https://www.example.org/', text: 'www.example.org' }, { text: ')' }]);
    assert.deepEqual(linkifyLine('javascript:alert(1) ftp://x.example'), [{ text: 'javascript:alert(1) ftp://x.example' }]);
  });
});

for (const engine of testEngines()) {
  describe(`comments (${engine})`, () => {
    let t: TestContext;
    let post: { id: number; slug: string };
    let ip = 0;

    before(async () => {
      t = await createTestApp(engine);
      post = await createNewsPost(t.db, { slug: 'land-rights-statement', translations: { en: { title: 'Land rights statement' }, km: { title: 'សេចក្ដីថ្លែងការណ៍សិទ្ធិដីធ្លី' } } });
    });
    after(() => t.close());

    /** A stamp as the page rendered it `ageMs` ago. */
    const stampFor = (formId: string, ageMs = 10_000) => createStamp(formGuardKey(t.config), formId, Date.now() - ageMs);

    async function postComment(
      fields: Partial<Record<'name' | 'email' | 'comment' | 'homepage' | 'form_stamp', string>>,
      options: { locale?: string; path?: string; itemId?: number; ip?: string; headers?: Record<string, string> } = {},
    ) {
      ip += 1;
      const body = form({
        name: 'Dara',
        email: `dara${ip}@example.org`,
        comment: `A thoughtful comment number ${ip}.`,
        homepage: '',
        form_stamp: stampFor(`comment:news:${options.itemId ?? post.id}`),
        ...fields,
      });
      return t.app.inject({
        method: 'POST',
        url: `/${options.locale ?? 'en'}${options.path ?? `/news/${post.slug}`}/comments`,
        remoteAddress: options.ip ?? `203.0.113.${ip % 250}`,
        headers: { ...body.headers, origin: ORIGIN, ...options.headers },
        payload: body.payload,
      });
    }

    const pageHtml = async (path = `/en/news/${post.slug}`) => (await t.app.inject(path)).body;
    const commentRow = (body: string) => t.db.selectFrom('comments').selectAll().where('body', '=', body).executeTakeFirst();

    it('a news post carries the comment form with a stamp and a honeypot, and the page stays cached', async () => {
      const first = await t.app.inject(`/en/news/${post.slug}`);
      assert.match(first.body, /<form class="public-form comment-form" method="post" action="\/en\/news\/land-rights-statement\/comments"/);
      assert.match(first.body, /name="form_stamp" value="\d+\.[\w-]{43}"/);
      assert.match(first.body, /name="homepage"/);
      assert.match(first.body, /Your email address will not be published/);
      assert.doesNotMatch(first.body, /name="_csrf"/);
      assert.equal((await t.app.inject(`/en/news/${post.slug}`)).headers['x-page-cache'], 'hit');
    });

    it('a comment is stored pending and the reader sees that it awaits moderation', async () => {
      const res = await postComment({ comment: 'Pending words only.' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `/en/news/${post.slug}/comments/sent`);
      const row = await commentRow('Pending words only.');
      assert.equal(row?.status, 'pending');
      assert.equal(row?.locale, 'en');
      assert.equal(row?.newsPostId, post.id);
      // The organisation hears of it; the commenter's email stays out of the mail.
      const notice = await t.db.selectFrom('outboxMessages').selectAll().where('idempotencyKey', '=', `comment:${row!.id}`).executeTakeFirst();
      assert.equal(notice?.toAddress, 'info@example.org');
      assert.equal(notice?.kind, 'system');
      assert.equal(notice?.subject, 'Comment awaiting moderation: Land rights statement');
      assert.match(notice!.html, /Pending words only\./);
      assert.ok(!notice!.html.includes(row!.authorEmail) && !notice!.text.includes(row!.authorEmail));
      const sent = await t.app.inject(res.headers.location as string);
      assert.equal(sent.statusCode, 200);
      assert.match(sent.body, /awaits moderation/);
      assert.equal(sent.headers['cache-control'], 'no-store');
      assert.doesNotMatch(await pageHtml(), /Pending words only/);
    });

    it('refuses a post from another site, and one with no origin and no token', async () => {
      const cross = await postComment({ comment: 'Cross-site words.' }, { headers: { origin: 'https://evil.example' } });
      assert.equal(cross.statusCode, 403);
      const bare = await postComment({ comment: 'Headerless words.' }, { headers: { origin: '' } });
      assert.equal(bare.statusCode, 403);
      assert.equal(await commentRow('Cross-site words.'), undefined);
      assert.equal(await commentRow('Headerless words.'), undefined);
      const sameSite = await postComment({ comment: 'Fetch metadata words.' }, { headers: { origin: '', 'sec-fetch-site': 'same-origin' } });
      assert.equal(sameSite.statusCode, 303);
    });

    it('honeypot: a bot sees the usual answer but nothing is stored', async () => {
      const res = await postComment({ comment: 'Bot words.', homepage: 'https://spam.example' });
      assert.equal(res.statusCode, 303);
      assert.equal(await commentRow('Bot words.'), undefined);
    });

    it('too fast: the form comes back with the values and a fresh stamp, nothing stored', async () => {
      const res = await postComment({ comment: 'Hasty words.', form_stamp: stampFor(`comment:news:${post.id}`, 200) });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /That was very quick/);
      assert.match(res.body, />Hasty words\.<\/textarea>/);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(await commentRow('Hasty words.'), undefined);
      // A stamp made for another item does not pass either.
      const other = await postComment({ comment: 'Borrowed stamp.', form_stamp: stampFor('comment:news:999999') });
      assert.equal(other.statusCode, 400);
      assert.match(other.body, /This form had expired/);
    });

    it('too many links: refused with the limit in the visitor’s language', async () => {
      const links = 'https://a.example https://b.example https://c.example';
      const res = await postComment({ comment: links }, { locale: 'km' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, new RegExp(`តំណភ្ជាប់.*${'២'}`));
      assert.equal(await commentRow(links), undefined);
    });

    it('rate limit per address and per email: 429 once the limit is reached', async () => {
      for (let i = 0; i < GUARD_POLICIES.comment.maxPerIp; i += 1) {
        assert.equal((await postComment({ comment: `From one address ${i}` }, { ip: '198.51.100.20' })).statusCode, 303);
      }
      const byIp = await postComment({ comment: 'One too many from the address' }, { ip: '198.51.100.20' });
      assert.equal(byIp.statusCode, 429);
      assert.match(byIp.body, /several messages in a short time/);
      for (let i = 0; i < GUARD_POLICIES.comment.maxPerEmail; i += 1) {
        assert.equal((await postComment({ comment: `From one email ${i}`, email: 'keen@example.org' })).statusCode, 303);
      }
      const byEmail = await postComment({ comment: 'One too many from the email', email: 'keen@example.org' });
      assert.equal(byEmail.statusCode, 429);
      assert.equal(await commentRow('One too many from the email'), undefined);
    });

    it('duplicate: the same comment twice is stored once', async () => {
      const fields = { comment: 'Said once, meant once.', email: 'echo@example.org' };
      assert.equal((await postComment(fields)).statusCode, 303);
      const again = await postComment(fields);
      assert.equal(again.statusCode, 400);
      assert.match(again.body, /already sent this message/);
      const rows = await t.db.selectFrom('comments').select('id').where('body', '=', 'Said once, meant once.').execute();
      assert.equal(rows.length, 1);
    });

    it('bad input: invalid email, CR/LF in the name, damaged UTF-8, too long; localized, values kept, nothing stored', async () => {
      const email = await postComment({ comment: 'Bad email words.', email: 'not-an-address' }, { locale: 'km' });
      assert.equal(email.statusCode, 400);
      assert.match(email.body, /សូមបញ្ចូលអាសយដ្ឋានអ៊ីមែល/);
      assert.match(email.body, /value="not-an-address"/);
      const crlf = await postComment({ comment: 'Injected name words.', name: 'Dara\r\nBcc: x@evil.example' });
      assert.equal(crlf.statusCode, 400);
      assert.match(crlf.body, /characters we cannot accept/);
      const long = await postComment({ comment: 'x'.repeat(5001) });
      assert.equal(long.statusCode, 400);
      assert.match(long.body, /at most 5,000 characters/);
      // Bytes that are not UTF-8, sent raw in the body.
      const raw = Buffer.concat([
        Buffer.from(`name=Dara&email=raw%40example.org&homepage=&form_stamp=${encodeURIComponent(stampFor(`comment:news:${post.id}`))}&comment=Broken%20`),
        Buffer.from([0xff, 0xfe]),
      ]);
      const broken = await t.app.inject({
        method: 'POST',
        url: `/en/news/${post.slug}/comments`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
        payload: raw,
      });
      assert.equal(broken.statusCode, 400);
      assert.match(broken.body, /characters we cannot accept/);
      // The same, percent-encoded.
      const encoded = await t.app.inject({
        method: 'POST',
        url: `/en/news/${post.slug}/comments`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
        payload: `name=Dara&email=pct%40example.org&homepage=&form_stamp=${encodeURIComponent(stampFor(`comment:news:${post.id}`))}&comment=Broken%FF%FE`,
      });
      assert.equal(encoded.statusCode, 400);
      assert.match(encoded.body, /characters we cannot accept/);
      const count = await t.db.selectFrom('comments').select('id').where('body', 'like', 'Broken%').execute();
      assert.equal(count.length, 0);
      for (const body of ['Bad email words.', 'Injected name words.']) assert.equal(await commentRow(body), undefined);
    });

    it('a 10 MB post gets the localized 413 page, not JSON', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/km/news/${post.slug}/comments`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
        payload: `comment=${'a'.repeat(10 * 1024 * 1024)}`,
      });
      assert.equal(res.statusCode, 413);
      assert.match(res.headers['content-type'] as string, /text\/html/);
      assert.match(res.body, /<html lang="km"/);
      assert.match(res.body, /ធំពេក/);
    });

    describe('moderation', () => {
      let editor: StaffAgent;
      const moderate = (agent: StaffAgent, fields: Record<string, string | string[]>) => {
        const params = new URLSearchParams({ _csrf: agent.csrfToken });
        for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) params.append(k, one);
        return t.app.inject({
          method: 'POST',
          url: '/admin/comments',
          headers: { cookie: agent.cookie, 'content-type': 'application/x-www-form-urlencoded' },
          payload: params.toString(),
        });
      };
      before(async () => {
        editor = await signInAs(t, 'editor');
      });

      it('answers an id beyond the database integer range with the queue, not an error', async () => {
        const res = await moderate(editor, { one: 'approve:9999999999' });
        assert.equal(res.statusCode, 303);
      });

      it('approving shows the comment, escaped, with links marked nofollow ugc, and never the email', async () => {
        const text = 'I agree <script>alert(1)</script> & see https://example.org/land for more.';
        await postComment({ comment: text, name: 'Srey <b>Mom</b>', email: 'secret.reader@example.org' });
        const row = (await commentRow(text))!;
        const cached = await t.app.inject(`/en/news/${post.slug}`);
        assert.doesNotMatch(cached.body, /I agree/);
        const res = await moderate(editor, { one: `approve:${row.id}` });
        assert.equal(res.statusCode, 303);
        const page = await t.app.inject(`/en/news/${post.slug}`);
        assert.notEqual(page.headers['x-page-cache'], 'hit', 'approval empties the page cache');
        assert.match(page.body, /I agree &lt;script>alert\(1\)&lt;\/script> &amp; see <a href="https:\/\/example.org\/land" rel="nofollow ugc">https:\/\/example.org\/land<\/a> for more\./);
        assert.match(page.body, /Srey &lt;b>Mom&lt;\/b>/);
        assert.doesNotMatch(page.body, /<script>alert/);
        for (const path of [`/en/news/${post.slug}`, `/km/news/${post.slug}`, '/en/feeds/news.rss', '/en/search?q=agree', '/sitemap.xml']) {
          const html = (await t.app.inject(path)).body;
          assert.doesNotMatch(html, /secret\.reader@example\.org/, path);
        }
        const audit = await t.db.selectFrom('auditLog').selectAll().where('action', '=', 'comment.approve').where('subjectId', '=', String(row.id)).execute();
        assert.equal(audit.length, 1);
        assert.doesNotMatch(audit[0]!.before ?? '', /secret\.reader/);
      });

      it('comments show oldest first with their dates, in the language they were written in', async () => {
        const first = 'Older approved comment.';
        const second = 'Newer approved comment.';
        const khmer = 'មតិយោបល់ជាភាសាខ្មែរ។';
        await postComment({ comment: first });
        await postComment({ comment: second });
        await postComment({ comment: khmer }, { locale: 'km' });
        const ids = await Promise.all([first, second, khmer].map(async (b) => String((await commentRow(b))!.id)));
        await t.db.updateTable('comments').set({ createdAt: '2025-01-01T03:00:00.000Z' }).where('body', '=', first).execute();
        assert.equal((await moderate(editor, { action: 'approve', ids })).statusCode, 303);
        const en = await pageHtml();
        assert.ok(en.indexOf(first) < en.indexOf(second));
        assert.match(en, /<time datetime="2025-01-01T03:00:00.000Z">1 January 2025/);
        assert.doesNotMatch(en, /មតិយោបល់ជាភាសាខ្មែរ/);
        assert.match(en, /href="\/km\/news\/land-rights-statement#comments" hreflang="km">Comments in Khmer: 1</);
        const km = await pageHtml(`/km/news/${post.slug}`);
        assert.match(km, /<li class="comment" id="comment-\d+" lang="km">/);
        assert.match(km, /មតិយោបល់ជាភាសាខ្មែរ/);
        assert.doesNotMatch(km, /Older approved comment/);
      });

      it('bulk actions: reject, mark as spam and delete several at once, each audited', async () => {
        const bodies = ['Bulk one.', 'Bulk two.', 'Bulk three.'];
        for (const b of bodies) await postComment({ comment: b });
        const ids = await Promise.all(bodies.map(async (b) => String((await commentRow(b))!.id)));
        const list = await t.app.inject({ url: '/admin/comments?status=pending', headers: { cookie: editor.cookie } });
        assert.equal(list.statusCode, 200);
        for (const b of bodies) assert.match(list.body, new RegExp(b));
        assert.equal((await moderate(editor, { action: 'spam', ids: ids.slice(0, 2) })).headers.location, '/admin/comments?status=pending&done=changed&n=2');
        assert.equal((await commentRow('Bulk one.'))!.status, 'spam');
        assert.equal((await moderate(editor, { action: 'reject', ids: ids.slice(2) })).statusCode, 303);
        assert.equal((await commentRow('Bulk three.'))!.status, 'rejected');
        const spamTab = await t.app.inject({ url: '/admin/comments?status=spam', headers: { cookie: editor.cookie } });
        assert.match(spamTab.body, /Bulk two\./);
        assert.equal((await moderate(editor, { action: 'delete', ids, status: 'spam' })).headers.location, '/admin/comments?status=spam&done=deleted&n=3');
        for (const b of bodies) assert.equal(await commentRow(b), undefined);
        const audit = await t.db.selectFrom('auditLog').select('action').where('subjectType', '=', 'comment').where('subjectId', 'in', ids).execute();
        assert.equal(audit.filter((a) => a.action === 'comment.delete').length, 3);
        assert.equal(audit.filter((a) => a.action === 'comment.spam').length, 2);
      });

      it('rejecting an approved comment takes it off the page', async () => {
        await postComment({ comment: 'Approved then rejected.' });
        const id = String((await commentRow('Approved then rejected.'))!.id);
        await moderate(editor, { one: `approve:${id}` });
        assert.match(await pageHtml(), /Approved then rejected\./);
        await moderate(editor, { one: `reject:${id}` });
        assert.doesNotMatch(await pageHtml(), /Approved then rejected\./);
      });

      it('role matrix: admins and editors moderate; authors, monitors and fund managers are refused and audited', async () => {
        await postComment({ comment: 'Role matrix comment.' });
        const id = String((await commentRow('Role matrix comment.'))!.id);
        const roles: Array<[Role, boolean]> = [['admin', true], ['editor', true], ['author', false], ['monitor', false], ['fund_manager', false]];
        for (const [role, allowed] of roles) {
          const agent = await signInAs(t, role);
          const list = await t.app.inject({ url: '/admin/comments', headers: { cookie: agent.cookie } });
          assert.equal(list.statusCode, allowed ? 200 : 403, role);
          if (!allowed) {
            const res = await moderate(agent, { one: `approve:${id}` });
            assert.equal(res.statusCode, 403, role);
            assert.equal((await commentRow('Role matrix comment.'))!.status, 'pending');
            const nav = await t.app.inject({ url: '/admin', headers: { cookie: agent.cookie } });
            assert.doesNotMatch(nav.body, /href="\/admin\/comments"/, role);
          }
        }
        const refusals = await t.db.selectFrom('auditLog').select('after').where('action', '=', 'permission.denied').where('subjectType', '=', 'comments').execute();
        assert.ok(refusals.length >= 6);
      });
    });

    it('publications take no comments unless an editor turns them on', async () => {
      const pub = await createPublication(t.db, { slug: 'annual-report-comments' });
      assert.doesNotMatch(await pageHtml(`/en/publications/${pub.slug}`), /comment-form/);
      const refused = await postComment({ comment: 'On a closed publication.', form_stamp: stampFor(`comment:publication:${pub.id}`) }, { path: `/publications/${pub.slug}`, itemId: pub.id });
      assert.equal(refused.statusCode, 403);
      await t.db.updateTable('publications').set({ commentsEnabled: 1 }).where('id', '=', pub.id).execute();
      t.app.contentChanged();
      assert.match(await pageHtml(`/en/publications/${pub.slug}`), /action="\/en\/publications\/annual-report-comments\/comments"/);
      const ok = await postComment({ comment: 'On an open publication.', form_stamp: stampFor(`comment:publication:${pub.id}`) }, { path: `/publications/${pub.slug}`, itemId: pub.id });
      assert.equal(ok.statusCode, 303);
      assert.equal((await commentRow('On an open publication.'))!.publicationId, pub.id);
    });

    it('the editor offers the switch: on for a new news post, off for a new publication', async () => {
      const editor = await signInAs(t, 'editor');
      const news = await t.app.inject({ url: '/admin/news/new', headers: { cookie: editor.cookie } });
      assert.match(news.body, /<input type="checkbox" id="f-commentsEnabled" name="commentsEnabled" value="1" checked/);
      const pubs = await t.app.inject({ url: '/admin/publications/new', headers: { cookie: editor.cookie } });
      assert.match(pubs.body, /name="commentsEnabled" value="1"(?! checked)/);
    });

    it('a news post with comments turned off shows no form, and deleting the post deletes its comments', async () => {
      const quiet = await createNewsPost(t.db, { slug: 'quiet-post' });
      await t.db.updateTable('newsPosts').set({ commentsEnabled: 0 }).where('id', '=', quiet.id).execute();
      t.app.contentChanged();
      assert.doesNotMatch(await pageHtml('/en/news/quiet-post'), /id="comments"/);
      const loud = await createNewsPost(t.db, { slug: 'short-lived-post' });
      await postComment({ comment: 'On a post that goes away.' }, { path: '/news/short-lived-post', itemId: loud.id });
      assert.ok(await commentRow('On a post that goes away.'));
      await t.db.deleteFrom('newsPosts').where('id', '=', loud.id).execute();
      assert.equal(await commentRow('On a post that goes away.'), undefined);
    });
  });
}
