/**
 * The site with a third locale configured (LOCALES=en,km,fr), crawled. French has no catalogues
 * and no content in this repository: the test gives it stub catalogues (the English messages)
 * and a locale entry, in this process only, so that what it checks is everything below the
 * catalogues: routes, presenters, views, vocabularies and places, search, feeds.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { ensureReferenceData } from '../../src/features/hrd-vocabularies/vocabularies.repository.js';
import { LOCALE_INFO, SOURCE_LOCALE, SUPPORTED_LOCALES, type Locale, type LocaleInfo } from '../../src/i18n/locales.js';
import { everyCatalogueSet } from '../../src/i18n/messages.js';
import { DEFAULT_CONTENT_DIR } from '../../src/seed/content-files.js';
import { seedDatabase } from '../../src/seed/seed.js';
import { createFreshDatabase, testEngines, type FreshDatabase } from '../helpers/test-app.js';

const STUB = 'fr' as Locale;
const STUB_INFO: LocaleInfo = { ...LOCALE_INFO[SOURCE_LOCALE], nativeName: 'Français', intl: 'fr-FR', ogLocale: 'fr_FR' };
/** A safety bound: three languages of the demo site. */
const MAX_PAGES = 2500;

/** Adds the stub locale to every catalogue loaded (app.ts has imported every feature by now). */
function addStubLocale(): void {
  (LOCALE_INFO as Record<string, LocaleInfo>)[STUB] = STUB_INFO;
  for (const set of everyCatalogueSet()) set[STUB] ??= set[SOURCE_LOCALE]!;
}

/**
 * Links followed beyond the home pages: the third locale's pages and unprefixed ones (files,
 * feeds). The English and Khmer sites are crawled whole by site-crawl.test.ts.
 */
const followed = (url: string) => url.startsWith(`/${STUB}/`) || !/^\/[a-z]{2}(\/|$)/.test(url);

function linksOf(html: string): string[] {
  const links: string[] = [];
  for (const m of html.matchAll(/\s(?:href|src)="([^"]+)"/g)) {
    const raw = m[1]!.replace(/&amp;/g, '&');
    if (raw.startsWith('/') && !raw.startsWith('//')) links.push(raw.split('#')[0]!);
  }
  return links;
}

describe('the catalogues of the shipped locales', () => {
  it('has, for every catalogue set, every supported locale with the source locale’s keys', () => {
    const sets = everyCatalogueSet();
    assert.ok(sets.length > 30, `only ${sets.length} catalogue sets were loaded`);
    for (const set of sets) {
      const keys = Object.keys(set[SOURCE_LOCALE]!).sort();
      for (const locale of SUPPORTED_LOCALES) assert.deepEqual(Object.keys(set[locale] ?? {}).sort(), keys, `${locale}: ${keys.slice(0, 3).join(', ')}…`);
    }
  });
});

for (const engine of testEngines()) {
  describe(`the demo site with a third locale, crawled (${engine})`, () => {
    let fresh: FreshDatabase;
    let app: FastifyInstance;
    const pages = new Map<string, { status: number; html: string }>();

    before(async () => {
      addStubLocale();
      fresh = await createFreshDatabase(engine, { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'dove-fr-')) });
      // What LOCALES=en,km,fr gives once a French catalogue exists; the schema knows only shipped locales.
      const config = { ...fresh.config, locales: [...fresh.config.locales, STUB] };
      await migrateToLatest(fresh.db);
      await ensureReferenceData(fresh.db);
      await seedDatabase(fresh.db, config, { contentDir: DEFAULT_CONTENT_DIR });
      app = await buildApp({ config, db: fresh.db, logger: false });
      await app.ready();
      const homes = config.locales.map((l) => `/${l}/`);
      const queue = [...homes];
      while (queue.length && pages.size < MAX_PAGES) {
        const url = queue.shift()!;
        if (pages.has(url)) continue;
        const res = await app.inject(url);
        const html = res.statusCode === 200 && String(res.headers['content-type']).startsWith('text/html') ? res.body : '';
        pages.set(url, { status: res.statusCode, html });
        const home = homes.includes(url);
        for (const link of linksOf(html)) if (!pages.has(link) && (home || followed(link))) queue.push(link);
      }
    });
    after(async () => {
      await app?.close();
      await fresh?.drop();
    });

    it('answers every same-site link from each home page without a server error', () => {
      const failed = [...pages].filter(([, p]) => p.status >= 500).map(([url, p]) => `${url} ${p.status}`);
      assert.deepEqual(failed, []);
      assert.ok([...pages.keys()].filter((u) => u.startsWith('/fr/')).length > 100, `crawled only ${pages.size} URLs`);
    });

    it('serves the third locale’s pages in that language', () => {
      const french = [...pages].filter(([url, p]) => url.startsWith('/fr/') && p.html);
      assert.ok(french.length > 50);
      const wrong = french.filter(([, p]) => !p.html.includes('<html lang="fr"')).map(([url]) => url);
      assert.deepEqual(wrong, []);
    });

    it('marks content shown in another language, since nothing is written in French', () => {
      const home = pages.get('/fr/')!.html;
      assert.match(home, /lang="en"/, 'English content on the French home page says so');
      const about = pages.get('/fr/about')?.html ?? '';
      assert.match(about, /class="notice notice--language"/, 'a page in another language carries the notice');
    });

    it('offers the third language in the language switch', () => {
      assert.match(pages.get('/en/')!.html, /<a href="\/fr\/" hreflang="fr" lang="fr">\s*Français\s*<\/a>/i);
    });
  });
}
