import { z } from 'zod';

const perLocale = z.record(z.string(), z.string());

/** The shape of each settings key; the seed and (later) the admin write them, the site reads them. */
export const siteSettingsSchema = z.object({
  name: perLocale,
  shortName: perLocale,
  tagline: perLocale.default({}),
  description: perLocale.default({}),
  address: perLocale.default({}),
  email: z.string().email().optional(),
  phone: z.string().optional(),
  founded: z.string().optional(),
  social: z.array(z.object({ network: z.string(), url: z.string().url() })).default([]),
});

export type SiteSettings = z.infer<typeof siteSettingsSchema>;

export const SETTINGS_KEY = 'site';
