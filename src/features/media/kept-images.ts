import type { FastifyInstance } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { Db } from '../../db/database.js';
import type { Locale } from '../../i18n/locales.js';
import { findImages, type ImageView } from './media.repository.js';

/**
 * Images kept beyond one kept entry: a site's covers, photos and logos, each a few hundred bytes.
 * The pages that show the most (the home page, a list of 12 cards) need a few dozen.
 */
const MAX_KEPT_IMAGES = 5_000;

/** What `findImages` returned for one file in one language; null for a file with no image. */
type Kept = ImageView | null;

/**
 * The images public pages draw (covers, photos, logos: variants and alt texts), kept until
 * content changes: an image's renditions and texts change only with an edit, which calls
 * `contentChanged`. The same covers appear on the home page, the lists and the items, so a
 * page usually finds every one of its images here and runs no statement for them; the ones
 * missing are loaded together, in one statement. Entries also expire with the page cache's
 * time to live, the bound on how stale a page may be when a change was not announced.
 */
export class KeptImages {
  private readonly kept: LRUCache<string, { image: Kept }>;
  /** Counts changes, so that a load under way when content changed is not kept. */
  private generation = 0;

  constructor(
    private readonly db: Db,
    private readonly order: readonly Locale[],
    ttlMs: number,
  ) {
    this.kept = new LRUCache({ max: MAX_KEPT_IMAGES, ttl: ttlMs });
  }

  /** The images of these files in `locale`, keyed by file id (files without an image are left out). */
  async find(fileIds: ReadonlyArray<number | null | undefined>, locale: Locale): Promise<Map<number, ImageView>> {
    const result = new Map<number, ImageView>();
    const missing: number[] = [];
    for (const id of fileIds) {
      if (typeof id !== 'number' || result.has(id)) continue;
      const kept = this.kept.get(keyOf(locale, id));
      if (kept === undefined) missing.push(id);
      else if (kept.image) result.set(id, kept.image);
    }
    if (missing.length === 0) return result;
    const generation = this.generation;
    const loaded = await findImages(this.db, missing, locale, this.order);
    const keep = generation === this.generation;
    for (const id of missing) {
      const image = loaded.get(id) ?? null;
      if (keep) this.kept.set(keyOf(locale, id), { image });
      if (image) result.set(id, image);
    }
    return result;
  }

  forget(): void {
    this.generation++;
    this.kept.clear();
  }
}

const keyOf = (locale: Locale, fileId: number) => `${locale} ${fileId}`;

/** One set of kept images per database, shared by every locale's routes. */
const keptByDb = new WeakMap<Db, KeptImages>();

/** The app's kept images, made (and emptied on every change of content) on first use. */
export function keptImages(app: FastifyInstance): KeptImages {
  let kept = keptByDb.get(app.db);
  if (!kept) {
    const made = new KeptImages(app.db, app.config.locales, app.config.pageCacheTtlSeconds * 1000);
    app.whenContentChanges(() => made.forget());
    keptByDb.set(app.db, made);
    kept = made;
  }
  return kept;
}
