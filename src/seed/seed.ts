import path from 'node:path';
import type { Config } from '../config.js';
import type { Db, DbOrTx } from '../db/database.js';
import { writeAudit } from '../features/audit/audit.repository.js';
import { renderDemoPdf } from '../features/media/demo-pdf.js';
import { drawMissingFirstPages, type FirstPagesSummary } from '../features/media-library/first-pages.command.js';
import { storeDocument, storeImage, type AltText } from '../features/media/images.js';
import { describeIllustration, renderIllustration } from '../features/media/illustration.js';
import { contentFiles, type FileStorage } from '../features/media/storage.js';
import { withObjectStorage, type ObjectStorage } from '../storage/index.js';
import { createVault, loadKeyEncryptionKey } from '../crypto/envelope.js';
import { ensureReferenceData } from '../features/hrd-vocabularies/vocabularies.repository.js';
import { maxRowIds, recordDemoImport } from './demo-rows.js';
import { seedHrdDemo } from './hrd-demo.js';
import { seedHrdAlertsDemo } from './hrd-alerts-demo.js';
import { seedUprDemo } from './upr-demo.js';
import { rebuildSearchIndex } from '../features/search/search.indexer.js';
import { saveSiteSettings } from '../features/site-settings/site-settings.repository.js';
import { htmlToText, localizeInternalLinks, markdownToHtml } from '../web/rich-text.js';
import type { Locale } from '../i18n/locales.js';
import {
  albumFile,
  DEFAULT_CONTENT_DIR,
  eventFile,
  menusFile,
  newsFile,
  organisationsFile,
  pageFile,
  peopleFile,
  projectFile,
  publicationFile,
  readCollection,
  readContentFile,
  siteFile,
  topicsFile,
  vacancyFile,
  type BodyBlock,
  type MenuEntry,
} from './content-files.js';

const ACTOR = 'system:seed';
/** The demo's own PDFs are trusted: a page may take this long on a busy machine (an upload's limit is 10 s). */
const DEMO_PAGE_TIMEOUT_MS = 60_000;
export interface SeedOptions {
  contentDir?: string;
  replace?: boolean;
  /** The site's object storage; by default one made from the configuration for this import. */
  objects?: ObjectStorage;
  /** Fictional HRD case records for the portal: by default only with the shipped content. */
  hrdDemo?: boolean;
  /** The UPR tracker's fourth cycle and its sample recommendations: by default only with the shipped content. */
  uprDemo?: boolean;
  /** How many fictional cases (the demo's 320 by default; tests take a few). */
  hrdDemoCases?: number;
}

/** Content tables in an order that respects foreign keys when deleting. */
const CONTENT_TABLES = [
  'menuItems', 'menus', 'vacancies', 'organisations', 'people', 'albumPhotos', 'albums', 'events',
  'newsPosts', 'publicationFiles', 'publications', 'projects', 'pages', 'topics', 'settings',
] as const;

/**
 * Imports the content folder in one transaction: either all of it lands or none of it, with the
 * record of which rows it created (see demo-rows.ts). Returns a one-line summary of what was imported.
 */
export async function seedDatabase(db: Db, config: Config, options: SeedOptions = {}): Promise<string> {
  return withObjectStorage(config.storage, options.objects, (objects) => importContent(db, config, contentFiles(objects), options));
}

async function importContent(db: Db, config: Config, storage: FileStorage, options: SeedOptions): Promise<string> {
  const dir = options.contentDir ?? DEFAULT_CONTENT_DIR;
  const now = new Date().toISOString();
  const counts: Record<string, number> = {};
  const count = (what: string) => (counts[what] = (counts[what] ?? 0) + 1);

  await db.transaction().execute(async (tx) => {
    if (options.replace) {
      for (const table of CONTENT_TABLES) await tx.deleteFrom(table).execute();
      await writeAudit(tx, { actor: ACTOR, action: 'content.replace', subjectType: 'site', subjectId: null });
    }
    const before = await maxRowIds(tx);
    const seeder = new Seeder(tx, storage, config.locales, now, count);

    const site = readContentFile(path.join(dir, 'site.yaml'), siteFile);
    await saveSiteSettings(tx, site);
    await writeAudit(tx, { actor: ACTOR, action: 'settings.update', subjectType: 'settings', subjectId: 'site', after: site });

    await seeder.menus(readContentFile(path.join(dir, 'menus.yaml'), menusFile));
    await seeder.topics(readContentFile(path.join(dir, 'topics.yaml'), topicsFile));
    for (const item of readCollection(path.join(dir, 'pages'), pageFile)) await seeder.page(item);
    for (const item of readCollection(path.join(dir, 'projects'), projectFile)) await seeder.project(item);
    for (const item of readCollection(path.join(dir, 'publications'), publicationFile)) await seeder.publication(item);
    // The documents' first pages are drawn in threads of their own while the rest is imported:
    // the publications then show a cover, as if their PDFs had been uploaded.
    const covers = drawMissingFirstPages(tx, storage, { actor: ACTOR, fileIds: seeder.documentIds, timeoutMs: DEMO_PAGE_TIMEOUT_MS });
    // Awaited below; a failed import meanwhile must not leave this promise's rejection unheard.
    covers.catch(() => undefined);
    for (const item of readCollection(path.join(dir, 'news'), newsFile)) await seeder.news(item);
    for (const item of readCollection(path.join(dir, 'events'), eventFile)) await seeder.event(item);
    for (const item of readCollection(path.join(dir, 'albums'), albumFile)) await seeder.album(item);
    for (const item of readCollection(path.join(dir, 'vacancies'), vacancyFile)) await seeder.vacancy(item);
    await seeder.people(readContentFile(path.join(dir, 'people.yaml'), peopleFile));
    await seeder.organisations(readContentFile(path.join(dir, 'organisations.yaml'), organisationsFile));
    // The UPR sample ships with the organisation's content, as the HRD demo does.
    if (options.uprDemo ?? dir === DEFAULT_CONTENT_DIR) counts['sample UPR recommendations'] = await seedUprDemo(tx, now);
    await rebuildSearchIndex(tx, { storage });
    await ensureReferenceData(tx);
    if (options.hrdDemo ?? dir === DEFAULT_CONTENT_DIR) {
      const vault = createVault(loadKeyEncryptionKey(config.encryptionKey, config.dataDir));
      const demo = await seedHrdDemo(tx, vault, options.hrdDemoCases === undefined ? {} : { cases: options.hrdDemoCases });
      if (demo) counts[`fictional HRD cases (${demo.acts} acts, sealed and stored in ${demo.milliseconds} ms)`] = demo.cases;
      if (demo) counts['HRD alerts'] = await seedHrdAlertsDemo(tx, vault, { storage, publicUrl: config.publicUrl, locales: config.locales });
    }
    countCovers(counts, await covers);
    await recordDemoImport(tx, before, now);
  });
  return Object.entries(counts)
    .map(([what, n]) => `${n} ${what}`)
    .join(', ');
}

function countCovers(counts: Record<string, number>, covers: FirstPagesSummary): void {
  if (covers.made) counts['document covers'] = covers.made;
  // A demo PDF that cannot be drawn keeps no cover; the import goes on and says so.
  if (covers.failed.length) counts['documents without a cover'] = covers.failed.length;
}

type Block = BodyBlock | undefined;

/** Imports each kind of content file; one instance per seeding transaction. */
class Seeder {
  private topicIds = new Map<string, number>();
  private projectIds = new Map<string, number>();
  /** The PDFs stored by this import, whose first pages become covers. */
  readonly documentIds: number[] = [];

  constructor(
    private readonly tx: DbOrTx,
    private readonly storage: FileStorage,
    private readonly locales: readonly Locale[],
    private readonly now: string,
    private readonly count: (what: string) => void,
  ) {}

  /** The locale blocks present in the file, for the configured locales in their order. */
  private blocks<T>(item: Partial<Record<Locale, T>>): Array<[Locale, T]> {
    return this.locales.flatMap((l): Array<[Locale, T]> => {
      const block = item[l];
      return block ? [[l, block]] : [];
    });
  }

  private isConfigured(locale: string): locale is Locale {
    return (this.locales as readonly string[]).includes(locale);
  }

  private translated(item: { en?: Block; km?: Block }, withLocation = false) {
    return this.blocks(item).map(([locale, b]) => ({
      locale,
      title: b.title,
      summary: b.summary ?? null,
      bodyHtml: localizeInternalLinks(markdownToHtml(b.body), locale, this.locales),
      ...(withLocation ? { location: b.location ?? null } : {}),
    }));
  }

  private common(item: { slug: string; status: string; publishedAt?: string | undefined; licence?: string | undefined }) {
    return {
      slug: item.slug,
      status: item.status as 'published',
      publishedAt: item.publishedAt ? toIso(item.publishedAt) : item.status === 'published' ? this.now : null,
      ...(item.licence ? { licence: item.licence } : {}),
      createdAt: this.now,
      updatedAt: this.now,
    };
  }

  private async audit(subjectType: string, subjectId: number, after: unknown) {
    await writeAudit(this.tx, { actor: ACTOR, action: 'create', subjectType, subjectId: String(subjectId), after });
  }

  private async illustration(spec: { seed: number; hue: number } | undefined, alts: AltText[]): Promise<number | null> {
    if (!spec) return null;
    const png = await renderIllustration(spec.seed, spec.hue);
    this.count('images');
    return storeImage(this.tx, this.storage, png, `illustration-${spec.seed}.png`, alts);
  }

  private coverAlts(item: { en?: Block; km?: Block }, seed: number | undefined): AltText[] {
    if (seed === undefined) return [];
    return this.blocks(item).map(([locale]) => ({ locale, alt: describeIllustration(seed, locale) }));
  }

  async menus(menus: Record<string, MenuEntry[]>) {
    for (const [key, entries] of Object.entries(menus)) {
      const menu = await this.tx.insertInto('menus').values({ key }).returning('id').executeTakeFirstOrThrow();
      await this.menuEntries(menu.id, null, entries);
      this.count('menus');
    }
  }

  private async menuEntries(menuId: number, parentId: number | null, entries: MenuEntry[]) {
    for (const [i, entry] of entries.entries()) {
      const row = await this.tx
        .insertInto('menuItems')
        .values({ menuId, parentId, sortOrder: i, href: entry.href })
        .returning('id')
        .executeTakeFirstOrThrow();
      const labels = Object.entries(entry.label).filter(([l]) => this.isConfigured(l));
      if (labels.length) {
        await this.tx
          .insertInto('menuItemTranslations')
          .values(labels.map(([locale, label]) => ({ itemId: row.id, locale, label })))
          .execute();
      }
      await this.menuEntries(menuId, row.id, entry.children ?? []);
    }
  }

  async topics(topics: Array<{ slug: string; name: Record<string, string> }>) {
    for (const [i, topic] of topics.entries()) {
      const row = await this.tx.insertInto('topics').values({ slug: topic.slug, sortOrder: i }).returning('id').executeTakeFirstOrThrow();
      this.topicIds.set(topic.slug, row.id);
      const names = Object.entries(topic.name).filter(([l]) => this.isConfigured(l));
      await this.tx.insertInto('topicTranslations').values(names.map(([locale, name]) => ({ itemId: row.id, locale, name }))).execute();
      this.count('topics');
    }
  }

  private topicIdsOf(slugs: string[], where: string): number[] {
    return slugs.map((slug) => {
      const id = this.topicIds.get(slug);
      if (id === undefined) throw new Error(`${where}: unknown topic "${slug}"`);
      return id;
    });
  }

  async page(item: ReturnType<typeof pageFile.parse>) {
    const row = await this.tx.insertInto('pages').values(this.common(item)).returning('id').executeTakeFirstOrThrow();
    await this.tx.insertInto('pageTranslations').values(this.translated(item).map((t) => ({ ...t, itemId: row.id }))).execute();
    await this.audit('page', row.id, item);
    this.count('pages');
  }

  async project(item: ReturnType<typeof projectFile.parse>) {
    const coverFileId = await this.illustration(item.cover, this.coverAlts(item, item.cover?.seed));
    const row = await this.tx
      .insertInto('projects')
      .values({
        ...this.common(item),
        kind: item.kind,
        sortOrder: item.sortOrder,
        startedOn: item.startedOn ?? null,
        endedOn: item.endedOn ?? null,
        coverFileId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    this.projectIds.set(item.slug, row.id);
    await this.tx.insertInto('projectTranslations').values(this.translated(item).map((t) => ({ ...t, itemId: row.id }))).execute();
    await this.audit('project', row.id, item);
    this.count('projects');
  }

  async publication(item: ReturnType<typeof publicationFile.parse>) {
    const projectId = item.project ? this.projectIds.get(item.project) : null;
    if (projectId === undefined) throw new Error(`publication ${item.slug}: unknown project "${item.project}"`);
    const coverFileId = await this.illustration(item.cover, this.coverAlts(item, item.cover?.seed));
    const row = await this.tx
      .insertInto('publications')
      .values({ ...this.common(item), type: item.type, projectId, coverFileId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const translations = this.translated(item);
    await this.tx.insertInto('publicationTranslations').values(translations.map((t) => ({ ...t, itemId: row.id }))).execute();
    const topicIds = this.topicIdsOf(item.topics, `publication ${item.slug}`);
    if (topicIds.length) {
      await this.tx.insertInto('publicationTopics').values(topicIds.map((topicId) => ({ publicationId: row.id, topicId }))).execute();
    }
    for (const [i, file] of item.files.entries()) {
      const t = translations.find((x) => x.locale === file.locale) ?? translations[0]!;
      const pdf = await renderDemoPdf({
        title: item.en?.title ?? item.slug.replace(/-/g, ' '),
        subtitle: `${item.publishedAt ?? ''} · demonstration copy generated by Dove`,
        paragraphs: [item.en?.summary ?? '', htmlToText(t.bodyHtml)].filter(Boolean),
      });
      const fileId = await storeDocument(this.tx, this.storage, pdf, `${item.slug}-${file.locale}.pdf`, 'application/pdf');
      this.documentIds.push(fileId);
      await this.tx
        .insertInto('publicationFiles')
        .values({ publicationId: row.id, locale: file.locale, fileId, label: file.label ?? null, sortOrder: i })
        .execute();
      this.count('documents');
    }
    await this.audit('publication', row.id, item);
    this.count('publications');
  }

  async news(item: ReturnType<typeof newsFile.parse>) {
    const coverFileId = await this.illustration(item.cover, this.coverAlts(item, item.cover?.seed));
    const row = await this.tx
      .insertInto('newsPosts')
      .values({ ...this.common(item), kind: item.kind, externalUrl: item.externalUrl ?? null, outlet: item.outlet ?? null, coverFileId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.tx.insertInto('newsPostTranslations').values(this.translated(item).map((t) => ({ ...t, itemId: row.id }))).execute();
    const topicIds = this.topicIdsOf(item.topics, `news ${item.slug}`);
    if (topicIds.length) {
      await this.tx.insertInto('newsPostTopics').values(topicIds.map((topicId) => ({ newsPostId: row.id, topicId }))).execute();
    }
    await this.audit('news', row.id, item);
    this.count('news posts');
  }

  async event(item: ReturnType<typeof eventFile.parse>) {
    const coverFileId = await this.illustration(item.cover, this.coverAlts(item, item.cover?.seed));
    const row = await this.tx
      .insertInto('events')
      .values({ ...this.common(item), startsAt: toIso(item.startsAt), endsAt: item.endsAt ? toIso(item.endsAt) : null, coverFileId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.tx
      .insertInto('eventTranslations')
      .values(this.translated(item, true).map((t) => ({ ...t, location: t.location ?? null, itemId: row.id })))
      .execute();
    await this.audit('event', row.id, item);
    this.count('events');
  }

  async album(item: ReturnType<typeof albumFile.parse>) {
    const photoIds: number[] = [];
    for (const photo of item.photos) {
      const alts = this.blocks(photo).map(([locale, p]) => ({
        locale,
        alt: describeIllustration(photo.seed, locale),
        caption: p.caption ?? null,
      }));
      photoIds.push((await this.illustration(photo, alts))!);
    }
    const row = await this.tx
      .insertInto('albums')
      .values({ ...this.common(item), takenOn: item.takenOn ?? null, coverFileId: photoIds[0] ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.tx
      .insertInto('albumTranslations')
      .values(this.blocks(item).map(([locale, b]) => ({ itemId: row.id, locale, title: b.title, description: b.description ?? null })))
      .execute();
    await this.tx
      .insertInto('albumPhotos')
      .values(photoIds.map((fileId, sortOrder) => ({ albumId: row.id, fileId, sortOrder })))
      .execute();
    await this.audit('album', row.id, item);
    this.count('albums');
  }

  async vacancy(item: ReturnType<typeof vacancyFile.parse>) {
    const row = await this.tx
      .insertInto('vacancies')
      .values({ ...this.common(item), deadline: item.deadline })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.tx
      .insertInto('vacancyTranslations')
      .values(this.translated(item, true).map((t) => ({ ...t, location: t.location ?? null, itemId: row.id })))
      .execute();
    await this.audit('vacancy', row.id, item);
    this.count('vacancies');
  }

  async people(people: ReturnType<typeof peopleFile.parse>) {
    for (const person of people) {
      const row = await this.tx
        .insertInto('people')
        .values({ slug: person.slug, group: person.group, status: 'published', photoFileId: null, sortOrder: person.sortOrder, createdAt: this.now, updatedAt: this.now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.tx
        .insertInto('personTranslations')
        .values(this.blocks(person).map(([locale, p]) => ({ itemId: row.id, locale, name: p.name, role: p.role, bio: p.bio ?? null })))
        .execute();
      await this.audit('person', row.id, person);
      this.count('people');
    }
  }

  async organisations(organisations: ReturnType<typeof organisationsFile.parse>) {
    for (const org of organisations) {
      const row = await this.tx
        .insertInto('organisations')
        .values({
          slug: org.slug,
          kind: org.kind,
          status: 'published',
          url: org.url ?? null,
          logoFileId: null,
          inDonorsStrip: org.inDonorsStrip ? 1 : 0,
          sortOrder: org.sortOrder,
          createdAt: this.now,
          updatedAt: this.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.tx
        .insertInto('organisationTranslations')
        .values(this.blocks(org).map(([locale, o]) => ({ itemId: row.id, locale, name: o.name, description: o.description ?? null })))
        .execute();
      await this.audit('organisation', row.id, org);
      this.count('organisations');
    }
  }
}

/** A bare date in a content file means that day at 09:00 in Phnom Penh (UTC+7, no DST). */
function toIso(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T02:00:00.000Z`;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new Error(`not a date: ${value}`);
  return d.toISOString();
}
