import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import * as tar from 'tar';
import { createNewsPost } from '../../../test/factories/news.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import type { Locale } from '../../i18n/locales.js';
import { mirrorSite, type MirrorReport } from './mirror.command.js';
import { loadMirrorInputs } from './mirror-inputs.repository.js';
import { STATE_FILE } from './mirror.reuse.js';
import { verifyMirror, type Manifest } from './mirror.manifest.js';
import { fileForUrl } from './mirror.paths.js';
import { archiveChangedPages, SavePageNow, writeArchive } from './mirror.publish.js';
import { startS3Server } from '../../../test/helpers/s3-server.js';
import { createObjectStorage } from '../../storage/index.js';
import { FolderTarget, ObjectStorageTarget, type MirrorTarget } from './mirror.target.js';

const DEMO_SITE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/demo-site');
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((file) => fs.existsSync(file));
const LIVE = 'http://dove.test';
const LOOPBACK = '127.0.0.1';
const MADE_ON = new Date('2026-03-01T08:00:00Z');
const MAX_PAGES = 2000;

if (!NGINX && process.env.CI) throw new Error('CI must install nginx: the mirror test may not be skipped in CI.');

/** Every same-site link (href, src, srcset) of an HTML page, as the live site's crawl test reads them. */
function liveLinks(html: string): string[] {
  const links: string[] = [];
  for (const m of html.matchAll(/\s(?:href|src)="([^"]+)"/g)) {
    const raw = m[1]!.replace(/&amp;/g, '&');
    if (raw.startsWith('/') && !raw.startsWith('//')) links.push(raw.split('#')[0]!);
  }
  return links;
}

/** The pages a reader of the live site reaches from the home pages and the site map pages (search results aside). */
async function crawlLive(t: TestContext): Promise<{ pages: string[]; broken: string[] }> {
  const pages: string[] = [];
  const broken: string[] = [];
  const seen = new Set<string>();
  const queue = ['/en/', '/km/', '/en/sitemap', '/km/sitemap'];
  while (queue.length && seen.size < MAX_PAGES) {
    const url = queue.shift()!;
    if (seen.has(url) || /^\/[a-z]{2}\/search\b/.test(url) || url.startsWith('/admin')) continue;
    seen.add(url);
    const res = await t.app.inject(url);
    if (res.statusCode >= 400) broken.push(url);
    if (res.statusCode !== 200) continue;
    if (String(res.headers['content-type']).startsWith('text/html')) {
      pages.push(url);
      queue.push(...liveLinks(res.body));
    }
  }
  return { pages, broken };
}

interface Fetched {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function get(port: number, pathname: string, headers: http.OutgoingHttpHeaders = {}): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: LOOPBACK, port, path: pathname, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

/** A reader's crawl of the copy served by nginx: every link followed, each answer's status kept. */
async function crawlMirror(port: number): Promise<Map<string, Fetched>> {
  const answers = new Map<string, Fetched>();
  const queue = ['/en/index.html', '/km/index.html', '/en/sitemap/index.html', '/km/sitemap/index.html'];
  while (queue.length && answers.size < MAX_PAGES * 4) {
    const url = queue.shift()!;
    if (answers.has(url)) continue;
    const res = await get(port, url);
    answers.set(url, res);
    if (res.status !== 200 || !String(res.headers['content-type']).startsWith('text/html')) continue;
    for (const tag of res.body.toString('utf8').matchAll(/<[a-z]+\s[^>]*>/g)) {
      if (tag[0].includes('data-mirror-keep') || tag[0].includes('rel="canonical"')) continue;
      const values = [...tag[0].matchAll(/\s(?:href|src)="([^"]+)"/g)].map((m) => m[1]!);
      for (const set of tag[0].matchAll(/\ssrcset="([^"]+)"/g)) values.push(...set[1]!.split(',').map((c) => c.trim().split(/\s+/)[0]!));
      for (const value of values) {
        const target = new URL(value.replace(/&amp;/g, '&'), `http://${LOOPBACK}:${port}${url}`);
        if (target.host !== `${LOOPBACK}:${port}`) continue;
        if (!answers.has(target.pathname)) queue.push(target.pathname);
      }
    }
  }
  return answers;
}

/** What may name the live server in a copied page: the canonical link, og:url, the structured data, and the marked links to the live site. */
function withoutCanonicalReferences(html: string): string {
  return html
    .replace(/<link rel="canonical"[^>]*>/g, '')
    .replace(/<meta property="og:url"[^>]*>/g, '')
    .replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/g, '')
    .replace(/<a [^>]*data-mirror-keep[^>]*>[\s\S]*?<\/a>/g, '');
}

function startNginx(dir: string, root: string, port: number): ChildProcess {
  const temp = (name: string) => path.join(dir, name);
  const site = fs.readFileSync(path.resolve(DEMO_SITE, '../../../deploy/nginx-mirror.conf'), 'utf8');
  const replace = (text: string, from: string, to: string) => {
    assert.ok(text.includes(from), `deploy/nginx-mirror.conf no longer contains "${from}"`);
    return text.replaceAll(from, to);
  };
  let server = replace(site, 'listen 127.0.0.1:8080;', `listen ${LOOPBACK}:${port};`);
  server = replace(server, 'root /srv/dove-mirror;', `root ${root};`);
  const conf = [
    'daemon off;', 'master_process off;', `pid ${temp('nginx.pid')};`, `error_log ${temp('error.log')} warn;`,
    'events { worker_connections 64; }', 'http {', '  include /etc/nginx/mime.types;', '  access_log off;',
    `  client_body_temp_path ${temp('client_body')};`, `  proxy_temp_path ${temp('proxy')};`, `  fastcgi_temp_path ${temp('fastcgi')};`,
    `  uwsgi_temp_path ${temp('uwsgi')};`, `  scgi_temp_path ${temp('scgi')};`, server, '}',
  ].join('\n');
  fs.writeFileSync(temp('nginx.conf'), conf);
  return spawn(NGINX!, ['-p', dir, '-c', temp('nginx.conf'), '-e', temp('error.log')], { stdio: ['ignore', 'inherit', 'inherit'] });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      await get(port, '/');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function readManifest(root: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'), 'utf8')) as Manifest;
}

function snapshot(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const file of Object.keys(readManifest(root).files)) files.set(file, fs.readFileSync(path.join(root, file)));
  return files;
}

for (const engine of testEngines()) {
  describe(`dove mirror: a static copy of the site (${engine})`, { skip: NGINX ? false : 'nginx is not installed' }, () => {
    let t: TestContext;
    let dir: string;
    let root: string;
    let nginx: ChildProcess;
    let port: number;
    let first: MirrorReport;
    let newsSlug: string;
    /** Pages and files the app was asked for since the count was last reset. */
    let fetches = 0;

    const mirror = async (now = MADE_ON, target: MirrorTarget = new FolderTarget(root), reuse = true) =>
      mirrorSite({
        inputs: reuse ? await loadMirrorInputs(t.db, now, 'test') : undefined,
        fetch: async (url) => {
          fetches += 1;
          const res = await t.app.inject(url);
          return { status: res.statusCode, headers: res.headers, body: res.rawPayload };
        },
        target,
        publicUrl: LIVE,
        locales: t.config.locales,
        defaultLocale: t.config.defaultLocale,
        sites: Object.fromEntries(t.config.locales.map((l: Locale) => [l, { name: 'Test Centre', email: 'info@dove.test' }])),
        timeZone: t.config.timeZone,
        now,
      });

    before(async () => {
      // No periodic task (scheduled publishing, say) may change the site between two runs of the copy;
      // lists keep their orders as in the app of `dove mirror`.
      t = await createTestApp(engine, { contentDir: DEMO_SITE, periodicTasks: false, keepListOrders: true });
      const news = await createNewsPost(t.db, {
        publishedAt: '2025-05-05',
        translations: { en: { title: 'Rights groups meet in Phnom Penh' }, km: { title: 'ក្រុមសិទ្ធិមនុស្សជួបគ្នានៅភ្នំពេញ' } },
      });
      newsSlug = news.slug;
      t.app.contentChanged();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dove-mirror-'));
      root = path.join(dir, 'copy');
      first = await mirror();
      port = await freePort();
      nginx = startNginx(dir, root, port);
      await waitForPort(port);
    });

    after(async () => {
      if (nginx && nginx.exitCode === null) {
        const exited = new Promise((r) => nginx.once('exit', r));
        nginx.kill('SIGTERM');
        await exited;
      }
      await t.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('has every page of the live site, reached from the home pages, with no broken link', async () => {
      const { pages: live, broken: brokenLive } = await crawlLive(t);
      const copy = await crawlMirror(port);
      // The fixture's menus name a few pages it does not have: broken on the live site, and so in the copy, and nowhere else.
      // A folder with pages below it but none of its own (a page the live site lacks) has the copy's folder page.
      const isFolderPage = (res: Fetched) => res.body.toString('utf8').includes('class="mirror-folder"');
      const broken = [...copy].filter(([, res]) => res.status !== 200 || isFolderPage(res)).map(([url]) => decodeURIComponent(url.slice(1)));
      assert.deepEqual(broken.sort(), brokenLive.map((url) => fileForUrl(url)!).sort());
      assert.deepEqual(first.unreachable.map((u) => u.path).sort(), brokenLive.sort());
      const reached = new Set([...copy.keys()].map((url) => decodeURIComponent(url.slice(1))));
      const missing = live.map((url) => fileForUrl(url)!).filter((file) => !reached.has(file));
      assert.deepEqual(missing, []);
      assert.ok(live.length >= 16, `the live site has only ${live.length} pages`);
      assert.ok(live.some((url) => url.includes('?')), 'a filter page is among them');
      const sitemap = (await t.app.inject('/sitemap.xml')).body;
      const listed = [...sitemap.matchAll(/<loc>http:\/\/dove\.test([^<]+)<\/loc>/g)].map((m) => fileForUrl(m[1]!.replace(/&amp;/g, '&'))!);
      const files = readManifest(root).files;
      assert.ok(listed.includes(`en/news/${newsSlug}/index.html`), 'the sitemap lists the news item');
      assert.deepEqual(listed.filter((file) => !files[file]), [], 'every page of the sitemap is in the copy');
    });

    it('names the live server only in canonical references and the marked links to it', () => {
      for (const [file] of Object.entries(readManifest(root).files)) {
        if (!file.endsWith('.html')) continue;
        const html = fs.readFileSync(path.join(root, file), 'utf8');
        assert.ok(!withoutCanonicalReferences(html).includes(LIVE), `${file} links to the live server`);
        if (/^(en|km)\//.test(file) && !file.endsWith('search/index.html') && !html.includes('class="mirror-folder"')) {
          assert.match(html, /<link rel="canonical" href="http:\/\/dove\.test\//, `${file} keeps its canonical link`);
          assert.match(html, /class="mirror-banner"[^>]*>[\s\S]*?href="[^"]*mirror\/(en|km)\/index\.html"/, `${file} links to the page about the copy`);
        }
      }
    });

    it('keeps no form that needs the server, and searches the copy', () => {
      const page = fs.readFileSync(path.join(root, 'en/contact/index.html'), 'utf8');
      assert.doesNotMatch(page, /method="post"/);
      assert.match(page, /class="mirror-notice"[\s\S]*?href="http:\/\/dove\.test\/en\/contact"[\s\S]*?href="mailto:info@dove\.test"/);
      const news = fs.readFileSync(path.join(root, `en/news/${newsSlug}/index.html`), 'utf8');
      assert.doesNotMatch(news, /<form[^>]*method="post"/);
      assert.match(news, /<form class="search-box"[^>]*action="\.\.\/\.\.\/search\/index\.html"/);
      for (const file of Object.keys(readManifest(root).files).filter((f) => f.endsWith('.html'))) {
        assert.doesNotMatch(fs.readFileSync(path.join(root, file), 'utf8'), /<form[^>]*method="post"/, file);
      }
      const index = JSON.parse(fs.readFileSync(path.join(root, 'km/search/index.json'), 'utf8')) as { pages: Array<{ u: string; t: string }> };
      const entry = index.pages.find((p) => p.t.includes('ក្រុមសិទ្ធិមនុស្សជួបគ្នានៅភ្នំពេញ'));
      assert.ok(entry, 'the Khmer index has the Khmer title');
      assert.ok(fs.existsSync(path.resolve(root, 'km/search', entry.u)), `${entry.u} is a file of the copy`);
      const search = fs.readFileSync(path.join(root, 'km/search/index.html'), 'utf8');
      assert.match(search, /<noscript>[\s\S]*JavaScript[\s\S]*<\/noscript>/);
      assert.match(search, /<html lang="km"/);
    });

    it('has an index.html in every folder, in every language, and a robots.txt', async () => {
      const files = Object.keys(readManifest(root).files);
      const folders = new Set(files.flatMap((file) => file.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
      assert.ok(folders.has('assets') && folders.has('media'), [...folders].slice(0, 20).join(' '));
      assert.deepEqual([...folders].filter((folder) => !files.includes(`${folder}/index.html`)), []);
      const assets = await get(port, '/assets/');
      assert.equal(assets.status, 200);
      const html = assets.body.toString('utf8');
      assert.match(html, /<section class="mirror-folder" lang="en">[\s\S]*href="\.\.\/en\/index\.html"/);
      assert.match(html, /<section class="mirror-folder" lang="km">[\s\S]*ថតឯកសារ[\s\S]*href="\.\.\/mirror\/km\/index\.html"/);
      const robots = await get(port, '/robots.txt');
      assert.equal(robots.status, 200);
      assert.match(robots.body.toString('utf8'), /^User-agent: \*\nDisallow: \/mirror\/\nAllow: \/\n/);
      assert.doesNotMatch(robots.body.toString('utf8'), /Sitemap:/, 'without a base URL the sitemap lists the live addresses');
    });

    it('explains the copy on a page in each language, with its date and the live address', () => {
      const en = fs.readFileSync(path.join(root, 'mirror/en/index.html'), 'utf8');
      assert.match(en, /made on 1 March 2026/);
      assert.match(en, /href="http:\/\/dove\.test\/en\/"/);
      const km = fs.readFileSync(path.join(root, 'mirror/km/index.html'), 'utf8');
      assert.match(km, /<html lang="km"/);
      assert.match(km, /១ មីនា ២០២៦/);
    });

    it('serves each text file with its brotli and gzip forms, which decompress to it', async () => {
      const files = readManifest(root).files;
      const texts = Object.keys(files).filter((f) => /\.(html|css|xml|json|rss)$/.test(f));
      assert.ok(texts.length > 40);
      for (const file of texts) {
        const bytes = fs.readFileSync(path.join(root, file));
        assert.deepEqual(zlib.brotliDecompressSync(fs.readFileSync(path.join(root, `${file}.br`))), bytes, file);
        assert.deepEqual(zlib.gunzipSync(fs.readFileSync(path.join(root, `${file}.gz`))), bytes, file);
      }
      const served = await get(port, '/en/index.html', { 'accept-encoding': 'gzip' });
      assert.equal(served.headers['content-encoding'], 'gzip');
      assert.deepEqual(zlib.gunzipSync(served.body), fs.readFileSync(path.join(root, 'en/index.html')));
    });

    it('rewrites on a second run only the files whose content changed, and removes what is gone', async () => {
      const again = await mirror();
      assert.deepEqual([again.written, again.removed], [[], []]);

      const before = snapshot(root);
      await t.db.updateTable('newsPostTranslations').set({ title: 'Rights groups met in Phnom Penh' }).where('locale', '=', 'en').where('title', '=', 'Rights groups meet in Phnom Penh').execute();
      t.app.contentChanged();
      const edited = await mirror();
      const after = snapshot(root);
      const changed = [...after].filter(([file, bytes]) => !before.get(file)?.equals(bytes)).map(([file]) => file).filter((f) => !/\.(br|gz)$/.test(f));
      assert.deepEqual([...edited.written].sort(), changed.sort());
      assert.ok(edited.written.includes(`en/news/${newsSlug}/index.html`));
      assert.ok(!edited.written.includes(`km/news/${newsSlug}/index.html`), 'the Khmer page did not change');
      assert.ok(edited.written.length < before.size / 10, `${edited.written.length} files rewritten`);
      assert.deepEqual(edited.removed, []);

      await t.db.updateTable('newsPosts').set({ status: 'draft' }).where('slug', '=', newsSlug).execute();
      t.app.contentChanged();
      const unpublished = await mirror();
      assert.ok(unpublished.removed.includes(`en/news/${newsSlug}/index.html`));
      assert.ok(unpublished.removed.includes(`km/news/${newsSlug}/index.html.br`));
      assert.ok(!fs.existsSync(path.join(root, `en/news/${newsSlug}`)), 'the emptied folder is gone');
      assert.deepEqual((await verifyMirror(new FolderTarget(root))).changed, []);
    });

    it('renders on a later run only what an edit can have changed, and the copy is the one a fresh run makes', async () => {
      const fresh = (name: string) => mirror(MADE_ON, new FolderTarget(path.join(dir, name)), false).then(() => readManifest(path.join(dir, name)).files);
      await mirror();
      fetches = 0;
      const again = await mirror();
      assert.deepEqual([again.written, again.removed], [[], []]);
      assert.equal(fetches, again.unreachable.length, 'nothing but the unreachable links is asked for again');
      assert.ok(fs.existsSync(path.join(root, STATE_FILE)));
      assert.ok(!Object.keys(readManifest(root).files).includes(STATE_FILE), 'the record for the next run is not part of the copy');

      // A word in one news post: its pages and the pages that list or link to it, nothing else.
      const post = await createNewsPost(t.db, { publishedAt: '2025-07-01', translations: { en: { title: 'Court hears land case' }, km: { title: 'តុលាការស្ដាប់សំណុំរឿងដីធ្លី' } } });
      t.app.contentChanged();
      await mirror();
      await t.db.updateTable('newsPostTranslations').set({ title: 'Court hears the land case' }).where('itemId', '=', post.id).where('locale', '=', 'en').execute();
      t.app.contentChanged();
      fetches = 0;
      const edited = await mirror();
      const files = Object.keys(readManifest(root).files).length;
      assert.ok(edited.written.includes(`en/news/${post.slug}/index.html`));
      assert.ok(fetches < files / 10, `${fetches} of ${files} files asked for again`);
      assert.deepEqual(readManifest(root).files, await fresh('fresh-after-edit'));

      // A new page changes lists everywhere: everything is rendered again, and still matches.
      await createNewsPost(t.db, { publishedAt: '2025-08-01' });
      t.app.contentChanged();
      await mirror();
      assert.deepEqual(readManifest(root).files, await fresh('fresh-after-new'));

      // A file changed since is made again, though nothing it is made from changed.
      fs.appendFileSync(path.join(root, 'en/contact/index.html'), '<!-- altered -->');
      fetches = 0;
      const repaired = await mirror();
      assert.deepEqual(repaired.written, ['en/contact/index.html']);
      assert.deepEqual((await verifyMirror(new FolderTarget(root))).changed, []);
    });

    it('verify finds a file changed after the copy was made, and a missing one', async () => {
      const target = new FolderTarget(root);
      assert.deepEqual(await verifyMirror(target), { checked: Object.keys(readManifest(root).files).length, missing: [], changed: [] });
      fs.appendFileSync(path.join(root, 'en/index.html'), '<script>steal()</script>');
      fs.rmSync(path.join(root, 'km/index.html.gz'));
      const result = await verifyMirror(target);
      assert.deepEqual([result.changed, result.missing], [['en/index.html'], ['km/index.html.gz']]);
      await mirror();
      assert.deepEqual((await verifyMirror(target)).changed, []);
    });

    it('publishes the copy to an S3-compatible bucket, where a second run uploads nothing and verify passes', async () => {
      const s3 = await startS3Server();
      const storage = createObjectStorage(s3.settings);
      try {
        const target = new ObjectStorageTarget(storage, 'site/');
        const made = await mirror(MADE_ON, target);
        const files = readManifest(root).files;
        assert.equal(made.files, Object.keys(files).length, 'the bucket holds the same files as the folder');
        assert.deepEqual(await storage.get('site/en/index.html'), fs.readFileSync(path.join(root, 'en/index.html')));
        assert.equal((await storage.head('site/en/index.html'))?.contentType, 'text/html; charset=utf-8');
        assert.equal((await storage.head('site/robots.txt'))?.contentType, 'text/plain; charset=utf-8');
        assert.ok(await storage.head('site/manifest.json'));
        const again = await mirror(MADE_ON, target);
        assert.deepEqual([again.written, again.removed], [[], []]);
        assert.deepEqual(await verifyMirror(target), { checked: made.files, missing: [], changed: [] });
        await storage.put('site/km/index.html', Buffer.from('altered'));
        assert.deepEqual((await verifyMirror(target)).changed, ['km/index.html']);
      } finally {
        await storage.close();
        await s3.close();
      }
    });

    it('packs the copy into one archive', async () => {
      const archive = path.join(dir, 'copy.tar.gz');
      await writeArchive(root, archive);
      const entries: string[] = [];
      await tar.t({ file: archive, onReadEntry: (entry) => entries.push(entry.path) });
      assert.ok(entries.includes('mirror/manifest.json'));
      assert.ok(entries.includes('mirror/en/index.html.br'));
      await assert.rejects(writeArchive(root, path.join(root, 'inside.tar.gz')), /inside the copy/);
    });

    it('asks a Save Page Now service for the changed pages only, no faster than the configured rate', async () => {
      const received: Array<{ url: string; at: number }> = [];
      const fake = http.createServer((req, res) => {
        received.push({ url: req.url ?? '', at: Date.now() });
        res.writeHead(200).end('saved');
      });
      await new Promise<void>((r) => fake.listen(0, LOOPBACK, r));
      try {
        const { port: fakePort } = fake.address() as net.AddressInfo;
        await mirror();
        const added = await createNewsPost(t.db, { publishedAt: '2025-06-01' });
        t.app.contentChanged();
        const report = await mirror();
        const pages = report.changedPages;
        assert.ok(pages.includes(`${LIVE}/en/news/${added.slug}`) && pages.includes(`${LIVE}/km/news/${added.slug}`), pages.join(' '));
        assert.ok(!pages.includes(`${LIVE}/en/contact`), 'an unchanged page is not among them');
        const perMinute = 300;
        const run = await archiveChangedPages(new SavePageNow(`http://${LOOPBACK}:${fakePort}/save/`), pages, { perMinute, max: 1000 });
        assert.equal(run.requested, pages.length);
        assert.deepEqual(received.map((r) => r.url), pages.map((url) => `/save/${url}`));
        for (let i = 1; i < received.length; i += 1) {
          assert.ok(received[i]!.at - received[i - 1]!.at >= 60_000 / perMinute - 2, `requests ${i - 1} and ${i} came ${received[i]!.at - received[i - 1]!.at} ms apart`);
        }
      } finally {
        await new Promise((r) => fake.close(r));
      }
    });
  });
}
