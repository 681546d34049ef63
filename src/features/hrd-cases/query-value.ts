/**
 * One value of a query-string parameter (the first, if sent twice); '' when missing. Links are
 * read leniently: the pages ignore a value they do not know rather than refuse the page.
 */
export function queryValue(query: unknown, name: string): string {
  const value = query && typeof query === 'object' ? (query as Record<string, unknown>)[name] : undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}
