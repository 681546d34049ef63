import type { Locale } from '../../i18n/locales.js';
import { pickTranslation } from '../../i18n/translation.js';
import type { ImageView } from '../media/media.repository.js';
import type { PersonRow } from './people.repository.js';
import { PERSON_GROUPS, type PersonGroup } from './people.tables.js';

export interface PersonView {
  slug: string;
  name: string;
  role: string;
  bio: string | null;
  photo: ImageView | undefined;
  contentLocale: Locale;
  isFallback: boolean;
}

export interface PeopleGroupView {
  group: PersonGroup;
  people: PersonView[];
}

/** Staff, board and counselors in that order; a group with nobody in it is left out. */
export function presentPeopleGroups(
  rows: readonly PersonRow[],
  locale: Locale,
  order: readonly Locale[],
  photos: Map<number, ImageView>,
): PeopleGroupView[] {
  const people = rows.flatMap((row) => {
    const t = pickTranslation(row.translations, locale, order);
    if (!t) return [];
    const view: PersonView & { group: PersonGroup } = {
      group: row.group,
      slug: row.slug,
      name: t.value.name,
      role: t.value.role,
      bio: t.value.bio,
      photo: row.photoFileId === null ? undefined : photos.get(row.photoFileId),
      contentLocale: t.locale,
      isFallback: t.isFallback,
    };
    return [view];
  });
  return PERSON_GROUPS.map((group) => ({
    group,
    people: people.filter((p) => p.group === group).map(({ group: _group, ...person }) => person),
  })).filter((g) => g.people.length > 0);
}
