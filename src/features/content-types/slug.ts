/** A slug: lowercase ASCII words joined by hyphens, as `slugify` makes them. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A page's slug may nest (`about/history`): slugs joined by slashes. */
export const NESTED_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)*$/;
/** Longer slugs are never stored, so a longer path cannot name an item. */
export const MAX_SLUG_LENGTH = 200;

/** Whether `slug` can name an item: a route answers 404 without a query otherwise. */
export function isSlug(slug: string): boolean {
  return slug.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(slug);
}
