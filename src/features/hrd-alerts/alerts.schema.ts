import { z } from 'zod';

/** Alerts on one list page. */
export const ALERTS_PAGE_SIZE = 10;
export const ALERT_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The filter form sends `year=` for "All": an empty value means no filter, not a bad one. */
const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);

export const alertListQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  year: z.preprocess(blankToUndefined, z.coerce.number().int().min(1990).max(2200).optional()),
  province: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(2_147_483_647).optional()),
});
