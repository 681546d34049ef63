import type { Locale } from '../../i18n/locales.js';
import { pickTranslation } from '../../i18n/translation.js';
import type { FeaturedChoice } from '../site-settings/site-settings.repository.js';
import type { FeaturedRecord } from './featured.repository.js';
import { siteMessages } from './site.messages.js';

export const featuredValue = (choice: FeaturedChoice): string => `${choice.kind}:${choice.slug}`;

interface FeaturedFormProps {
  locale: Locale;
  order: readonly Locale[];
  csrfToken: string;
  candidates: FeaturedRecord[];
  selected: string;
  notice?: string | undefined;
  error?: string | undefined;
}

/** One choice among the public items, grouped by kind; a plain form that needs no script. */
export function FeaturedForm(p: FeaturedFormProps) {
  const t = siteMessages[p.locale];
  const groups = [
    { kind: 'alert', label: t.featuredGroupAlerts },
    { kind: 'project', label: t.featuredGroupProjects },
    { kind: 'publication', label: t.featuredGroupPublications },
  ] as const;
  const titleOf = (c: FeaturedRecord) => pickTranslation(c.translations, p.locale, p.order)?.value.title ?? c.slug;
  return (
    <>
      <header class="page-header">
        <h1>{t.featuredTitle}</h1>
        <p>{t.featuredIntro}</p>
      </header>
      {p.notice && (
        <p class="notice notice--success" role="status">
          {p.notice}
        </p>
      )}
      <form method="post" action="/admin/featured" class="admin-form">
        <input type="hidden" name="_csrf" value={p.csrfToken} />
        <div class="field">
          <label for="featured">{t.featuredChoice}</label>
          <select id="featured" name="featured" aria-invalid={p.error ? 'true' : undefined} aria-describedby={p.error ? 'featured-error' : undefined}>
            <option value="">{t.featuredNone}</option>
            {groups.map((g) => (
              <optgroup label={g.label}>
                {p.candidates
                  .filter((c) => c.kind === g.kind)
                  .map((c) => (
                    <option value={featuredValue(c)} selected={featuredValue(c) === p.selected}>
                      {titleOf(c)}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
          {p.error && (
            <p class="field-error" id="featured-error" role="alert">
              {p.error}
            </p>
          )}
        </div>
        <button type="submit">{t.save}</button>
      </form>
    </>
  );
}
