import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { pdfBomb } from '../fixtures/pdf-bomb.js';
import { extractPendingFileTexts } from '../../src/features/search/file-texts.job.js';
import { claimFileText, queueFileText } from '../../src/features/search/file-texts.repository.js';
import { extractPdfText, type PdfTextResult } from '../../src/features/search/search.files.js';
import { searchTables } from '../../src/features/search/search.tables.js';
import { contentFiles, sha256Of, type FileStorage } from '../../src/features/media/storage.js';
import { fileTextMessages } from '../../src/features/search/file-texts.messages.js';
import { mediaLibraryMessages } from '../../src/features/media-library/media-library.messages.js';
import { editorForm } from '../factories/editor.js';
import { signInAs, type StaffAgent } from '../helpers/staff.js';
import { createTestApp, testEngines, type TestContext } from '../helpers/test-app.js';

const BOUNDARY = '----dove-pdf-text-boundary';

function multipart(csrf: string, name: string, bytes: Buffer) {
  return {
    payload: Buffer.concat([
      Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
      Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="files"; filename="${name}"\r\ncontent-type: application/pdf\r\n\r\n`),
      bytes,
      Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${BOUNDARY}`,
  };
}

async function pdfWithText(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(text, { font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save());
}

/**
 * The bomb's limits in this test: the server's own are larger, and only make the test slower. Its
 * pages take seconds to read, so the time limit is well below that even when the machine is idle
 * (at 10 s, a quiet run read the whole bomb).
 */
const boundedExtract = (bytes: Buffer) => extractPdfText(bytes, { heapMb: 64, timeoutMs: 2_000 });

for (const engine of testEngines()) {
  describe(`PDF text read once, in the background (${engine})`, () => {
    let t: TestContext;
    let editor: StaffAgent;
    let storage: FileStorage;
    // The app's own job is off: each test runs it when it wants, with a counting extractor.
    before(async () => {
      t = await createTestApp(engine, { env: { PDF_TEXT_WORKER: 'off', PAGE_CACHE: 'off' } });
      editor = await signInAs(t, 'editor');
      storage = contentFiles(t.app.storage);
    });
    after(() => t.close());

    const upload = async (name: string, bytes: Buffer) => {
      const { payload, contentType } = multipart(editor.csrfToken, name, bytes);
      const res = await t.app.inject({ method: 'POST', url: '/admin/media', payload, headers: { cookie: editor.cookie, 'content-type': contentType } });
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      const file = await t.db.selectFrom('files').select(['id', 'sha256']).where('originalName', '=', name).executeTakeFirstOrThrow();
      return { ...file, page: res.body };
    };
    const publish = async (title: string, fileId: number, path = '/admin/publications', version = '0') => {
      const res = await t.app.inject({
        method: 'POST',
        url: path,
        payload: editorForm('publication', editor.csrfToken, { en: title }, { document_en: String(fileId), intent: 'publish', _version: version }),
        headers: { cookie: editor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 500));
      return String(res.headers.location);
    };
    const stateOf = (sha256: string) =>
      searchTables(t.db).selectFrom('searchFileTexts').select(['state', 'reason', 'extractedAt']).where('sha256', '=', sha256).executeTakeFirstOrThrow();
    /** Counts the reads of each file, by its SHA-256 (other queued files are read too). */
    const counting = (inner: (b: Buffer) => Promise<PdfTextResult> = extractPdfText) => {
      const calls: string[] = [];
      return { calls, extract: async (b: Buffer) => (calls.push(sha256Of(b)), inner(b)) };
    };

    it('keeps answering readers while a PDF bomb is uploaded, published and read, then tells the editor it is unreadable', async () => {
      const bomb = pdfBomb(60);
      let reading = true;
      let reads = 0;
      // What a blocked event loop looks like, measured on the loop itself rather than as request
      // latencies (which a busy machine stretches without anything being blocked).
      const loopDelay = monitorEventLoopDelay({ resolution: 10 });
      loopDelay.enable();
      let peakHeap = process.memoryUsage().heapUsed;
      const heapBefore = peakHeap;
      const reader = (async () => {
        const paths = ['/en/', '/km/', '/en/publications', '/en/search?q=report'];
        for (let i = 0; reading; i += 1) {
          const res = await t.app.inject(paths[i % paths.length]!);
          reads += 1;
          assert.equal(res.statusCode, 200);
          peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
          await sleep(10);
        }
      })();
      try {
        const file = await upload('bomb.pdf', bomb);
        const location = await publish('Report with a hostile attachment', file.id);
        assert.equal((await stateOf(file.sha256)).state, 'pending', 'publishing did not read the PDF');
        const pending = await t.app.inject({ url: `/admin/media/${file.id}`, headers: { cookie: editor.cookie } });
        assert.ok(pending.body.includes(fileTextMessages.en.pending));
        await extractPendingFileTexts({ db: t.db, storage, extract: boundedExtract });
        const state = await stateOf(file.sha256);
        assert.equal(state.state, 'unreadable');
        assert.ok(state.reason === 'memory' || state.reason === 'timeout', `reason ${state.reason}`);

        const media = await t.app.inject({ url: `/admin/media/${file.id}`, headers: { cookie: editor.cookie } });
        assert.match(media.body, /data-file-text="unreadable"/);
        assert.ok(media.body.includes('search will not find words inside it'));
        const form = await t.app.inject({ url: location, headers: { cookie: editor.cookie } });
        assert.match(form.body, /data-file-text="unreadable"/);
        const khmerEditor = await signInAs(t, 'editor', { locale: 'km' });
        const khmerForm = await t.app.inject({ url: location, headers: { cookie: khmerEditor.cookie } });
        assert.ok(khmerForm.body.includes('មិនអាចអានអត្ថបទនៃឯកសារនេះបានទេ'));
      } finally {
        reading = false;
        await reader;
        loopDelay.disable();
      }
      assert.ok(reads >= 10, `readers were answered (${reads} reads)`);
      // A behaviour bound, not a speed target: reading the PDF in this process would hold the
      // loop for seconds (the bomb's pages); in the bounded reader it never stops for long.
      const longestStallMs = loopDelay.max / 1e6;
      assert.ok(longestStallMs < 2000, `the event loop stalled for ${Math.round(longestStallMs)} ms`);
      assert.ok(peakHeap - heapBefore < 150 * 1024 * 1024, `heap grew by ${Math.round((peakHeap - heapBefore) / 1048576)} MiB`);
    });

    it('says on upload that PDFs lose their metadata, scripts and embedded files', async () => {
      const file = await upload('clean-notice.pdf', await pdfWithText('Notice'));
      assert.ok(file.page.includes(mediaLibraryMessages.en.pdfCleaned));
      assert.match(file.page, /XMP metadata \(which can hold the GPS position of photos\), JavaScript and embedded files/);
    });

    it('reads a PDF once, after upload, whatever the number of publishes, and then finds its words', async () => {
      const file = await upload('wetlands.pdf', await pdfWithText('Cormorants nest on the flooded forest'));
      const location = await publish('Wetland survey', file.id);
      const idPath = location.replace(/^.*\/admin/, '/admin').split('?')[0]!;
      await publish('Wetland survey, revised', file.id, idPath, '1');
      assert.equal((await stateOf(file.sha256)).state, 'pending');
      const before = await t.app.inject('/en/search?q=cormorants');
      assert.doesNotMatch(before.body, /Wetland survey/);

      const { calls, extract } = counting();
      const run = await extractPendingFileTexts({ db: t.db, storage, extract });
      assert.ok(run.reindexed >= 1, 'the publication using it was re-indexed');
      const found = await t.app.inject('/en/search?q=cormorants');
      assert.match(found.body, /Wetland survey, revised/);

      const { extractedAt } = await stateOf(file.sha256);
      await publish('Wetland survey, final', file.id, idPath, '2');
      await extractPendingFileTexts({ db: t.db, storage, extract });
      assert.equal(calls.filter((sha) => sha === file.sha256).length, 1, 'the PDF was read exactly once');
      assert.equal((await stateOf(file.sha256)).extractedAt, extractedAt);
      assert.match((await t.app.inject('/en/search?q=cormorants')).body, /Wetland survey, final/);
    });

    it('never lets two workers read the same file', async () => {
      const shas: string[] = [];
      for (let i = 0; i < 6; i += 1) {
        const { sha256 } = await storage.put(await pdfWithText(`Claimed document ${i}`));
        await queueFileText(t.db, sha256);
        shas.push(sha256);
      }
      const seen: string[] = [];
      const slow = async (bytes: Buffer): Promise<PdfTextResult> => {
        seen.push(sha256Of(bytes));
        await sleep(20);
        return { readable: true, text: 'claimed' };
      };
      const [a, b] = await Promise.all([
        extractPendingFileTexts({ db: t.db, storage, extract: slow }),
        extractPendingFileTexts({ db: t.db, storage, extract: slow }),
      ]);
      const ours = seen.filter((sha) => shas.includes(sha));
      assert.equal(ours.length, shas.length, 'each file read once');
      assert.equal(new Set(ours).size, shas.length);
      assert.equal(a.extracted + b.extracted, seen.length);
      for (const sha of shas) assert.equal((await stateOf(sha)).state, 'done');

      // The claim itself: of two servers claiming one file at the same moment, one wins.
      const { sha256 } = await storage.put(await pdfWithText('One claim'));
      await queueFileText(t.db, sha256);
      const now = new Date();
      const wins = await Promise.all([claimFileText(t.db, sha256, now, 60_000), claimFileText(t.db, sha256, now, 60_000)]);
      assert.deepEqual(wins.sort(), [false, true]);
      // A claim held by a server that died is taken over once it expires.
      assert.equal(await claimFileText(t.db, sha256, new Date(now.getTime() + 61_000), 60_000), true);
    });
  });
}
