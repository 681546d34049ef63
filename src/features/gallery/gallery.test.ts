import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAlbum } from '../../../test/factories/gallery.js';
import { createImage, testStorage } from '../../../test/factories/media.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { listPublicAlbums } from './gallery.repository.js';

/** The JSON-LD blocks of a page, parsed. */
function jsonLdOf(html: string): Array<Record<string, unknown>> {
  return [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) => JSON.parse(m[1]!));
}

for (const engine of testEngines()) {
  describe(`gallery (${engine})`, () => {
    let t: TestContext;
    let photoIds: number[];
    let largestJpeg: string;

    before(async () => {
      t = await createTestApp(engine);
      const storage = testStorage(t.config);
      photoIds = [
        await createImage(t.db, storage, { width: 1000 }),
        await createImage(t.db, storage, { alts: [{ locale: 'km', alt: 'រូបថតតែភាសាខ្មែរ', caption: 'ចំណងជើងខ្មែរ' }] }),
        await createImage(t.db, storage, { alts: [] }),
      ];
      const variant = await t.db
        .selectFrom('imageVariants')
        .select('sha256')
        .where('fileId', '=', photoIds[0]!)
        .where('format', '=', 'jpeg')
        .orderBy('width', 'desc')
        .executeTakeFirstOrThrow();
      largestJpeg = `/media/${variant.sha256}.jpg`;

      await createAlbum(t.db, {
        slug: 'forum-2024',
        takenOn: '2024-07-19',
        photoFileIds: photoIds,
        translations: {
          en: { title: 'Public forum in Kampong Cham', description: 'Villagers and officials met to discuss land titles.' },
          km: { title: 'វេទិកាសាធារណៈនៅកំពង់ចាម' },
        },
      });
      await createAlbum(t.db, {
        slug: 'training-2023',
        takenOn: '2023-03-02',
        photoFileIds: [photoIds[2]!],
        translations: { km: { title: 'វគ្គបណ្តុះបណ្តាលឆ្នាំ២០២៣', description: 'ការពិពណ៌នាជាភាសាខ្មែរ' } },
      });
      await createAlbum(t.db, { slug: 'draft-album', status: 'draft', photoFileIds: [photoIds[0]!] });
      await createAlbum(t.db, { slug: 'next-year', publishedAt: '2999-01-01T00:00:00.000Z' });
    });
    after(() => t.close());

    it('lists public albums newest first with cover, title, date and number of photos', async () => {
      const res = await t.app.inject('/en/gallery');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<h1>Photo Gallery<\/h1>/);
      const forum = res.body.indexOf('Public forum in Kampong Cham');
      const training = res.body.indexOf('វគ្គបណ្តុះបណ្តាលឆ្នាំ២០២៣');
      assert.ok(forum > 0 && training > forum, 'the 2024 album comes before the 2023 one');
      assert.match(res.body, /<time datetime="2024-07-19">19 July 2024<\/time> · <span class="album__count">3 photos<\/span>/);
      assert.match(res.body, /<span class="album__count">1 photo<\/span>/);
      assert.match(res.body, /<li class="card card--album"><div class="card__media"><picture><source type="image\/avif" srcset="\/media\/[0-9a-f]{64}\.avif 480w[^"]*"[^>]*\/><source type="image\/webp" srcset="\/media\/[0-9a-f]{64}\.webp 480w/);
      assert.match(res.body, /<h2 class="card__title" lang="km"><a href="\/en\/gallery\/training-2023">/);
      assert.doesNotMatch(res.body, /draft-album|next-year/);
    });

    it('shows dates and counts with Khmer digits on the Khmer gallery', async () => {
      const res = await t.app.inject('/km/gallery');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<html lang="km"/);
      assert.match(res.body, /<time datetime="2024-07-19">១៩ កក្កដា ២០២៤<\/time>/);
      assert.match(res.body, /រូបថតចំនួន ៣/);
      assert.match(res.body, /<a href="\/km\/gallery\/forum-2024">វេទិកាសាធារណៈនៅកំពង់ចាម<\/a>/);
    });

    it('shows an album as a grid of figures linking to their largest JPEG', async () => {
      const res = await t.app.inject('/en/gallery/forum-2024');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<h1>Public forum in Kampong Cham<\/h1>/);
      assert.match(res.body, /<p class="lead">Villagers and officials met to discuss land titles.<\/p>/);
      assert.match(res.body, /<ul class="gallery-grid"/);
      assert.equal(res.body.match(/<figure class="gallery-grid__item">/g)?.length, 3);
      assert.ok(res.body.includes(`<a href="${largestJpeg}"><picture>`), 'the first photo opens its 1000 px JPEG');
      assert.match(res.body, /sizes="\(min-width: 72rem\) 17rem, \(min-width: 61rem\) 25vw, \(min-width: 46rem\) 33vw, \(min-width: 31rem\) 50vw, 100vw"/);
      assert.match(res.body, /alt="Landscape number \d+" lang="en"/);
      assert.match(res.body, /<figcaption lang="en">Caption \d+<\/figcaption>/);
    });

    it('marks alt text and captions that fall back to another language, and names links without alt text', async () => {
      const res = await t.app.inject('/en/gallery/forum-2024');
      assert.match(res.body, /alt="រូបថតតែភាសាខ្មែរ" lang="km"/);
      assert.match(res.body, /<figcaption lang="km">ចំណងជើងខ្មែរ<\/figcaption>/);
      assert.match(res.body, /<a href="\/media\/[0-9a-f]{64}\.jpg" aria-label="Photo 3, full size">/);
    });

    it('describes the album as an ImageGallery for search engines', async () => {
      const res = await t.app.inject('/en/gallery/forum-2024');
      const gallery = jsonLdOf(res.body).find((d) => d['@type'] === 'ImageGallery');
      assert.ok(gallery);
      assert.equal(gallery.name, 'Public forum in Kampong Cham');
      assert.equal(gallery.url, 'http://dove.test/en/gallery/forum-2024');
      assert.equal(gallery.license, 'https://creativecommons.org/licenses/by/4.0/');
      const media = gallery.associatedMedia as Array<Record<string, unknown>>;
      assert.equal(media.length, 3);
      assert.equal(media[0]!.contentUrl, `http://dove.test${largestJpeg}`);
      assert.match(res.body, /<meta property="og:image" content="http:\/\/dove.test\/media\/[0-9a-f]{64}\.jpg"/);
    });

    it('shows a one-language album in that language with a notice, lang and canonical', async () => {
      const res = await t.app.inject('/en/gallery/training-2023');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<article class="album" lang="km">/);
      assert.match(res.body, /not available in English/);
      assert.match(res.body, /<link rel="canonical" href="http:\/\/dove.test\/km\/gallery\/training-2023"/);
      assert.doesNotMatch(res.body, /hreflang="en"/i);
      const km = await t.app.inject('/km/gallery/training-2023');
      assert.doesNotMatch(km.body, /notice--language/);
    });

    it('answers 404 for drafts, albums not yet due and unknown or malformed slugs', async () => {
      for (const url of ['/en/gallery/draft-album', '/en/gallery/next-year', '/km/gallery/nothing-here', '/en/gallery/BAD_slug']) {
        const res = await t.app.inject(url);
        assert.equal(res.statusCode, 404, url);
      }
    });

    it('pages the albums twelve at a time and refuses bad page numbers', async () => {
      for (let i = 0; i < 11; i++) await createAlbum(t.db, { slug: `old-${i}`, takenOn: `2010-01-${String(i + 10)}` });
      t.app.contentChanged();
      const first = await listPublicAlbums(t.db, { page: 1, pageSize: 12 });
      assert.equal(first.total, 13);
      assert.equal(first.items.length, 12);
      const page2 = await t.app.inject('/en/gallery?page=2');
      assert.equal(page2.statusCode, 200);
      assert.match(page2.body, /href="\/en\/gallery\/old-0"/);
      assert.doesNotMatch(page2.body, /forum-2024/);
      assert.match(page2.body, /<a rel="prev" href="\/en\/gallery">/);
      for (const bad of ['page=0', 'page=-1', 'page=abc', 'page=1.5']) {
        const res = await t.app.inject(`/en/gallery?${bad}`);
        assert.equal(res.statusCode, 400, bad);
      }
      const beyond = await t.app.inject('/en/gallery?page=3');
      assert.equal(beyond.statusCode, 404);
    });
  });
}
