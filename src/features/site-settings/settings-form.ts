import { z } from 'zod';
import type { SiteSettings } from '../site/site.settings.js';

/** The settings form's fields, as typed, so a refused form comes back exactly as it was sent. */
export interface SettingsForm {
  text: Record<'name' | 'shortName' | 'tagline' | 'description' | 'address', Record<string, string>>;
  email: string;
  phone: string;
  social: Array<{ network: string; url: string; order: string; remove: boolean }>;
  logo: string;
  strip: Array<{ id: number; inStrip: boolean; order: string }>;
}

export type SettingsErrorKey = 'nameRequired' | 'invalidEmail' | 'invalidUrl' | 'networkRequired' | 'tooLong' | 'invalidLogo';
/** How many empty social rows the form offers for adding links without any script. */
export const EMPTY_SOCIAL_ROWS = 2;
const MAX_TEXT = 2000;
const TEXT_FIELDS = ['name', 'shortName', 'tagline', 'description', 'address'] as const;

export function formFromSettings(settings: SiteSettings | undefined, logo: number | null, strip: SettingsForm['strip']): SettingsForm {
  const social = (settings?.social ?? []).map((s, i) => ({ network: s.network, url: s.url, order: String(i + 1), remove: false }));
  return {
    text: {
      name: { ...settings?.name },
      shortName: { ...settings?.shortName },
      tagline: { ...settings?.tagline },
      description: { ...settings?.description },
      address: { ...settings?.address },
    },
    email: settings?.email ?? '',
    phone: settings?.phone ?? '',
    social,
    logo: logo === null ? '' : String(logo),
    strip,
  };
}

export function formFromBody(body: Record<string, unknown>, locales: readonly string[], orgIds: number[]): SettingsForm {
  const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');
  const text = Object.fromEntries(TEXT_FIELDS.map((f) => [f, Object.fromEntries(locales.map((l) => [l, field(`${f}_${l}`)]))])) as SettingsForm['text'];
  const social: SettingsForm['social'] = [];
  for (let i = 0; `social_network_${i}` in body || `social_url_${i}` in body; i += 1) {
    social.push({ network: field(`social_network_${i}`), url: field(`social_url_${i}`), order: field(`social_order_${i}`), remove: body[`social_remove_${i}`] === 'on' });
  }
  const strip = orgIds.map((id) => ({ id, inStrip: body[`org_strip_${id}`] === 'on', order: field(`org_order_${id}`) }));
  return { text, email: field('email'), phone: field('phone'), social, logo: field('logo'), strip };
}

const orderOf = (value: string, fallback: number) => (/^-?\d{1,6}$/.test(value) ? Number(value) : fallback);

/** Checks the form; on success gives the settings to save, else a message key per field name. */
export function validateSettingsForm(
  form: SettingsForm,
  locales: readonly string[],
  founded: string | undefined,
): { ok: true; settings: SiteSettings; logo: number | null; strip: Array<{ id: number; inDonorsStrip: boolean; sortOrder: number }> } | { ok: false; errors: Record<string, SettingsErrorKey> } {
  const errors: Record<string, SettingsErrorKey> = {};
  for (const f of TEXT_FIELDS) for (const l of locales) if ((form.text[f][l] ?? '').length > MAX_TEXT) errors[`${f}_${l}`] = 'tooLong';
  if (!locales.some((l) => form.text.name[l])) errors[`name_${locales[0]}`] = 'nameRequired';
  if (form.email && !z.string().email().safeParse(form.email).success) errors.email = 'invalidEmail';
  if (form.phone.length > 100) errors.phone = 'tooLong';
  form.social.forEach((s, i) => {
    if (s.remove || (!s.network && !s.url)) return;
    if (!s.network) errors[`social_network_${i}`] = 'networkRequired';
    if (!/^https?:\/\//.test(s.url) || !z.string().url().safeParse(s.url).success) errors[`social_url_${i}`] = 'invalidUrl';
  });
  if (form.logo && !/^\d{1,10}$/.test(form.logo)) errors.logo = 'invalidLogo';
  if (Object.keys(errors).length) return { ok: false, errors };
  const compact = (map: Record<string, string>) => Object.fromEntries(Object.entries(map).filter(([, v]) => v));
  const social = form.social
    .map((s, i) => ({ ...s, sort: orderOf(s.order, 1000 + i) }))
    .filter((s) => !s.remove && s.network && s.url)
    .sort((a, b) => a.sort - b.sort)
    .map((s) => ({ network: s.network, url: s.url }));
  return {
    ok: true,
    settings: {
      name: compact(form.text.name),
      shortName: compact(form.text.shortName),
      tagline: compact(form.text.tagline),
      description: compact(form.text.description),
      address: compact(form.text.address),
      ...(form.email ? { email: form.email } : {}),
      ...(form.phone ? { phone: form.phone } : {}),
      ...(founded ? { founded } : {}),
      social,
    },
    logo: form.logo ? Number(form.logo) : null,
    strip: form.strip.map((s, i) => ({ id: s.id, inDonorsStrip: s.inStrip, sortOrder: orderOf(s.order, i) })),
  };
}
