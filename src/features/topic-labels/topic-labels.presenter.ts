import type { Locale } from '../../i18n/locales.js';
import { pickTranslation } from '../../i18n/translation.js';
import type { TopicRow } from './topic-labels.repository.js';

export interface TopicView {
  id: number;
  slug: string;
  name: string;
  /** Set when the name is shown in another language than the visitor's. */
  nameLocale: Locale | undefined;
}

/** Topics with a name in some configured language; a topic with none is left out. */
export function presentTopics(rows: readonly TopicRow[], locale: Locale, order: readonly Locale[]): TopicView[] {
  return rows.flatMap((row) => {
    const t = pickTranslation(row.translations, locale, order);
    if (!t) return [];
    return [{ id: row.id, slug: row.slug, name: t.value.name, nameLocale: t.isFallback ? t.locale : undefined }];
  });
}
