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
}

/** Sets of filters whose order is kept at once: a crawl renders one filter's pages close together. */
const MAX_KEPT_ORDERS = 256;

/**
 * Pages of a list cut from its whole order, which is worked out once per set of filters and kept
 * until content changes (here or on another server) or the clock reaches an item not yet due:
 * for an app that renders every page of every list (`app.keepsListOrders`), where sorting the
 * whole list for each page of 12 made the cost of a list grow with the square of its length.
 * Returns the page's ids and how many items match (`undefined` for a page past the last: only
 * page 1 may be empty), as the per-page statements do.
 */
export function keptListOrders<Filters>(app: FastifyInstance, source: KeptListSource<Filters>) {
  const kept = new Map<string, KeptOrder>();
  // An order being loaded when content changes is dropped with the others: it may predate the change.
  app.whenContentChanges(() => kept.clear());
  const orderOf = (filters: Filters): Promise<ListOrder> => {
    const key = JSON.stringify(filters);
    const found = kept.get(key);
    // Dates are ISO text, compared as the list statements compare them with the present.
    if (found && (found.changesAt === undefined || found.changesAt > new Date().toISOString())) return found.loading;
    kept.delete(key);
    if (kept.size >= MAX_KEPT_ORDERS) kept.delete(kept.keys().next().value!);
    const entry: KeptOrder = { loading: source.order(filters) };
    kept.set(key, entry);
    entry.loading.then(
      (order) => void (entry.changesAt = order.changesAt),
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
  /** Set once loaded: when the clock reaches it, the order is out of date. */
  changesAt?: string;
}
