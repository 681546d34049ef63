import sharp from 'sharp';
import type { Config } from '../../src/config.js';
import type { Db } from '../../src/db/database.js';
import { renderDemoPdf } from '../../src/features/media/demo-pdf.js';
import { renderIllustration } from '../../src/features/media/illustration.js';
import { storeDocument, storeImage, type AltText } from '../../src/features/media/images.js';
import { contentFiles, type FileStorage } from '../../src/features/media/storage.js';
import { createObjectStorage } from '../../src/storage/index.js';

/**
 * The storage the app under test serves from (its data directory, or its bucket). Its
 * connections are idle between calls and do not keep a test process alive.
 */
export function testStorage(config: Config): FileStorage {
  return contentFiles(createObjectStorage(config.storage));
}

interface ImageInput {
  /** Drawn smaller than the demo's 1600 px, so a test stores it quickly. */
  width?: number;
  seed?: number;
  hue?: number;
  alts?: AltText[];
}

let counter = 0;

/** A stored illustration with its renditions and alt texts; returns its file id. */
export async function createImage(db: Db, storage: FileStorage, input: ImageInput = {}): Promise<number> {
  counter += 1;
  const seed = input.seed ?? counter;
  const png = await sharp(await renderIllustration(seed, input.hue ?? (seed * 37) % 360))
    .resize({ width: input.width ?? 640 })
    .png()
    .toBuffer();
  const alts = input.alts ?? [
    { locale: 'en', alt: `Landscape number ${seed}`, caption: `Caption ${seed}` },
    { locale: 'km', alt: `ទេសភាពលេខ ${seed}`, caption: `ចំណងជើងរូប ${seed}` },
  ];
  return storeImage(db, storage, png, `test-image-${seed}.png`, alts);
}

/** A real PDF stored as a document; returns its file row. */
export async function createDocument(db: Db, storage: FileStorage, input: { originalName?: string; title?: string } = {}) {
  counter += 1;
  const pdf = await renderDemoPdf({
    title: input.title ?? `Test document ${counter}`,
    subtitle: 'A document made for a test',
    paragraphs: [`Paragraph of document ${counter}.`],
  });
  const id = await storeDocument(db, storage, pdf, input.originalName ?? `test-document-${counter}.pdf`, 'application/pdf');
  return db.selectFrom('files').select(['id', 'sha256', 'size']).where('id', '=', id).executeTakeFirstOrThrow();
}

/** Makes a stored file one of a publication's downloads. */
export async function attachDocument(db: Db, publicationId: number, fileId: number, locale: 'en' | 'km' = 'en') {
  await db.insertInto('publicationFiles').values({ publicationId, locale, fileId, label: null, sortOrder: 0 }).execute();
}
