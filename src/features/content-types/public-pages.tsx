import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { VNode } from 'preact';
import { z } from 'zod';
import type { Locale } from '../../i18n/locales.js';
import { queryString } from '../../web/components/pagination.js';
import { Layout } from '../../web/layout.js';
import type { PageMeta } from '../../web/page-meta.js';
import type { SiteContext } from '../../web/site-context.js';
import { keptImages } from '../media/kept-images.js';
import type { ImageView } from '../media/media.repository.js';
import { contentTypes, type ContentTypeKey } from './content-types.js';
import type { ItemChoice } from './content-types.repository.js';
import { isSlug } from './slug.js';
import { UntilChange } from '../../web/until-change.js';

/**
 * The one public pipeline: every content type's list and item pages go
 * route → load (a repository, at most 3 statements) → render (presenter and view) → layout →
 * `sendHtml` (cached, compressed, ETag). The pipeline owns what every page does the same way:
 * the route and its config, the slug check, the site context, 404 for an item that is not
 * public (or has no text in any configured language) and for a list page past the last, the
 * layout. A type's hooks say only what differs: what to load, and how it becomes a page.
 */

/** What a page's hooks know besides their own data. */
export interface PageContext {
  locale: Locale;
  /** The configured locales, in fallback order. */
  order: readonly Locale[];
  ctx: SiteContext;
  /** The images of these files (covers, photos) in the page's language: kept until content changes, the missing ones loaded in one statement. */
  images(fileIds: ReadonlyArray<number | null | undefined>): Promise<Map<number, ImageView>>;
}

/** What the hooks of a page in `locale` are handed (a route of its own builds it too: editorial pages). */
export function pageContext(app: FastifyInstance, locale: Locale, ctx: SiteContext): PageContext {
  const images = keptImages(app);
  return { locale, order: app.config.locales, ctx, images: (fileIds) => images.find(fileIds, locale) };
}

/** The image of `fileId` among `images`, if it has one. */
export function imageOf(images: Map<number, ImageView>, fileId: number | null): ImageView | undefined {
  return fileId === null ? undefined : images.get(fileId);
}

/** A rendered page: its meta (title, path, feeds, JSON-LD, ...), its body and, rarely, its status. */
export interface RenderedPage {
  meta: PageMeta;
  body: VNode;
  /** 200 unless a type says otherwise (a closed vacancy is 410 Gone). */
  status?: number;
}

export interface ItemPageHooks<Found> {
  /** The registry entry whose public path (`publicPath(':slug')`) the page is served at. */
  type: ContentTypeKey;
  /** Page-cached unless the page changes with the clock (vacancy deadlines). */
  pageCache?: boolean;
  /**
   * The item and everything its page shows; undefined when there is none. Readers' pages ask for
   * the public item at a slug; a preview asks for the stored item by id, whatever its status.
   */
  load(which: ItemChoice, page: PageContext): Promise<Found | undefined>;
  /** The page, or undefined when the item has no text in any configured language. */
  render(found: Found, page: PageContext & { slug: string }): RenderedPage | undefined;
}

/** `GET /<type's public path>/:slug`: one item's page, and the same page as the type's preview. */
export function itemPage<Found>(app: FastifyInstance, locale: Locale, hooks: ItemPageHooks<Found>): void {
  itemPreview(app, locale, hooks);
  app.get<{ Params: { slug: string } }>(
    contentTypes[hooks.type].publicPath(':slug'),
    { config: { public: true, pageCache: hooks.pageCache ?? true } },
    async (request, reply) => {
      const { slug } = request.params;
      if (!isSlug(slug)) return reply.callNotFound();
      const ctx = await app.siteContexts.get(locale);
      const page = pageContext(app, locale, ctx);
      const found = await hooks.load({ slug }, page);
      const rendered = found === undefined ? undefined : hooks.render(found, { ...page, slug });
      return rendered ? send(reply, ctx, rendered) : reply.callNotFound();
    },
  );
}

export interface ListPageHooks<Schema extends z.ZodType, Loaded> {
  path: string;
  /** The query string's schema (page number, filters); a bad value is a 400 page. */
  query?: Schema;
  /** Page-cached unless the page changes with the clock (upcoming events, open vacancies). */
  pageCache?: boolean;
  /** The list and whatever else the page shows; undefined for a page past the last one. */
  load(query: z.output<Schema>, page: PageContext): Promise<Loaded | undefined>;
  render(loaded: Loaded, page: PageContext & { query: z.output<Schema> }): RenderedPage;
}

/** `GET <path>`: a list page, with its filters and pagination when it has them. */
export function listPage<Schema extends z.ZodType, Loaded>(
  app: FastifyInstance,
  locale: Locale,
  hooks: ListPageHooks<Schema, Loaded>,
): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    hooks.path,
    { schema: hooks.query ? { querystring: hooks.query } : {}, config: { public: true, pageCache: hooks.pageCache ?? true } },
    async (request, reply) => {
      const query = request.query as z.output<Schema>;
      const ctx = await app.siteContexts.get(locale);
      const page = pageContext(app, locale, ctx);
      const loaded = await hooks.load(query, page);
      if (loaded === undefined) return reply.callNotFound();
      return send(reply, ctx, hooks.render(loaded, { ...page, query }));
    },
  );
}

/** A page of cards, with the cards' images and where the pagination stands. */
export interface PagedList<Card, Also = undefined> {
  cards: Card[];
  images: Map<number, ImageView>;
  total: number;
  /** 1 for a list shown whole. */
  totalPages: number;
  /** This list page's address for page `p`, keeping the query's filters. */
  pathFor(p: number): string;
  /** What `also` loaded beside the list. */
  also: Also;
}

/** A card's cover file, loaded with the others': its `coverFileId`, when it has one (a vacancy's card has none). */
function coverOf(card: object): number | undefined {
  return 'coverFileId' in card && typeof card.coverFileId === 'number' ? card.coverFileId : undefined;
}

/** One page of rows and how many match in all (`undefined` past the last page), or a whole list. */
type ListedRows<Row> = { items: Row[]; total: number | undefined } | Row[];

/** A list split into pages: its query string names the page, and `pageSize` cards make one. */
interface Paged<Schema extends z.ZodType<{ page: number }>> {
  query: Schema;
  pageSize: number;
}

/** A list shown whole, on one page (projects of a kind, open vacancies): no page number to read. */
interface Whole {
  query?: undefined;
  pageSize?: undefined;
}

/**
 * A whole list's query: its only page. Other parameters are dropped, so they reach neither the
 * hooks nor `pathFor`, as on a page with no query string at all.
 */
const WHOLE_LIST_QUERY = z.object({}).transform(() => ({ page: 1 }));

type PagedListHooks<Schema extends z.ZodType<{ page: number }>, Row, Card extends object, Also> = (Paged<Schema> | Whole) & {
  path: string;
  pageCache?: boolean;
  /** The rows matching the query: a page and the count when the list is paged, or all of them. */
  list(query: z.output<Schema>, page: PageContext): Promise<ListedRows<Row>>;
  /** A row as its card, or undefined when it has no text to show. */
  card(row: Row, page: PageContext): Card | undefined;
  /** Whatever else the page shows (a list's filter options, an editor's intro), loaded beside the list. */
  also?(query: z.output<Schema>, page: PageContext): Promise<Also>;
  /** The files whatever `also` shows needs images of (events' upcoming cards): loaded with the cards' in one statement. */
  alsoImages?(also: Also): Array<number | null>;
  render(list: PagedList<Card, Also>, page: PageContext & { query: z.output<Schema> }): RenderedPage;
};

/**
 * The default list page: cards with their images, and pagination when the list has pages (news,
 * the gallery, publications, events; projects and open vacancies are shown whole). The pipeline
 * pages, presents and loads the images; the type says what to list and how the page looks.
 */
export function pagedListPage<Schema extends z.ZodType<{ page: number }>, Row, Card extends object, Also = undefined>(
  app: FastifyInstance,
  locale: Locale,
  hooks: PagedListHooks<Schema, Row, Card, Also>,
): void {
  listPage(app, locale, {
    path: hooks.path,
    query: hooks.query ?? (WHOLE_LIST_QUERY as z.ZodType as Schema),
    pageCache: hooks.pageCache,
    async load(query, page) {
      const [listed, also] = await Promise.all([hooks.list(query, page), hooks.also?.(query, page) as Promise<Also>]);
      const { items, total } = Array.isArray(listed) ? { items: listed, total: listed.length } : listed;
      const totalPages = total === undefined ? undefined : hooks.pageSize === undefined ? 1 : pageCount(total, hooks.pageSize, query.page);
      if (total === undefined || totalPages === undefined) return undefined;
      const cards = items.flatMap((row) => hooks.card(row, page) ?? []);
      const images = await page.images([...cards.map(coverOf), ...(hooks.alsoImages?.(also) ?? [])]);
      const { page: _page, ...filters } = query as { page: number } & Record<string, string | number | undefined>;
      const pathFor = (p: number) => `${hooks.path}${queryString({ ...filters, page: p > 1 ? p : undefined })}`;
      return { cards, images, total, totalPages, pathFor, also };
    },
    render: (list, page) => hooks.render(list, page),
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every item page's preview, by type and locale (`itemPreview`, `previewItem`). */
    itemPreviews: Map<string, ItemPreview>;
  }
}

/** A stored item rendered as its public page, whatever its status and date. */
type ItemPreview = (id: number, slug: string, page: PageContext) => Promise<RenderedPage | undefined>;

const previewKey = (type: ContentTypeKey, locale: Locale) => `${type} ${locale}`;

/** Keeps the item pages' hooks for previews; registered before the public routes. */
export const itemPreviewsPlugin = fp(
  async (app) => {
    app.decorate('itemPreviews', new Map<string, ItemPreview>());
  },
  { name: 'item-previews' },
);

/**
 * A type's preview: the item page's own hooks over the stored item loaded by id. `itemPage`
 * registers it; a type whose public route is its own (editorial pages) calls it directly.
 */
export function itemPreview<Found>(app: FastifyInstance, locale: Locale, hooks: Pick<ItemPageHooks<Found>, 'type' | 'load' | 'render'>): void {
  app.itemPreviews.set(previewKey(hooks.type, locale), async (id, slug, page) => {
    const found = await hooks.load({ id }, page);
    return found === undefined ? undefined : hooks.render(found, { ...page, slug });
  });
}

/**
 * The stored item `id` of `type` (at `slug`) as readers would see its page in `locale`, with the
 * site context to lay it out; undefined when the type has no item page or the item no text.
 */
export async function previewItem(
  app: FastifyInstance,
  type: ContentTypeKey,
  { id, slug }: { id: number; slug: string },
  locale: Locale,
): Promise<{ ctx: SiteContext; rendered: RenderedPage } | undefined> {
  const preview = app.itemPreviews.get(previewKey(type, locale));
  if (!preview) return undefined;
  const ctx = await app.siteContexts.get(locale);
  const rendered = await preview(id, slug, pageContext(app, locale, ctx));
  return rendered && { ctx, rendered };
}

function send(reply: FastifyReply, ctx: SiteContext, { meta, body, status }: RenderedPage): FastifyReply {
  return reply.sendHtml(
    <Layout ctx={ctx} meta={meta}>
      {body}
    </Layout>,
    status,
  );
}

/**
 * Work that only a change of content could change (a list's filter options): done on first
 * use, then kept until content changes, here or on another server (`whenContentChanges`).
 */
export function keptUntilContentChanges<T>(app: FastifyInstance, load: () => Promise<T>): () => Promise<T> {
  const kept = new UntilChange<null, T>(load);
  app.whenContentChanges(() => kept.forget());
  return () => kept.get(null);
}

/** How many pages `total` items fill; a page past the last is not found (page 1 always exists). */
export function pageCount(total: number, pageSize: number, page: number): number | undefined {
  const totalPages = Math.ceil(total / pageSize);
  return page > 1 && page > totalPages ? undefined : totalPages;
}
