import { webMessages } from '../../web/web.messages.js';
import { DateText } from '../../web/components/dates.js';
import { localePath } from '../../web/paths.js';
import type { Locale } from '../../i18n/locales.js';
import type { ImageView } from '../media/media.repository.js';
import { Picture } from '../media/picture.js';
import { publicationsMessages } from './publications.messages.js';
import type { PublicationCardView } from './publications.presenter.js';

export interface PublicationCardProps {
  card: PublicationCardView;
  /** The visitor's language: labels and dates are in it, the title may be a fallback. */
  locale: Locale;
  timeZone: string;
  image?: ImageView | undefined;
  /** 3 where the cards sit under a section heading, as on the home page. */
  headingLevel?: 2 | 3;
}

/** One publication as an `li.card`, for a `ul.card-list`. */
export function PublicationCard({ card, locale, timeZone, image, headingLevel = 2 }: PublicationCardProps) {
  const t = publicationsMessages[locale];
  const languageName = webMessages[locale].languageName;
  const Heading = headingLevel === 3 ? 'h3' : 'h2';
  const textLang = card.isFallback ? card.contentLocale : undefined;
  return (
    <li class="card card--publication">
      {image && (
        <div class="card__media">
          <Picture image={image} sizes="(min-width: 60em) 20em, 100vw" decorative />
        </div>
      )}
      <Heading class="card__title" lang={textLang}>
        <a href={localePath(locale, card.href)}>{card.title}</a>
      </Heading>
      <p class="card__meta">
        <span class="badge">{card.typeLabel}</span>{' '}
        {card.publishedAt && <DateText value={card.publishedAt} locale={locale} timeZone={timeZone} />}{' '}
        <span class="card__languages">
          {t.availableIn}: {card.availableIn.map(languageName).join(', ')}
        </span>
      </p>
      {card.summary && (
        <p class="card__summary" lang={textLang}>
          {card.summary}
        </p>
      )}
    </li>
  );
}
