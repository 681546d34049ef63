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

    it('shows an album as a grid of figures, each linking to the photo\'s own page, never to the raw JPEG', async () => {
      const res = await t.app.inject('/en/gallery/forum-2024');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<h1>Public forum in Kampong Cham<\/h1>/);
      assert.match(res.body, /<p class="lead">Villagers and officials met to discuss land titles.<\/p>/);
      assert.match(res.body, /<ul class="gallery-grid"/);
      assert.equal(res.body.match(/<figure class="photo gallery-grid__item">/g)?.length, 3);
      for (const n of [1, 2, 3]) assert.ok(res.body.includes(`<a href="/en/gallery/forum-2024/${n}"`), `photo ${n} links to its page`);
      assert.ok(!res.body.includes(`<a href="${largestJpeg}"`), 'no photo opens the raw JPEG');
      assert.match(res.body, /sizes="\(min-width: 72rem\) 17rem, \(min-width: 61rem\) 25vw, \(min-width: 46rem\) 33vw, \(min-width: 31rem\) 50vw, 100vw"/);
      assert.match(res.body, /alt="Landscape number \d+" lang="en"/);
      assert.match(res.body, /<figcaption><span lang="en">Caption \d+<\/span><\/figcaption>/);
    });

    it('marks alt text and captions that fall back to another language, and names links without alt text', async () => {
      const res = await t.app.inject('/en/gallery/forum-2024');
      assert.match(res.body, /alt="រូបថតតែភាសាខ្មែរ" lang="km"/);
      assert.match(res.body, /<figcaption><span lang="km">ចំណងជើងខ្មែរ<\/span><\/figcaption>/);
      assert.match(res.body, /<a href="\/en\/gallery\/forum-2024\/3" aria-label="Photo 3">/);
    });

    it('gives each photo a page with its responsive picture, caption, credit, licence and previous/next links', async () => {
      await t.db.updateTable('files').set({ credit: 'Sok Dara', licence: 'CC-BY-SA-4.0' }).where('id', '=', photoIds[0]!).execute();
      t.app.contentChanged();
      const first = await t.app.inject('/en/gallery/forum-2024/1');
      assert.equal(first.statusCode, 200);
      assert.match(first.body, /<h1>Photo 1 of 3<\/h1>/);
      assert.match(first.body, /<title>Public forum in Kampong Cham: photo 1/);
      assert.match(first.body, /<img src="\/media\/[0-9a-f]{64}\.jpg" srcset="\/media\/[0-9a-f]{64}\.jpg 480w, [^"]+ 960w/);
      assert.match(first.body, /sizes="\(min-width: 62rem\) 60rem, 100vw"/);
      assert.match(first.body, /<span lang="en">Caption \d+<\/span>/);
      assert.match(first.body, /<small class="photo__credit" lang="en">Photo: Sok Dara · <a rel="license" href="https:\/\/creativecommons.org\/licenses\/by-sa\/4.0\/" lang="en"[^>]*>CC BY-SA 4.0<\/a><\/small>/);
      assert.doesNotMatch(first.body, /rel="prev"/);
      assert.match(first.body, /<a href="\/en\/gallery\/forum-2024\/2" rel="next">/);
      assert.match(first.body, /<a href="\/en\/gallery\/forum-2024">Back to the album/);
      assert.match(first.body, /<link rel="canonical" href="http:\/\/dove.test\/en\/gallery\/forum-2024\/1"/);
      assert.doesNotMatch(first.body, /<script(?! type="application\/ld\+json")/);

      const last = await t.app.inject('/km/gallery/forum-2024/3');
      assert.equal(last.statusCode, 200);
      assert.match(last.body, /<h1>រូបថតទី ៣ ក្នុងចំណោម ៣<\/h1>/);
      assert.match(last.body, /<a href="\/km\/gallery\/forum-2024\/2" rel="prev">← រូបថតមុន<\/a>/);
      assert.doesNotMatch(last.body, /rel="next"/);
    });

    it('answers 404 for a photo number outside the album, malformed numbers and non-public albums', async () => {
      for (const url of ['/en/gallery/forum-2024/4', '/en/gallery/forum-2024/0', '/en/gallery/forum-2024/01', '/en/gallery/forum-2024/x', '/en/gallery/draft-album/1', '/en/gallery/BAD_slug/1']) {
        const res = await t.app.inject(url);
        assert.ok(res.statusCode === 404 || res.statusCode === 400, `${url}: ${res.statusCode}`);
        assert.notEqual(res.statusCode, 200, url);
      }
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
