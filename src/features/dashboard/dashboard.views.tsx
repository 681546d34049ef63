import { formatDate, formatDateTime, formatNumber } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { contentTypes } from '../content-types/content-types.js';
import { typeLabel } from '../content-types/content-types.messages.js';
import { dashboardMessages } from './dashboard.messages.js';
import { WORK_PANELS, type DashboardItem, type WorkInProgress } from './dashboard.repository.js';

/** One line of a panel: a link, the language of its text, and a short fact under it. */
export interface PanelEntry {
  href: string;
  text: string;
  lang?: string | undefined;
  meta: string;
}

/** A panel of the dashboard; absent (undefined) for a user whose role may not open its section. */
export interface PanelProps {
  id: string;
  heading: string;
  count: number;
  entries: PanelEntry[];
  /** The section listing all of them. */
  allHref?: string;
}

/** A title in the reader's language, else in the language the item is written in. */
export function titleOf(titles: Record<string, string>, locale: Locale): { text: string | undefined; lang: string | undefined } {
  if (titles[locale]) return { text: titles[locale], lang: locale };
  const [lang, text] = Object.entries(titles).find(([, t]) => t) ?? [];
  return { text, lang };
}

function Panel({ panel, locale }: { panel: PanelProps; locale: Locale }) {
  const t = dashboardMessages[locale];
  return (
    <section class="dashboard-panel" id={`dashboard-${panel.id}`} aria-labelledby={`dashboard-${panel.id}-title`}>
      <h2 id={`dashboard-${panel.id}-title`}>
        {panel.heading} <span class="badge">{formatNumber(panel.count, locale)}</span>
      </h2>
      {panel.entries.length === 0 ? (
        <p>{t.nothing}</p>
      ) : (
        <ul>
          {panel.entries.map((e) => (
            <li>
              <a href={e.href} lang={e.lang}>
                {e.text}
              </a>
              <span class="card__meta">{e.meta}</span>
            </li>
          ))}
        </ul>
      )}
      {panel.allHref && panel.count > panel.entries.length && (
        <p class="dashboard-panel__more">
          <a href={panel.allHref}>{t.seeAll}</a>
        </p>
      )}
    </section>
  );
}

/** The panels of editorial work: my drafts, waiting for review, scheduled. */
export function workPanels(work: WorkInProgress, locale: Locale, timeZone: string): PanelProps[] {
  const t = dashboardMessages[locale];
  const entry = (item: DashboardItem, scheduled: boolean): PanelEntry => {
    const { text, lang } = titleOf(item.titles, locale);
    const when = scheduled && item.publishedAt ? `${t.goesPublic} ${formatDateTime(item.publishedAt, locale, timeZone)}` : `${t.updated} ${formatDate(item.updatedAt, locale, timeZone)}`;
    return { href: `${contentTypes[item.type].adminPath}/${item.id}`, text: text ?? t.untitled, lang, meta: `${typeLabel(item.type, locale)} · ${when}` };
  };
  return WORK_PANELS.map((panel) => ({
    id: panel,
    heading: t[panel],
    count: work.counts[panel],
    entries: work.recent[panel].map((item) => entry(item, panel === 'scheduled')),
  }));
}

interface DashboardProps {
  locale: Locale;
  name: string;
  panels: PanelProps[];
}

/** Staff's landing page: the work waiting for them, in panels, most personal first. */
export function Dashboard({ locale, name, panels }: DashboardProps) {
  const t = dashboardMessages[locale];
  return (
    <>
      <h1>{t.title}</h1>
      <p class="lead">{t.welcome(name)}</p>
      <div class="dashboard-grid">
        {panels.map((panel) => (
          <Panel panel={panel} locale={locale} />
        ))}
      </div>
    </>
  );
}
