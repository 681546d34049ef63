import { LOCALE_INFO, type Locale } from '../../i18n/locales.js';
import { adminMessages } from '../admin/admin.messages.js';
import { EMPTY_SOCIAL_ROWS, type SettingsErrorKey, type SettingsForm } from './settings-form.js';
import { siteSettingsMessages } from './site-settings.messages.js';

interface SettingsPageProps {
  locale: Locale;
  locales: readonly Locale[];
  csrfToken: string;
  form: SettingsForm;
  errors: Record<string, SettingsErrorKey>;
  images: Array<{ id: number; originalName: string }>;
  orgNames: Map<number, string>;
  notice?: string;
}

const TEXT_LABELS = { name: 'nameIn', shortName: 'shortNameIn', tagline: 'taglineIn', description: 'descriptionIn', address: 'addressIn' } as const;

export function SettingsPage(p: SettingsPageProps) {
  const t = siteSettingsMessages[p.locale];
  const a = adminMessages[p.locale];
  const err = (name: string) => (p.errors[name] ? <p class="field-error" id={`${name}-error`}>{t[p.errors[name]!]}</p> : null);
  const invalid = (name: string) => (p.errors[name] ? 'true' : undefined);
  const socialRows = [...p.form.social, ...Array.from({ length: EMPTY_SOCIAL_ROWS }, () => ({ network: '', url: '', order: '', remove: false }))];
  return (
    <>
      <header class="page-header">
        <h1>{t.title}</h1>
      </header>
      {p.notice && <p class="notice" role="status">{p.notice}</p>}
      {Object.keys(p.errors).length > 0 && <p class="notice notice--error" role="alert">{a.errorSummary}</p>}
      <form method="post" action="/admin/settings" class="admin-form">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <fieldset>
          <legend>{t.identity}</legend>
          {(Object.keys(TEXT_LABELS) as Array<keyof typeof TEXT_LABELS>).map((field) =>
            p.locales.map((l) => {
              const name = `${field}_${l}`;
              const label = t[TEXT_LABELS[field]](LOCALE_INFO[l].nativeName);
              const value = p.form.text[field][l] ?? '';
              return (
                <div class="field" lang={l}>
                  <label for={name}>{label}</label>
                  {field === 'description' || field === 'address' ? (
                    <textarea id={name} name={name} rows={3} aria-invalid={invalid(name)}>{value}</textarea>
                  ) : (
                    <input id={name} name={name} type="text" value={value} aria-invalid={invalid(name)} />
                  )}
                  {err(name)}
                </div>
              );
            }),
          )}
        </fieldset>
        <fieldset>
          <legend>{t.contact}</legend>
          <div class="field">
            <label for="email">{t.email}</label>
            <input id="email" name="email" type="email" value={p.form.email} aria-invalid={invalid('email')} />
            {err('email')}
          </div>
          <div class="field">
            <label for="phone">{t.phone}</label>
            <input id="phone" name="phone" type="tel" value={p.form.phone} aria-invalid={invalid('phone')} />
            {err('phone')}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t.social}</legend>
          <p>{t.socialHelp}</p>
          {socialRows.map((s, i) => (
            <div class="field-row">
              <label>
                {t.network} <input name={`social_network_${i}`} type="text" value={s.network} aria-invalid={invalid(`social_network_${i}`)} />
              </label>
              {err(`social_network_${i}`)}
              <label>
                {t.url} <input name={`social_url_${i}`} type="url" value={s.url} aria-invalid={invalid(`social_url_${i}`)} />
              </label>
              {err(`social_url_${i}`)}
              <label>
                {t.order} <input name={`social_order_${i}`} type="number" value={s.order} size={3} />
              </label>
              <label>
                <input name={`social_remove_${i}`} type="checkbox" checked={s.remove} /> {t.remove}
              </label>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t.logo}</legend>
          <select name="logo" aria-invalid={invalid('logo')}>
            <option value="">{t.noLogo}</option>
            {p.images.map((img) => (
              <option value={String(img.id)} selected={p.form.logo === String(img.id)}>
                {img.originalName}
              </option>
            ))}
          </select>
          {err('logo')}
        </fieldset>
        <fieldset>
          <legend>{t.donorsStrip}</legend>
          {p.form.strip.map((o) => (
            <div class="field-row">
              <span>{p.orgNames.get(o.id) ?? ''}</span>
              <label>
                <input type="checkbox" name={`org_strip_${o.id}`} checked={o.inStrip} /> {t.inStrip}
              </label>
              <label>
                {t.order} <input type="number" name={`org_order_${o.id}`} value={o.order} size={3} />
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit">{a.save}</button>
      </form>
    </>
  );
}
