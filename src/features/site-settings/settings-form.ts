import { z } from 'zod';
import { checkbox, limitedText, readForm, trimmedText } from '../../web/form-schema.js';
import type { SiteSettings } from './site-settings.schema.js';

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

/** How many social rows the browser sent: the rows go on while a network or an address field is there. */
function socialRows(body: Record<string, unknown>): number {
  let rows = 0;
  while (`social_network_${rows}` in body || `social_url_${rows}` in body) rows += 1;
  return rows;
}

const rowIndexes = (count: number) => Array.from({ length: count }, (_, i) => i);

/** The settings form's fields: texts per language, contacts, social rows, the logo and the donors strip. */
function settingsShape(locales: readonly string[], orgIds: number[], rows: number) {
  const text = limitedText(MAX_TEXT);
  return {
    ...Object.fromEntries(TEXT_FIELDS.flatMap((f) => locales.map((l) => [`${f}_${l}`, text]))),
    email: trimmedText().refine((email) => !email || z.string().email().safeParse(email).success, { message: 'invalidEmail' }),
    phone: limitedText(100),
    ...Object.fromEntries(
      rowIndexes(rows).flatMap((i) => [
        [`social_network_${i}`, trimmedText()],
        [`social_url_${i}`, trimmedText()],
        [`social_order_${i}`, trimmedText()],
        [`social_remove_${i}`, checkbox()],
      ]),
    ),
    logo: trimmedText().refine((logo) => !logo || /^\d{1,10}$/.test(logo), { message: 'invalidLogo' }),
    ...Object.fromEntries(orgIds.flatMap((id) => [[`org_strip_${id}`, checkbox()], [`org_order_${id}`, trimmedText()]])),
  };
}

/** Reads the posted form through its schema: the form to show again, and a message key per field refused by its own rules. */
export function readSettingsBody(
  body: unknown,
  locales: readonly string[],
  orgIds: number[],
): { form: SettingsForm; errors: Record<string, SettingsErrorKey> } {
  const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const rows = socialRows(input);
  const read = readForm<ReturnType<typeof settingsShape>, SettingsErrorKey>(settingsShape(locales, orgIds, rows), input);
  const fields: Record<string, unknown> = read.ok ? read.value : read.values;
  const field = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
  const ticked = (name: string) => fields[name] === true || fields[name] === 'on';
  const errors: Record<string, SettingsErrorKey> = {};
  if (!read.ok) for (const [name, issue] of Object.entries(read.issues)) if (issue) errors[name] = issue.code;
  const text = Object.fromEntries(TEXT_FIELDS.map((f) => [f, Object.fromEntries(locales.map((l) => [l, field(`${f}_${l}`)]))])) as SettingsForm['text'];
  const social = rowIndexes(rows).map((i) => ({
    network: field(`social_network_${i}`),
    url: field(`social_url_${i}`),
    order: field(`social_order_${i}`),
    remove: ticked(`social_remove_${i}`),
  }));
  const strip = orgIds.map((id) => ({ id, inStrip: ticked(`org_strip_${id}`), order: field(`org_order_${id}`) }));
  return { form: { text, email: field('email'), phone: field('phone'), social, logo: field('logo'), strip }, errors };
}

const orderOf = (value: string, fallback: number) => (/^-?\d{1,6}$/.test(value) ? Number(value) : fallback);

/** Checks the form; on success gives the settings to save, else a message key per field name. */
/**
 * Checks what one field cannot say alone (a name in some language, a network for each address),
 * after the schema; on success gives the settings to save, else a message key per field name.
 */
export function validateSettingsForm(
  { form, errors: fieldErrors }: { form: SettingsForm; errors: Record<string, SettingsErrorKey> },
  locales: readonly string[],
  founded: string | undefined,
): { ok: true; settings: SiteSettings; logo: number | null; strip: Array<{ id: number; inDonorsStrip: boolean; sortOrder: number }> } | { ok: false; errors: Record<string, SettingsErrorKey> } {
  const errors: Record<string, SettingsErrorKey> = { ...fieldErrors };
  if (!locales.some((l) => form.text.name[l])) errors[`name_${locales[0]}`] = 'nameRequired';
  form.social.forEach((s, i) => {
    if (s.remove || (!s.network && !s.url)) return;
    if (!s.network) errors[`social_network_${i}`] = 'networkRequired';
    if (!/^https?:\/\//.test(s.url) || !z.string().url().safeParse(s.url).success) errors[`social_url_${i}`] = 'invalidUrl';
  });
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
