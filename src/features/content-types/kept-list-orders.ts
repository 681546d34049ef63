import type { FastifyInstance } from 'fastify';
import { LRUCache } from 'lru-cache';

/** A list's whole order under one set of filters, and when the clock alone may change it. */
export interface ListOrder {
  ids: number[];
  /** The earliest date (ISO) at which an item not yet due joins the list, when there is one. */
  changesAt: string | undefined;
}

export interface KeptListSource<Filters> {
  /** Every item of the list under these filters, in the list's order. */
  order(filters: Filters): Promise<ListOrder>;
  /**
   * How long an order is kept at most, in milliseconds (a server's page-cache time to live: the
   * bound for a change that was not announced, as for the page cache and the home page's lists);
   * unbounded when not given (the mirror's app, which changes nothing while it renders).
   */
  maxAgeMs?: number;
  /** The clock, in milliseconds; tests move it. */
  now?: () => number;
}

/**
 * Ids kept at once, over every set of filters (4 MB): a crawl visits the pages of all the filters
 * in turn, a few pages of each at a time, so the bound must hold every filter of a large site
 * (274 sets of filters per language at 1,000 publications, each up to every publication).
 * Past it, the orders used least recently go first.
 */
const MAX_KEPT_IDS = 1_000_000;
/**
 * What an order costs beyond its ids, counted in ids (its key, entry and promise take a few
 * hundred bytes): an order with no item is not free, so filters that match nothing (any value
 * of `topic` or `year` is accepted) cannot be kept without bound.
 */
export const KEPT_ORDER_OVERHEAD = 64;
/** Orders kept at once, whatever their size (ten times a large site's sets of filters). */
export const MAX_KEPT_ORDERS = 10_000;

/**
 * Pages of a list cut from its whole order, which is worked out once per set of filters and kept
 * until content changes (here or on another server), the clock reaches an item not yet due, or
 * `maxAgeMs` has passed. Sorting every match for each page made the cost of a list grow with the
 * square of its length for the mirror, which renders every page of every list; on a server it
 * made a filtered list page cost twice the home page's CPU with the page cache off (the
 * statement read every match, 142 of 10,000 for a year's reports, to keep 12), where loading
 * the page's 12 rows by id reads only those.
 * Returns the page's ids and how many items match (`undefined` for a page past the last: only
 * page 1 may be empty), as the per-page statements do.
 */
export function keptListOrders<Filters>(app: FastifyInstance, source: KeptListSource<Filters>) {
  const { maxAgeMs, now: clock = Date.now } = source;
  const kept = new LRUCache<string, ListOrder, { filters: Filters }>({
    max: MAX_KEPT_ORDERS,
    maxSize: MAX_KEPT_IDS,
    sizeCalculation: (order) => KEPT_ORDER_OVERHEAD + order.ids.length,
    // No time to live means "until content changes" (the mirror's app).
    ttl: maxAgeMs ?? 0,
    ttlResolution: 0,
    perf: { now: clock },
    // Requests waiting on a load that a change of content (or eviction) dropped still get its
    // order, which was current when they arrived; it is simply not kept.
    ignoreFetchAbort: true,
    fetchMethod: (_key, _stale, { context }) => source.order(context.filters),
  });
  // Orders past their time are dropped by a sweep at most once per time to live (one look per
  // order kept), not only when they are asked for again.
  let sweptAt = clock();
  const sweep = () => {
    if (maxAgeMs === undefined || clock() - sweptAt < maxAgeMs) return;
    sweptAt = clock();
    kept.purgeStale();
  };
  app.whenContentChanges(() => kept.clear());
  const pages = async (filters: Filters, page: number, pageSize: number): Promise<{ ids: number[]; total: number | undefined }> => {
    sweep();
    const key = JSON.stringify(filters);
    // Dates are ISO text, compared as the list statements compare them with the present.
    const changesAt = kept.peek(key)?.changesAt;
    const due = changesAt !== undefined && changesAt <= new Date(clock()).toISOString();
    const { ids } = (await kept.fetch(key, { context: { filters }, forceRefresh: due }))!;
    const start = (page - 1) * pageSize;
    if (start >= ids.length && page > 1) return { ids: [], total: undefined };
    return { ids: ids.slice(start, start + pageSize), total: ids.length };
  };
  /** How many orders are kept, and what they cost in ids (with each order's overhead). */
  pages.kept = () => ({ orders: kept.size, ids: kept.calculatedSize });
  return pages;
}
