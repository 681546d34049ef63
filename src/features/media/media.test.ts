import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import sharp from 'sharp';
import { attachDocument, createDocument, createImage, testStorage } from '../../../test/factories/media.js';
import { createPublication } from '../../../test/factories/publications.js';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { IMAGE_FORMATS, storeImage, renditionWidths } from './images.js';
import { findImages } from './media.repository.js';
import { asciiFileName, attachmentDisposition, matchesIfNoneMatch } from './media.headers.js';
import { Picture } from './picture.js';
import { sha256Of, type FileStorage } from './storage.js';

const CONTENT_TYPES: Record<string, string> = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg' };
/** sharp reports AVIF as its container format, HEIF, coded with AV1. */
const SHARP_FORMAT: Record<string, string> = { avif: 'heif', webp: 'webp', jpeg: 'jpeg' };

describe('media helpers', () => {
  it('renders the standard widths that fit, plus a clearly wider source width', () => {
    assert.deepEqual(renditionWidths(4000), [480, 960, 1600]);
    assert.deepEqual(renditionWidths(1600), [480, 960, 1600]);
    assert.deepEqual(renditionWidths(1200), [480, 960, 1200]);
    assert.deepEqual(renditionWidths(1000), [480, 960]);
    assert.deepEqual(renditionWidths(300), [300]);
  });

  it('builds download names that cannot break out of the header', () => {
    assert.equal(asciiFileName('C:\\Users\\me\\Report "final".pdf', 'doc'), 'Report_final.pdf');
    assert.equal(asciiFileName('របាយការណ៍.PDF', 'land-report-km'), 'land-report-km.pdf');
    const header = attachmentDisposition('a"\r\nSet-Cookie: x=1.pdf', 'doc');
    assert.doesNotMatch(header, /[\r\n]/);
    assert.match(header, /^attachment; filename="a_Set-Cookie_x_1\.pdf"; filename\*=UTF-8''a%22Set-Cookie%3A%20x%3D1\.pdf$/);
  });

  it('matches If-None-Match lists, weak tags and the wildcard', () => {
    assert.equal(matchesIfNoneMatch('"a", W/"b"', '"b"'), true);
    assert.equal(matchesIfNoneMatch('*', '"b"'), true);
    assert.equal(matchesIfNoneMatch('"c"', '"b"'), false);
    assert.equal(matchesIfNoneMatch(undefined, '"b"'), false);
  });
});

for (const engine of testEngines()) {
  describe(`media files (${engine})`, () => {
    let t: TestContext;
    let storage: FileStorage;
    let imageId: number;
    let masterSha: string;
    let variants: Array<{ sha256: string; format: string; width: number }>;
    type StoredDocument = Awaited<ReturnType<typeof createDocument>>;
    let publicDoc: StoredDocument;
    let khmerDoc: StoredDocument;
    let draftDoc: StoredDocument;
    let scheduledDoc: StoredDocument;

    before(async () => {
      t = await createTestApp(engine);
      storage = testStorage(t.config);
      imageId = await createImage(t.db, storage);
      masterSha = (await t.db.selectFrom('files').select('sha256').where('id', '=', imageId).executeTakeFirstOrThrow()).sha256;
      variants = await t.db.selectFrom('imageVariants').select(['sha256', 'format', 'width']).where('fileId', '=', imageId).execute();

      const published = await createPublication(t.db, { slug: 'land-report' });
      publicDoc = await createDocument(t.db, storage, { originalName: 'land-report-en.pdf' });
      await attachDocument(t.db, published.id, publicDoc.id);
      khmerDoc = await createDocument(t.db, storage, { originalName: 'របាយការណ៍ដីធ្លី 2024.pdf' });
      await attachDocument(t.db, published.id, khmerDoc.id, 'km');

      const draft = await createPublication(t.db, { slug: 'draft-report', status: 'draft' });
      draftDoc = await createDocument(t.db, storage);
      await attachDocument(t.db, draft.id, draftDoc.id);
      const scheduled = await createPublication(t.db, { slug: 'next-year', publishedAt: '2999-01-01T00:00:00.000Z' });
      scheduledDoc = await createDocument(t.db, storage);
      await attachDocument(t.db, scheduled.id, scheduledDoc.id);
    });
    after(() => t.close());

    it('serves each rendition with its type, a year of immutable caching and its hash as ETag', async () => {
      assert.equal(variants.length, 6, 'a 640 px image has 480 and 640 px renditions in three formats');
      assert.deepEqual([...new Set(variants.map((v) => v.format))].sort(), [...IMAGE_FORMATS].sort());
      for (const v of variants) {
        const ext = v.format === 'jpeg' ? 'jpg' : v.format;
        const res = await t.app.inject(`/media/${v.sha256}.${ext}`);
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['content-type'], CONTENT_TYPES[v.format]);
        assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
        assert.equal(res.headers.etag, `"${v.sha256}"`);
        assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin');
        assert.equal(sha256Of(res.rawPayload), v.sha256);
        const meta = await sharp(res.rawPayload).metadata();
        assert.equal(meta.format, SHARP_FORMAT[v.format]);
        if (v.format === 'avif') assert.equal(meta.compression, 'av1');
        assert.equal(meta.width, v.width);
      }
    });

    it('offers AVIF first, then WebP, then the JPEG <img> in a <picture>', async () => {
      const image = (await findImages(t.db, [imageId], 'en', ['en', 'km'])).get(imageId)!;
      const html = renderToString(h(Picture, { image, sizes: '100vw' }));
      const avif = html.indexOf('<source type="image/avif"');
      const webp = html.indexOf('<source type="image/webp"');
      const img = html.indexOf('<img');
      assert.ok(avif > 0 && avif < webp && webp < img, html);
      assert.match(html, /<source type="image\/avif" srcset="\/media\/[0-9a-f]{64}\.avif 480w, \/media\/[0-9a-f]{64}\.avif 640w"/);
      assert.match(html, /<img src="\/media\/[0-9a-f]{64}\.jpg" srcset="[^"]*\.jpg 480w/);
      const res = await t.app.inject(/\/media\/[0-9a-f]{64}\.avif/.exec(html)![0]);
      assert.equal(res.headers['content-type'], 'image/avif');
    });

    it('leaves out the source of a format an older image has no renditions in', () => {
      const variant = (format: string, width: number) => ({ url: `/media/${format}-${width}`, format, width, height: width / 2 });
      const image = { fileId: 1, alt: 'An older picture', altLocale: 'en' as const, caption: null, credit: null, licence: null, width: 960, height: 480, variants: [variant('webp', 960), variant('jpeg', 960)] };
      const html = renderToString(h(Picture, { image, sizes: '100vw' }));
      assert.doesNotMatch(html, /image\/avif/);
      assert.match(html, /<picture><source type="image\/webp"/);
    });

    it('answers 304 without a body when the client has the rendition', async () => {
      const v = variants.find((x) => x.format === 'webp')!;
      const res = await t.app.inject({ url: `/media/${v.sha256}.webp`, headers: { 'if-none-match': `"${v.sha256}"` } });
      assert.equal(res.statusCode, 304);
      assert.equal(res.body, '');
      assert.equal(res.headers.etag, `"${v.sha256}"`);
    });

    it('answers 404 for unknown hashes, masters, documents, wrong extensions and paths with ..', async () => {
      const webp = variants.find((x) => x.format === 'webp')!;
      const urls = [
        `/media/${'0'.repeat(64)}.jpg`,
        `/media/${masterSha}.jpg`,
        `/media/${publicDoc.sha256}.jpg`,
        `/media/${webp.sha256}.jpg`,
        `/media/${webp.sha256.toUpperCase()}.webp`,
        `/media/${webp.sha256}.png`,
        `/media/..%2F..%2Fdove.sqlite`,
        `/media/../dove.sqlite`,
        `/media/%2e%2e%2f${webp.sha256}.webp`,
        `/files/..%2F..%2Fdove.sqlite/x.pdf`,
        `/files/${'0'.repeat(64)}/x.pdf`,
        `/files/${webp.sha256}/picture.pdf`,
        `/files/${masterSha}/master.pdf`,
      ];
      for (const url of urls) {
        const res = await t.app.inject(url);
        assert.equal(res.statusCode, 404, url);
        assert.match(res.headers['content-type'] as string, /^text\/html/, url);
      }
    });

    it('downloads a published publication\'s PDF as an attachment', async () => {
      const res = await t.app.inject(`/files/${publicDoc.sha256}/land-report-en.pdf`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/pdf');
      assert.equal(res.headers['content-disposition'], `attachment; filename="land-report-en.pdf"; filename*=UTF-8''land-report-en.pdf`);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(res.headers.etag, `"${publicDoc.sha256}"`);
      assert.equal(res.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.equal(sha256Of(res.rawPayload), publicDoc.sha256);

      const again = await t.app.inject({ url: `/files/${publicDoc.sha256}/land-report-en.pdf`, headers: { 'if-none-match': res.headers.etag as string } });
      assert.equal(again.statusCode, 304);
    });

    it('keeps a Khmer file name for the download, with an ASCII stand-in', async () => {
      const res = await t.app.inject(`/files/${khmerDoc.sha256}/land-report-km.pdf`);
      assert.equal(res.statusCode, 200);
      const header = res.headers['content-disposition'] as string;
      assert.match(header, /^attachment; filename="2024\.pdf"; filename\*=UTF-8''/);
      const encoded = header.split("filename*=UTF-8''")[1]!;
      assert.equal(decodeURIComponent(encoded), 'របាយការណ៍ដីធ្លី 2024.pdf');
    });

    it('does not serve the documents of draft or not yet due publications', async () => {
      for (const doc of [draftDoc, scheduledDoc]) {
        const res = await t.app.inject(`/files/${doc.sha256}/report.pdf`);
        assert.equal(res.statusCode, 404);
        const conditional = await t.app.inject({ url: `/files/${doc.sha256}/report.pdf`, headers: { 'if-none-match': `"${doc.sha256}"` } });
        assert.equal(conditional.statusCode, 404);
        assert.equal(conditional.headers['content-disposition'], undefined);
      }
    });

    it('strips EXIF, GPS included, from the master and every rendition, and turns the photo upright', async () => {
      const withGps = await sharp({ create: { width: 1000, height: 600, channels: 3, background: { r: 40, g: 120, b: 200 } } })
        .withMetadata({ orientation: 6 })
        .withExif({
          IFD0: { Make: 'TestCam', Artist: 'A. Monitor' },
          IFD3: {
            GPSLatitudeRef: 'N',
            GPSLatitude: '11/1 33/1 0/1',
            GPSLongitudeRef: 'E',
            GPSLongitude: '104/1 55/1 0/1',
          },
        })
        .jpeg()
        .toBuffer();
      const before = await sharp(withGps).metadata();
      assert.ok(before.exif, 'the test photo carries EXIF to begin with');
      assert.match(before.exif.toString('latin1'), /TestCam/);
      assert.equal(before.orientation, 6);
      const gpsPointer = [Buffer.from([0x88, 0x25]), Buffer.from([0x25, 0x88])];
      assert.ok(gpsPointer.some((tag) => before.exif!.includes(tag)), 'and a GPS block');

      const fileId = await storeImage(t.db, storage, withGps, 'field-photo.jpg', [{ locale: 'en', alt: 'A blue field' }]);
      const file = await t.db.selectFrom('files').select(['sha256', 'width', 'height']).where('id', '=', fileId).executeTakeFirstOrThrow();
      const renditions = await t.db.selectFrom('imageVariants').select(['sha256', 'format', 'width', 'height']).where('fileId', '=', fileId).execute();
      assert.ok(renditions.some((r) => r.format === 'avif'), 'the AVIF renditions are checked too');
      assert.deepEqual([file.width, file.height], [600, 1000], 'orientation 6 is applied, then dropped');
      assert.ok(renditions.length >= 2);
      for (const sha256 of [file.sha256, ...renditions.map((r) => r.sha256)]) {
        const bytes = await storage.get(sha256);
        assert.ok(bytes, sha256);
        const meta = await sharp(bytes).metadata();
        assert.equal(meta.exif, undefined, `no EXIF in ${sha256}`);
        assert.equal(meta.xmp, undefined, `no XMP in ${sha256}`);
        assert.equal(meta.orientation, undefined);
        assert.doesNotMatch(bytes.toString('latin1'), /TestCam|A\. Monitor/);
      }
    });
  });
}
