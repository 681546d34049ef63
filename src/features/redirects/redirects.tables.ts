import type { Generated } from 'kysely';

export const REDIRECT_ORIGINS = ['import', 'editor'] as const;
export type RedirectOrigin = (typeof REDIRECT_ORIGINS)[number];

/** A permanent redirect from an old address (migration 0020). */
export type RedirectTable = {
  id: Generated<number>;
  /** The old address as `redirectKeyOf` keeps it. */
  fromPath: string;
  /** A path of this site (`/en/news/a-slug`) or a full http(s) address. */
  toPath: string;
  origin: RedirectOrigin;
  createdAt: string;
  updatedAt: string;
};

export type RedirectTables = {
  redirects: RedirectTable;
};
