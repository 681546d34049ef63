import type { Locale } from '../../i18n/locales.js';
import { localePath } from '../../web/paths.js';
import type { TopicView } from './topic-labels.presenter.js';

interface TopicTagsProps {
  locale: Locale;
  topics: readonly TopicView[];
  /** Where a topic leads, locale-less: a filtered list or the topic's page. */
  hrefFor: (topic: TopicView) => string;
  label: string;
}

/** An item's topics as a list of links; nothing when it has none. */
export function TopicTags({ locale, topics, hrefFor, label }: TopicTagsProps) {
  if (topics.length === 0) return null;
  return (
    <ul class="tag-list" aria-label={label}>
      {topics.map((topic) => (
        <li>
          <a href={localePath(locale, hrefFor(topic))} lang={topic.nameLocale}>
            {topic.name}
          </a>
        </li>
      ))}
    </ul>
  );
}
