import type { Locale } from '../../i18n/locales.js';
import { Picture } from '../media/picture.js';
import type { PageView } from '../pages/pages.presenter.js';
import { PageIntro } from '../pages/page-intro.views.js';
import { peopleMessages } from './people.messages.js';
import type { PeopleGroupView, PersonView } from './people.presenter.js';

/** Portraits are drawn small beside the name. */
const PORTRAIT_SIZES = '8rem';

function Person({ person }: { person: PersonView }) {
  return (
    <li class="person" lang={person.isFallback ? person.contentLocale : undefined}>
      {person.photo && <Picture image={person.photo} sizes={PORTRAIT_SIZES} class="person__photo" />}
      <h3 class="person__name">{person.name}</h3>
      <p class="person__role">{person.role}</p>
      {person.bio && (
        <div class="person__bio">
          {person.bio.split(/\n\s*\n/).map((paragraph) => (
            <p>{paragraph.trim()}</p>
          ))}
        </div>
      )}
    </li>
  );
}

interface PeoplePageProps {
  locale: Locale;
  intro: PageView | undefined;
  groups: PeopleGroupView[];
}

export function PeoplePage({ locale, intro, groups }: PeoplePageProps) {
  const t = peopleMessages[locale];
  return (
    <div class="people-page">
      <PageIntro locale={locale} intro={intro} fallbackTitle={t.title} />
      {groups.length === 0 && <p class="notice">{t.noPeople}</p>}
      {groups.map((g) => (
        <section class={`people-group people-group--${g.group}`} aria-labelledby={`people-${g.group}`}>
          <h2 id={`people-${g.group}`}>{t[g.group]}</h2>
          <ul class="people-list">
            {g.people.map((p) => (
              <Person person={p} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
