import type { Locale } from '../../i18n/locales.js';
import { DateText } from '../../web/components/dates.js';
import { localePath } from '../../web/paths.js';
import type { ImageView } from '../media/media.repository.js';
import { Picture } from '../media/picture.js';
import { newsMessages } from './news.messages.js';
import type { NewsCardView } from './news.presenter.js';

export interface NewsCardProps {
  card: NewsCardView;
  /** The visitor's language: labels and dates are in it, the title may be a fallback. */
  locale: Locale;
  timeZone: string;
  image?: ImageView | undefined;
  /** 3 where the cards sit under a section heading, as on the home page. */
  headingLevel?: 2 | 3;
}

/** One news post as an `li.card`, for a `ul.card-list`; coverage elsewhere also links out. */
export function NewsCard({ card, locale, timeZone, image, headingLevel = 2 }: NewsCardProps) {
  const t = newsMessages[locale];
  const Heading = headingLevel === 3 ? 'h3' : 'h2';
  const textLang = card.isFallback ? card.contentLocale : undefined;
  return (
    <li class={`card card--news card--${card.kind.replace(/_/g, '-')}`}>
      {image && (
        <div class="card__media">
          <Picture image={image} sizes="(min-width: 60em) 20em, 100vw" decorative />
        </div>
      )}
      <Heading class="card__title" lang={textLang}>
        <a href={localePath(locale, card.href)}>{card.title}</a>
      </Heading>
      <p class="card__meta">
        <span class="badge">{card.kindLabel}</span>{' '}
        {card.outlet && <span class="card__outlet">{card.outlet}</span>}{' '}
        {card.publishedAt && <DateText value={card.publishedAt} locale={locale} timeZone={timeZone} />}
      </p>
      {card.summary && (
        <p class="card__summary" lang={textLang}>
          {card.summary}
        </p>
      )}
      {card.externalUrl && (
        <p class="card__external">
          <a href={card.externalUrl} rel="noopener">
            {t.readAt(card.outlet ?? t.originalArticle)}
          </a>
        </p>
      )}
    </li>
  );
}
