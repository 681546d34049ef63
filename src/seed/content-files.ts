import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { z } from 'zod';

/** The repository's content folder, next to src/. */
export const DEFAULT_CONTENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../content');

const date = z.union([z.string(), z.date()]).transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v));
const optionalDate = date.optional();
const text = z.string().trim().min(1);
const localeMap = z.record(z.string(), z.string());

const bodyBlock = z.object({
  title: text,
  summary: z.string().trim().optional(),
  body: z.string().default(''),
  location: z.string().trim().optional(),
});
export type BodyBlock = z.infer<typeof bodyBlock>;

const illustration = z.object({ seed: z.number().int(), hue: z.number() });

/** Fields every content item file has; `en`/`km` blocks are optional, at least one is present. */
const itemBase = {
  slug: z.string().regex(/^[a-z0-9]+(?:[-/][a-z0-9]+)*$/, 'slug: lowercase ASCII words joined by - or /'),
  status: z.enum(['draft', 'in_review', 'scheduled', 'published']).default('published'),
  publishedAt: optionalDate,
  licence: z.string().optional(),
  en: bodyBlock.optional(),
  km: bodyBlock.optional(),
};

export const pageFile = z.object(itemBase);
export const projectFile = z.object({
  ...itemBase,
  kind: z.enum(['current', 'past', 'campaign']),
  sortOrder: z.number().int().default(0),
  startedOn: z.union([z.string(), z.number(), z.date()]).optional().transform(asDateText),
  endedOn: z.union([z.string(), z.number(), z.date()]).optional().transform(asDateText),
  cover: illustration.optional(),
});
export const publicationFile = z.object({
  ...itemBase,
  type: z.enum(['report', 'infographic', 'fact_sheet', 'joint_submission', 'statement', 'briefing_note', 'legal_analysis', 'letter', 'newsletter']),
  topics: z.array(z.string()).default([]),
  project: z.string().optional(),
  cover: illustration.optional(),
  files: z.array(z.object({ locale: z.string(), label: z.string().optional() })).default([]),
});
export const newsFile = z.object({
  ...itemBase,
  kind: z.enum(['press_release', 'media_comment', 'letter', 'alert', 'in_the_news']),
  topics: z.array(z.string()).default([]),
  externalUrl: z.string().url().optional(),
  outlet: z.string().optional(),
  cover: illustration.optional(),
});
export const eventFile = z.object({ ...itemBase, startsAt: date, endsAt: optionalDate, cover: illustration.optional() });
export const vacancyFile = z.object({ ...itemBase, deadline: date });
const photo = z.object({
  seed: z.number().int(),
  hue: z.number(),
  // Alt text is derived from what the generated illustration shows; captions give the context.
  en: z.object({ caption: z.string().optional() }).optional(),
  km: z.object({ caption: z.string().optional() }).optional(),
});
const albumText = z.object({ title: text, description: z.string().optional() });
export const albumFile = z.object({
  slug: itemBase.slug,
  status: itemBase.status,
  publishedAt: optionalDate,
  licence: z.string().optional(),
  takenOn: optionalDate,
  en: albumText.optional(),
  km: albumText.optional(),
  photos: z.array(photo).min(1),
});

export const siteFile = z.object({
  name: localeMap,
  shortName: localeMap,
  tagline: localeMap.default({}),
  description: localeMap.default({}),
  address: localeMap.default({}),
  email: z.string().email().optional(),
  phone: z.string().optional(),
  founded: optionalDate,
  social: z.array(z.object({ network: z.string(), url: z.string().url() })).default([]),
});

export interface MenuEntry {
  href: string;
  label: Record<string, string>;
  children?: MenuEntry[];
}
const menuEntry: z.ZodType<MenuEntry> = z.lazy(() =>
  z.object({ href: z.string(), label: localeMap, children: z.array(menuEntry).optional() }),
);
export const menusFile = z.record(z.string(), z.array(menuEntry));
export const topicsFile = z.array(z.object({ slug: z.string(), name: localeMap }));
export const peopleFile = z.array(
  z.object({
    slug: z.string(),
    group: z.enum(['staff', 'board', 'counselor']),
    sortOrder: z.number().int().default(0),
    en: z.object({ name: text, role: text, bio: z.string().optional() }).optional(),
    km: z.object({ name: text, role: text, bio: z.string().optional() }).optional(),
  }),
);
export const organisationsFile = z.array(
  z.object({
    slug: z.string(),
    kind: z.enum(['donor', 'partner']),
    url: z.string().url().optional(),
    inDonorsStrip: z.boolean().default(false),
    sortOrder: z.number().int().default(0),
    en: z.object({ name: text, description: z.string().optional() }).optional(),
    km: z.object({ name: text, description: z.string().optional() }).optional(),
  }),
);

function asDateText(v: string | number | Date | undefined): string | undefined {
  if (v === undefined) return undefined;
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
}

export class ContentFileError extends Error {}

/** Parses one YAML file against its schema; errors name the file and the field. */
export function readContentFile<T extends z.ZodTypeAny>(file: string, schema: T): z.output<T> {
  const raw = YAML.parse(fs.readFileSync(file, 'utf8')) as unknown;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ContentFileError(`${file}: ${detail}`);
  }
  return parsed.data;
}

/** Every *.yaml file of a collection folder, sorted by name so imports are repeatable. */
export function readCollection<T extends z.ZodTypeAny>(dir: string, schema: T): Array<z.output<T>> {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => readContentFile(path.join(dir, f), schema));
}
