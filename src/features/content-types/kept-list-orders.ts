import type { FastifyInstance } from 'fastify';

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
  // In the order of last use: the first is the one to drop.
  const kept = new Map<string, KeptOrder>();
  let keptIds = 0;
  const drop = (key: string) => {
    keptIds -= kept.get(key)?.size ?? 0;
    kept.delete(key);
  };
  // An order being loaded when content changes is dropped with the others: it may predate the change.
  app.whenContentChanges(() => {
    kept.clear();
    keptIds = 0;
  });
  const orderOf = (filters: Filters): Promise<ListOrder> => {
    const key = JSON.stringify(filters);
    const found = kept.get(key);
    drop(key);
    const now = clock();
    // Dates are ISO text, compared as the list statements compare them with the present.
    if (found && (maxAgeMs === undefined || now - found.loadedAt < maxAgeMs) && (found.changesAt === undefined || found.changesAt > new Date(now).toISOString())) {
      kept.set(key, found);
      keptIds += found.size;
      return found.loading;
    }
    const entry: KeptOrder = { loading: source.order(filters), size: 0, loadedAt: now };
    kept.set(key, entry);
    entry.loading.then(
      (order) => {
        entry.changesAt = order.changesAt;
        if (kept.get(key) !== entry) return;
        entry.size = order.ids.length;
        keptIds += entry.size;
        for (const oldest of kept.keys()) {
          if (keptIds <= MAX_KEPT_IDS || oldest === key) break;
          drop(oldest);
        }
      },
      // A failed load is not kept.
      () => void (kept.get(key) === entry && kept.delete(key)),
    );
    return entry.loading;
  };
  return async (filters: Filters, page: number, pageSize: number): Promise<{ ids: number[]; total: number | undefined }> => {
    const { ids } = await orderOf(filters);
    const start = (page - 1) * pageSize;
    if (start >= ids.length && page > 1) return { ids: [], total: undefined };
    return { ids: ids.slice(start, start + pageSize), total: ids.length };
  };
}

interface KeptOrder {
  loading: Promise<ListOrder>;
  /** How many ids it holds, once loaded (0 before). */
  size: number;
  /** When its load started (ms): an order kept longer than `maxAgeMs` is sorted again. */
  loadedAt: number;
  /** Set once loaded: when the clock reaches it, the order is out of date. */
  changesAt?: string;
}
