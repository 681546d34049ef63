import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import type { Kysely } from 'kysely';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { AUTHOR, COMPANY, legacyDoc, odfFile, ooxmlFile } from '../../../test/helpers/office-files.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { contentFiles } from '../media/storage.js';
import { runWordPressImport, WordPressImportRefused } from './wordpress-import.command.js';
import type { ImportReport, ReportEntry } from './wordpress-import.report.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/wordpress');
const POLYLANG = path.join(FIXTURES, 'polylang.xml');
const WPML = path.join(FIXTURES, 'wpml.xml');
const UPLOADS = path.join(FIXTURES, 'uploads');

/**
 * The export's uploads folder with the office files of the export beside its PDFs and picture:
 * written here, each with its author and company in its properties.
 */
function uploadsWithOfficeFiles(dir: string): string {
  fs.cpSync(UPLOADS, dir, { recursive: true });
  const write = (file: string, bytes: Buffer) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), bytes);
  };
  write('2024/03/accounts.docx', ooxmlFile('docx'));
  write('2023/11/minutes.odt', odfFile('odt'));
  write('2024/03/budget.xlsm', ooxmlFile('xlsx', { 'xl/vbaProject.bin': 'Attribute VB_Name' }));
  write('2017/02/old-minutes.doc', legacyDoc());
  return dir;
}

const entry = (report: ImportReport, object: ReportEntry['object'], wpId: string) => report.entries.find((e) => e.object === object && e.wpId === wpId);

for (const engine of testEngines()) {
  describe(`dove import wordpress (${engine})`, () => {
    let t: TestContext;
    let work: string;
    let siteUploads: string;
    const run = (file: string, opts: Parameters<typeof runWordPressImport>[3] = {}) =>
      runWordPressImport(t.db, t.config, file, { uploads: siteUploads, fetchTimeout: '2', report: path.join(work, 'report.json'), ...opts });
    const count = async (table: 'newsPosts' | 'pages' | 'topics' | 'comments' | 'files') =>
      Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const newsSlugs = async () => (await t.db.selectFrom('newsPosts').select('slug').orderBy('slug').execute()).map((r) => r.slug);
    const get = (url: string) => t.app.inject(url);
    let first: ImportReport;

    before(async () => {
      t = await createTestApp(engine);
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-wp-'));
      siteUploads = uploadsWithOfficeFiles(path.join(work, 'site-uploads'));
    });
    after(async () => {
      await t.close();
      fs.rmSync(work, { recursive: true, force: true });
    });

    it('refuses malformed XML naming its line and column, and imports nothing', async () => {
      const broken = path.join(work, 'broken.xml');
      const lines = fs.readFileSync(POLYLANG, 'utf8').split('\n');
      const at = lines.findIndex((l) => l.includes('<title><![CDATA[About the Project]]></title>'));
      lines[at] = '\t\t<title>About the Project</titel>';
      fs.writeFileSync(broken, lines.join('\n'));
      await assert.rejects(run(broken), (error: Error) => {
        assert.ok(error instanceof WordPressImportRefused);
        assert.match(error.message, new RegExp(`line ${at + 1}, column \\d+: .*Nothing was imported`));
        return true;
      });
      assert.equal(await count('newsPosts'), 0);
      assert.equal(await count('pages'), 0);
      assert.equal(await count('files'), 0);
    });

    it('refuses a file that is not a WordPress export', async () => {
      const feed = path.join(work, 'feed.xml');
      fs.writeFileSync(feed, '<?xml version="1.0"?><rss version="2.0"><channel><title>A feed</title><item><title>x</title></item></channel></rss>');
      await assert.rejects(run(feed), /not a WordPress export/);
    });

    it('a dry run reports what would happen and writes nothing', async () => {
      const { report, text } = await run(POLYLANG, { dryRun: true });
      assert.match(text, /Dry run/);
      assert.equal(entry(report, 'post', '10')?.outcome, 'imported');
      assert.equal(await count('newsPosts'), 0);
      assert.equal(await count('files'), 0);
      assert.equal((await get('/2024/03/04/court-upholds-land-rights/')).statusCode, 404);
    });

    it('imports posts and pages with their Polylang translations as one item each', async () => {
      const { report, reportFile } = await run(POLYLANG);
      first = report;
      assert.deepEqual(JSON.parse(fs.readFileSync(reportFile, 'utf8')).entries.length, report.entries.length);
      // 10 + 11 are one news item, 20 + 21 one page; 13 is Khmer only; 12 is a draft.
      assert.equal(await count('newsPosts'), 3);
      assert.equal(await count('pages'), 1);
      assert.deepEqual(await newsSlugs(), ['court-upholds-land-rights', 'draft-statement-on-evictions', 'news-13']);
      const court = await t.db.selectFrom('newsPosts').selectAll().where('slug', '=', 'court-upholds-land-rights').executeTakeFirstOrThrow();
      assert.equal(court.status, 'published');
      assert.equal(court.publishedAt, '2024-03-04T09:00:00.000Z');
      const langs = await t.db.selectFrom('newsPostTranslations').select(['locale', 'title']).where('itemId', '=', court.id).orderBy('locale').execute();
      assert.deepEqual(langs, [{ locale: 'en', title: 'Court Upholds Villagers’ Land Rights' }, { locale: 'km', title: 'តុលាការការពារសិទ្ធិដីធ្លីរបស់អ្នកភូមិ' }]);
      const draft = await t.db.selectFrom('newsPosts').select(['status']).where('slug', '=', 'draft-statement-on-evictions').executeTakeFirstOrThrow();
      assert.equal(draft.status, 'draft');
      const khmerOnly = await t.db.selectFrom('newsPosts').innerJoin('newsPostTranslations', 'itemId', 'newsPosts.id').select(['locale']).where('slug', '=', 'news-13').execute();
      assert.deepEqual(khmerOnly.map((r) => r.locale), ['km']);
      assert.equal(entry(report, 'other', '40')?.outcome, 'skipped');
    });

    it('cleans blocks and shortcodes into sanitized rich text with new image and page addresses', async () => {
      const body = (await t.db.selectFrom('newsPostTranslations').select('bodyHtml').where('locale', '=', 'en').where('title', 'like', 'Court%').executeTakeFirstOrThrow()).bodyHtml;
      assert.doesNotMatch(body, /wp:|\[caption|\[box|\[contact-form-7|<script|old\.rights\.test/);
      assert.match(body, /<figure><img src="\/media\/[0-9a-f]{64}\.jpg"[^>]*><figcaption>The judges read the ruling aloud<\/figcaption><\/figure>/);
      assert.match(body, /href="\/en\/about-the-project"/);
      assert.match(body, /Families may appeal within 30 days\./);
      assert.match(body, /<a href="https:\/\/www\.youtube\.com\/watch\?v=abc123"/);
      const khmer = (await t.db.selectFrom('newsPostTranslations').select('bodyHtml').where('locale', '=', 'km').where('title', 'like', 'តុលាការ%').executeTakeFirstOrThrow()).bodyHtml;
      assert.match(khmer, /^<p>តុលាការខេត្ត[^<]*<\/p>\s*<p>ក្រុមគ្រួសារ[^<]*<br \/>/);
      assert.match(khmer, /href="\/km\/about-the-project"/);
      const page = (await t.db.selectFrom('pageTranslations').select('bodyHtml').where('locale', '=', 'en').executeTakeFirstOrThrow()).bodyHtml;
      assert.match(page, /<p>We document land disputes[^<]*<\/p>\s*<p>Our monitors/);
      assert.match(page, /<figure><img src="\/media\/[0-9a-f]{64}\.jpg" alt="Three judges seated/);
    });

    it('stores the featured image through the image pipeline, without its metadata, as the cover', async () => {
      const court = await t.db.selectFrom('newsPosts').select('coverFileId').where('slug', '=', 'court-upholds-land-rights').executeTakeFirstOrThrow();
      assert.ok(court.coverFileId);
      const file = await t.db.selectFrom('files').selectAll().where('id', '=', court.coverFileId).executeTakeFirstOrThrow();
      assert.equal(file.width, 640);
      const variants = await t.db.selectFrom('imageVariants').select(['format']).where('fileId', '=', file.id).execute();
      assert.deepEqual([...new Set(variants.map((v) => v.format))].sort(), ['avif', 'jpeg', 'webp']);
      const stored = await contentFiles(t.app.storage).get(file.sha256);
      assert.ok(stored);
      assert.equal((await sharp(stored).metadata()).exif, undefined);
      assert.doesNotMatch(stored.toString('latin1'), /Secret Photographer/);
      const alt = await t.db.selectFrom('fileTranslations').select(['locale', 'alt']).where('itemId', '=', file.id).execute();
      assert.deepEqual(alt, [{ locale: 'en', alt: 'Three judges seated at the bench of the provincial court' }]);
    });

    it('turns categories and tags into topics, a translated category into one topic', async () => {
      const topics = await t.db.selectFrom('topics').innerJoin('topicTranslations', 'itemId', 'topics.id').select(['slug', 'locale', 'name']).where('slug', 'in', ['press-releases', 'land-rights']).orderBy('slug').orderBy('locale').execute();
      // The site had "Land rights" already: the tag joins it and its names stay the editors'.
      assert.deepEqual(topics, [
        { slug: 'land-rights', locale: 'en', name: 'Land rights' },
        { slug: 'land-rights', locale: 'km', name: 'សិទ្ធិដីធ្លី' },
        { slug: 'press-releases', locale: 'en', name: 'Press Releases' },
        { slug: 'press-releases', locale: 'km', name: 'សេចក្តីប្រកាសព័ត៌មាន' },
      ]);
      assert.equal(entry(first, 'topic', '1')?.outcome, 'skipped');
      assert.match(entry(first, 'topic', '5')?.reason ?? '', /joined the topic/);
    });

    it('imports the approved comment only; the pending one and the pingback are skipped with reasons', async () => {
      const comments = await t.db.selectFrom('comments').select(['authorName', 'status', 'locale', 'body', 'createdAt']).execute();
      assert.deepEqual(comments, [{ authorName: 'Dara', status: 'approved', locale: 'en', body: 'Good news for the families & their lawyers.', createdAt: '2024-03-05T03:15:00.000Z' }]);
      assert.match(entry(first, 'comment', '101')?.reason ?? '', /not approved/);
      assert.match(entry(first, 'comment', '102')?.reason ?? '', /pingback/);
    });

    it('shows the items on the public pages in both languages', async () => {
      const en = await get('/en/news/court-upholds-land-rights');
      assert.equal(en.statusCode, 200);
      assert.match(en.body, /Court Upholds Villagers’ Land Rights/);
      assert.match(en.body, /Good news for the families/);
      const km = await get('/km/news/court-upholds-land-rights');
      assert.equal(km.statusCode, 200);
      assert.match(km.body, /តុលាការការពារសិទ្ធិដីធ្លីរបស់អ្នកភូមិ/);
      assert.match((await get('/km/news/news-13')).body, /សិក្ខាសាលាស្តីពីសិទ្ធិមនុស្ស/);
      assert.match((await get('/en/about-the-project')).body, /About the Project/);
      assert.match((await get('/km/about-the-project')).body, /អំពីគម្រោង/);
      assert.equal((await get('/en/news/draft-statement-on-evictions')).statusCode, 404);
    });

    it('brings documents a post links to into the media library and points the links at them', async () => {
      const body = (await t.db.selectFrom('newsPostTranslations').select('bodyHtml').where('locale', '=', 'en').where('title', 'like', 'Court%').executeTakeFirstOrThrow()).bodyHtml;
      // An attachment of the export, and a file of the uploads folder that no attachment names.
      const ruling = /<a href="(\/files\/([0-9a-f]{64})\/ruling\.pdf)">the ruling \(PDF\)<\/a>/.exec(body);
      const report = /<a href="(\/files\/([0-9a-f]{64})\/report\.pdf)">our 2019 report<\/a>/.exec(body);
      assert.ok(ruling, body);
      assert.ok(report, body);
      for (const [match, file] of [[ruling, '2024/03/ruling.pdf'], [report, '2019/05/report.pdf']] as const) {
        const res = await get(match[1]!);
        assert.equal(res.statusCode, 200, match[1]);
        assert.equal(res.headers['content-type'], 'application/pdf');
        // Stored as an upload in the admin is: without the document information the file came with.
        assert.match(fs.readFileSync(path.join(UPLOADS, file), 'latin1'), /\/Producer/);
        assert.doesNotMatch(res.rawPayload.toString('latin1'), /\/Producer|\/Creator/);
        assert.equal((await PDFDocument.load(res.rawPayload)).getPageCount(), 1);
        const row = await t.db.selectFrom('files').select(['mime', 'originalName']).where('sha256', '=', match[2]!).executeTakeFirstOrThrow();
        assert.deepEqual(row, { mime: 'application/pdf', originalName: path.basename(file) });
      }
      // A file found nowhere: the link stays as it was, and the report says why.
      assert.match(body, /<a href="\/wp-content\/uploads\/2018\/01\/gone\.pdf">the 2018 report<\/a>/);
      assert.match(entry(first, 'post', '10')?.reason ?? '', /its link to \/wp-content\/uploads\/2018\/01\/gone\.pdf was left as it was \(the file is missing: not found in the uploads folder/);
      assert.equal(entry(first, 'attachment', 'http://old.rights.test/wp-content/uploads/2018/01/gone.pdf')?.outcome, 'skipped');
      assert.equal(entry(first, 'attachment', 'http://old.rights.test/wp-content/uploads/2019/05/report.pdf')?.outcome, 'imported');
      assert.equal(entry(first, 'attachment', '31')?.outcome, 'imported');
      // A document no published item links to is not served: the draft's link would not make it public.
      await t.db.updateTable('newsPosts').set({ status: 'draft' }).where('slug', '=', 'court-upholds-land-rights').execute();
      assert.equal((await get(report[1]!)).statusCode, 404);
      await t.db.updateTable('newsPosts').set({ status: 'published' }).where('slug', '=', 'court-upholds-land-rights').execute();
      assert.equal((await get(report[1]!)).statusCode, 200);
    });

    it('brings Word and OpenDocument files in as documents without their properties, and names the files it refused', async () => {
      const body = (await t.db.selectFrom('newsPostTranslations').select('bodyHtml').where('locale', '=', 'en').where('title', 'like', 'Court%').executeTakeFirstOrThrow()).bodyHtml;
      const docx = /<a href="(\/files\/([0-9a-f]{64})\/accounts\.docx)">annual accounts \(Word\)<\/a>/.exec(body);
      const odt = /<a href="(\/files\/([0-9a-f]{64})\/minutes\.odt)">minutes of the meeting<\/a>/.exec(body);
      assert.ok(docx, body);
      assert.ok(odt, body);
      const cases = [
        { match: docx, mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', main: 'word/document.xml', name: 'accounts.docx' },
        { match: odt, mime: 'application/vnd.oasis.opendocument.text', main: 'content.xml', name: 'minutes.odt' },
      ];
      for (const c of cases) {
        const res = await get(c.match[1]!);
        assert.equal(res.statusCode, 200, c.match[1]);
        assert.equal(res.headers['content-type'], c.mime);
        assert.match(res.headers['content-disposition'] as string, new RegExp(`^attachment; filename="${c.name.replace('.', '\\.')}"`));
        // The stored copy opens, and says nothing of who wrote it.
        const parts = unzipSync(res.rawPayload);
        assert.match(strFromU8(parts[c.main]!), /Land report 2024/);
        const text = Object.values(parts).map((part) => strFromU8(part)).join('');
        assert.ok(!text.includes(AUTHOR) && !text.includes(COMPANY), c.name);
        const row = await t.db.selectFrom('files').select(['mime', 'originalName']).where('sha256', '=', c.match[2]!).executeTakeFirstOrThrow();
        assert.deepEqual(row, { mime: c.mime, originalName: c.name });
      }
      assert.equal(entry(first, 'attachment', '32')?.outcome, 'imported');
      assert.equal(entry(first, 'attachment', 'http://old.rights.test/wp-content/uploads/2023/11/minutes.odt')?.outcome, 'imported');
      // Macros and the old binary formats keep their old link; the report gives the media library's reason.
      assert.match(body, /<a href="\/wp-content\/uploads\/2024\/03\/budget\.xlsm">the budget<\/a>/);
      assert.match(body, /<a href="\/wp-content\/uploads\/2017\/02\/old-minutes\.doc">older minutes<\/a>/);
      const budget = entry(first, 'attachment', 'http://old.rights.test/wp-content/uploads/2024/03/budget.xlsm');
      assert.equal(budget?.outcome, 'skipped');
      assert.match(budget?.reason ?? '', /the media library refuses it: files with macros/);
      const old = entry(first, 'attachment', 'http://old.rights.test/wp-content/uploads/2017/02/old-minutes.doc');
      assert.equal(old?.outcome, 'skipped');
      assert.match(old?.reason ?? '', /the media library refuses it: the old Word, Excel and PowerPoint formats \(\.doc, \.xls, \.ppt\) are refused/);
      assert.match(entry(first, 'post', '10')?.reason ?? '', /its link to \/wp-content\/uploads\/2024\/03\/budget\.xlsm was left as it was \(the media library refuses it: files with macros/);
    });

    it('answers every old address (date archives too) with a 301 to its new page', async () => {
      t.app.redirects.invalidate();
      const expect = async (old: string, to: string) => {
        const res = await get(old);
        assert.equal(res.statusCode, 301, `${old}: ${res.statusCode}`);
        assert.equal(res.headers.location, to, old);
      };
      await expect('/2024/03/04/court-upholds-land-rights/', '/en/news/court-upholds-land-rights');
      await expect('/km/2024/03/04/%e1%9e%8f%e1%9e%bb%e1%9e%9b%e1%9e%b6%e1%9e%80%e1%9e%b6%e1%9e%9a/', '/km/news/court-upholds-land-rights');
      await expect('/?p=10', '/en/news/court-upholds-land-rights');
      await expect('/?p=11', '/km/news/court-upholds-land-rights');
      await expect('/about-the-project/', '/en/about-the-project');
      await expect('/?page_id=21', '/km/about-the-project');
      await expect('/2024/03/04/court-upholds-land-rights/court/', '/en/news/court-upholds-land-rights');
      await expect('/?attachment_id=30', '/en/news/court-upholds-land-rights');
      await expect('/category/press-releases/', '/en/topics/press-releases');
      await expect('/category/press-releases-km/', '/km/topics/press-releases');
      await expect('/tag/land-rights/', '/en/topics/land-rights');
      await expect('/?cat=3', '/en/topics/press-releases');
      assert.equal((await get('/en/topics/press-releases')).statusCode, 200);
      // Date archives go to the list the posts are on, in the archive's language (Polylang prefixes all but the default).
      for (const archive of ['/2024/', '/2024/03/', '/2024/03/04/']) await expect(archive, '/en/news/press-releases?kind=press_release');
      await expect('/km/2024/03/', '/km/news/press-releases?kind=press_release');
      await expect('/km/2024/03/04/', '/km/news/press-releases?kind=press_release');
      assert.equal((await get('/2024/03/05/')).statusCode, 404, 'a day without a post has no archive');
      assert.equal((await get('/km/news/press-releases?kind=press_release')).statusCode, 200);
    });

    it('a second import changes nothing', async () => {
      const documents = async () => Number((await t.db.selectFrom('files').select((eb) => eb.fn.countAll().as('n')).where('mime', '=', 'application/pdf').executeTakeFirstOrThrow()).n);
      assert.equal(await documents(), 2);
      const officeDocuments = () => t.db.selectFrom('files').select(['sha256', 'mime']).where('mime', 'like', 'application/vnd.%').orderBy('sha256').execute();
      const storedOffice = await officeDocuments();
      assert.equal(storedOffice.length, 2);
      const before = { news: await count('newsPosts'), comments: await count('comments'), files: await count('files'), audit: (await t.db.selectFrom('auditLog').select('id').execute()).length };
      const { report } = await run(POLYLANG);
      const changed = report.entries.filter((e) => e.outcome === 'imported' || e.outcome === 'changed');
      assert.deepEqual(changed, []);
      assert.equal(report.redirects.created + report.redirects.changed, 0);
      assert.deepEqual(
        { news: await count('newsPosts'), comments: await count('comments'), files: await count('files'), audit: (await t.db.selectFrom('auditLog').select('id').execute()).length },
        before,
      );
      assert.equal(await documents(), 2);
      assert.deepEqual(await officeDocuments(), storedOffice, 'the same cleaned bytes: nothing new stored');
    });

    it('a changed post is updated in place, not duplicated', async () => {
      const edited = path.join(work, 'edited.xml');
      fs.writeFileSync(edited, fs.readFileSync(POLYLANG, 'utf8').replace('A ruling for 120 families in Kampong Speu.', 'A ruling that protects 120 families.'));
      const { report } = await run(edited);
      assert.equal(entry(report, 'post', '10')?.outcome, 'changed');
      assert.equal(entry(report, 'post', '11')?.outcome, 'unchanged');
      assert.equal(await count('newsPosts'), 3);
      const summary = await t.db.selectFrom('newsPostTranslations').select('summary').where('locale', '=', 'en').where('title', 'like', 'Court%').executeTakeFirstOrThrow();
      assert.equal(summary.summary, 'A ruling that protects 120 families.');
    });

    it('reports a missing attachment clearly and still imports the item whole', async () => {
      const xml = fs.readFileSync(POLYLANG, 'utf8')
        .replace(/2024\/03\/court\.jpg/g, '2024/03/missing.jpg')
        .replace('http://old.rights.test', 'http://127.0.0.1:9')
        .replace(/<wp:base_site_url>[^<]*/, '<wp:base_site_url>http://other.rights.test')
        .replace(/<wp:base_blog_url>[^<]*/, '<wp:base_blog_url>http://other.rights.test');
      const file = path.join(work, 'missing.xml');
      fs.writeFileSync(file, xml.replace(/http:\/\/old\.rights\.test\/wp-content/g, 'http://127.0.0.1:9/wp-content'));
      const { report, text } = await run(file);
      const att = entry(report, 'attachment', '30')!;
      assert.equal(att.outcome, 'skipped');
      assert.match(att.reason!, /the file is missing: not found in the uploads folder \(.*2024\/03\/missing\.jpg\); http:\/\/127\.0\.0\.1:9\/wp-content\/uploads\/2024\/03\/missing\.jpg could not be downloaded/);
      assert.match(text, /missing\.jpg/);
      assert.equal(entry(report, 'post', '10')?.outcome, 'imported');
      assert.match(entry(report, 'post', '10')?.reason ?? '', /featured image \(attachment 30\) was not imported/);
    });

    it('a document found on a later run is brought in, and the post that links to it is updated', async () => {
      const uploads = path.join(work, 'uploads');
      fs.cpSync(siteUploads, uploads, { recursive: true });
      fs.mkdirSync(path.join(uploads, '2018/01'), { recursive: true });
      fs.copyFileSync(path.join(UPLOADS, '2019/05/report.pdf'), path.join(uploads, '2018/01/gone.pdf'));
      // The export as the earlier test left the site: only the document has changed since.
      const { report } = await run(path.join(work, 'edited.xml'), { uploads });
      assert.equal(entry(report, 'post', '10')?.outcome, 'changed');
      assert.doesNotMatch(entry(report, 'post', '10')?.reason ?? '', /gone\.pdf was left as it was/);
      assert.equal(entry(report, 'post', '11')?.outcome, 'unchanged');
      // The earlier test imported a second copy from another site: this one is the first's.
      const body = (
        await t.db
          .selectFrom('newsPostTranslations')
          .innerJoin('newsPosts', 'newsPosts.id', 'newsPostTranslations.itemId')
          .select('bodyHtml')
          .where('locale', '=', 'en')
          .where('slug', '=', 'court-upholds-land-rights')
          .executeTakeFirstOrThrow()
      ).bodyHtml;
      const gone = /<a href="(\/files\/[0-9a-f]{64}\/gone\.pdf)">the 2018 report<\/a>/.exec(body);
      assert.ok(gone, body);
      assert.equal((await get(gone[1]!)).statusCode, 200);
    });

    it('finds what an import keyed by the network address made, re-keys it, and says so', async () => {
      // Earlier versions keyed an export by its site address: a WordPress.com export's is https://wordpress.com.
      const items = t.db as unknown as Kysely<{ wordpressImportItems: { source: string } }>;
      await items.updateTable('wordpressImportItems').set({ source: 'https://wordpress.com' }).where('source', '=', 'http://old.rights.test').execute();
      const xml = fs.readFileSync(path.join(work, 'edited.xml'), 'utf8').replace(/<wp:base_site_url>[^<]*/, '<wp:base_site_url>https://wordpress.com');
      const file = path.join(work, 'network.xml');
      fs.writeFileSync(file, xml);
      const posts = await count('newsPosts');
      const slugs = await newsSlugs();
      const { report, text } = await run(file);
      assert.equal(entry(report, 'post', '11')?.outcome, 'unchanged');
      assert.equal(await count('newsPosts'), posts);
      assert.deepEqual(await newsSlugs(), slugs);
      assert.match(text, /recorded under https:\/\/wordpress\.com \(the site address\) are now recorded under http:\/\/old\.rights\.test/);
      const left = await items.selectFrom('wordpressImportItems').select('source').where('source', '=', 'https://wordpress.com').execute();
      assert.equal(left.length, 0);
    });
  });

  describe(`dove import wordpress, WPML (${engine})`, () => {
    let t: TestContext;
    let work: string;
    before(async () => {
      t = await createTestApp(engine);
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-wpml-'));
    });
    after(async () => {
      await t.close();
      fs.rmSync(work, { recursive: true, force: true });
    });

    it('pairs WPML translations into one item and imports an unpaired Khmer post as Khmer only', async () => {
      const { report } = await runWordPressImport(t.db, t.config, WPML, { report: path.join(work, 'r.json'), fetchTimeout: '1' });
      const items = await t.db.selectFrom('newsPosts').innerJoin('newsPostTranslations', 'itemId', 'newsPosts.id').select(['slug', 'locale', 'title', 'status']).orderBy('slug').orderBy('locale').execute();
      assert.deepEqual(items, [
        { slug: 'news-52', locale: 'km', title: 'ការណែនាំសម្រាប់អ្នកសារព័ត៌មាន', status: 'published' },
        { slug: 'release-of-detained-activists', locale: 'en', title: 'Release of Detained Activists', status: 'published' },
        { slug: 'release-of-detained-activists', locale: 'km', title: 'ការដោះលែងសកម្មជនដែលត្រូវបានឃុំខ្លួន', status: 'published' },
      ]);
      assert.equal(entry(report, 'post', '53')?.outcome, 'skipped');
      assert.match(entry(report, 'post', '53')?.reason ?? '', /"fr" is not one of this site's languages/);
      assert.equal((await t.app.inject('/?p=51')).headers.location, '/km/news/release-of-detained-activists');
      assert.equal((await t.app.inject('/km/news/release-of-detained-activists')).statusCode, 200);
      assert.equal((await t.app.inject('/km/news/news-52')).statusCode, 200);
    });

    it('imports a password-protected post as a draft, never public, and says why; a stray % in an address is kept as written', async () => {
      const post = (id: number, slug: string, title: string, password: string) => `<item>
        <title><![CDATA[${title}]]></title><link>http://protected.test/${slug}/</link><guid isPermaLink="false">http://protected.test/?p=${id}</guid>
        <dc:creator><![CDATA[admin]]></dc:creator><content:encoded><![CDATA[<p>Names of the families who gave evidence.</p>[audio src="http://protected.test/wp-content/uploads/2024/02/100%.mp3"]]]></content:encoded>
        <excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>${id}</wp:post_id>
        <wp:post_date><![CDATA[2024-02-01 09:00:00]]></wp:post_date><wp:post_date_gmt><![CDATA[2024-02-01 02:00:00]]></wp:post_date_gmt>
        <wp:comment_status><![CDATA[closed]]></wp:comment_status><wp:post_name><![CDATA[${slug}]]></wp:post_name>
        <wp:status><![CDATA[publish]]></wp:status><wp:post_parent>0</wp:post_parent><wp:post_type><![CDATA[post]]></wp:post_type>
        <wp:post_password><![CDATA[${password}]]></wp:post_password></item>`;
      const file = path.join(work, 'protected.xml');
      fs.writeFileSync(
        file,
        `<?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
          xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/"><channel>
        <title>Protected</title><link>http://protected.test</link><wp:wxr_version>1.2</wp:wxr_version>
        <wp:base_site_url>http://protected.test</wp:base_site_url><wp:base_blog_url>http://protected.test</wp:base_blog_url>
        ${post(70, 'witness-statements', 'Witness statements', 'only-for-partners')}
        ${post(71, 'open-statement', 'Open statement', '')}
        </channel></rss>`,
      );
      const { report } = await runWordPressImport(t.db, t.config, file, { report: path.join(work, 'p.json'), fetchTimeout: '1', language: 'en' });
      const statusOf = async (slug: string) => (await t.db.selectFrom('newsPosts').select('status').where('slug', '=', slug).executeTakeFirstOrThrow()).status;
      assert.equal(await statusOf('witness-statements'), 'draft');
      assert.equal(await statusOf('open-statement'), 'published');
      assert.match(entry(report, 'post', '70')?.reason ?? '', /password-protected in WordPress: imported as a draft/);
      assert.equal((await t.app.inject('/en/news/witness-statements')).statusCode, 404);
      const open = await t.app.inject('/en/news/open-statement');
      assert.equal(open.statusCode, 200);
      assert.match(open.body, />100%\.mp3</);
      const search = await t.app.inject('/en/search?q=witness');
      assert.doesNotMatch(search.body, /Witness statements/);
    });
  });
}
