import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formatDate, formatNumber } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { sendAdminPage } from '../admin/admin-page.js';
import { can as canComments } from '../comments/comments.policy.js';
import { listCommentsForModeration } from '../comments/comments.repository.js';
import { can as canContact } from '../contact/contact.policy.js';
import { listContactMessages } from '../contact/contact.repository.js';
import { listRecentAlertHeadlines } from '../hrd-alerts/alerts.repository.js';
import { can as canCases } from '../hrd-cases/cases.policy.js';
import { can as canMail } from '../mail/mail.policy.js';
import { listOutbox } from '../mail/outbox.repository.js';
import { pausedBannerFor } from '../operations/operations.routes.js';
import { ResumedNotice } from '../operations/operations.views.js';
import { dashboardMessages } from './dashboard.messages.js';
import { DASHBOARD_LIST_LENGTH, findWorkInProgress } from './dashboard.repository.js';
import { Dashboard, titleOf, workPanels, type PanelProps } from './dashboard.views.js';

type User = NonNullable<FastifyRequest['user']>;
interface PanelContext {
  app: FastifyInstance;
  user: User;
  locale: Locale;
}

/**
 * The panels beyond editorial work, each shown only to the roles whose policy opens its
 * section (the same check as the admin menu's): a panel is a preview of that section.
 */
const SECTION_PANELS: Array<(c: PanelContext) => Promise<PanelProps | undefined>> = [
  async ({ app, user, locale }) => {
    if (!canComments(user, 'comments.moderate')) return undefined;
    const { rows, total } = await listCommentsForModeration(app.db, 'pending', 1, DASHBOARD_LIST_LENGTH);
    const t = dashboardMessages[locale];
    return {
      id: 'comments', heading: t.comments, count: total, allHref: '/admin/comments',
      entries: rows.map((c) => ({ href: '/admin/comments', text: t.commentBy(c.authorName), meta: formatDate(c.createdAt, locale, app.config.timeZone) })),
    };
  },
  async ({ app, user, locale }) => {
    if (!canContact(user, 'contact.read')) return undefined;
    const { rows, total } = await listContactMessages(app.db, 'new', 1, DASHBOARD_LIST_LENGTH);
    const t = dashboardMessages[locale];
    return {
      id: 'contact', heading: t.contact, count: total, allHref: '/admin/contact',
      entries: rows.map((m) => ({ href: `/admin/contact/${m.id}`, text: m.subject, meta: `${t.from(m.name)} · ${formatDate(m.createdAt, locale, app.config.timeZone)}` })),
    };
  },
  async ({ app, user, locale }) => {
    if (!canCases(user, 'alerts.publish')) return undefined;
    const rows = await listRecentAlertHeadlines(app.db, DASHBOARD_LIST_LENGTH);
    const t = dashboardMessages[locale];
    return {
      id: 'alerts', heading: t.alerts, count: rows.length,
      entries: rows.map((a) => {
        const { text, lang } = titleOf(a.titles, locale);
        const date = a.publishedAt ? formatDate(a.publishedAt, locale, app.config.timeZone) : '';
        return { href: `/admin/hrd-alerts/${a.id}`, text: text ?? t.untitled, lang, meta: a.status === 'withdrawn' ? `${t.withdrawn} · ${date}` : date };
      }),
    };
  },
  async ({ app, user, locale }) => {
    if (!canMail(user, 'outbox.view')) return undefined;
    const { rows, total } = await listOutbox(app.db, { state: 'failed' }, 1, DASHBOARD_LIST_LENGTH);
    const t = dashboardMessages[locale];
    return {
      id: 'outbox', heading: t.outbox, count: total, allHref: '/admin/outbox?state=failed',
      entries: rows.map((m) => ({ href: `/admin/outbox/${m.id}`, text: m.subject, meta: t.failedMail(formatNumber(m.attempts, locale)) })),
    };
  },
];

/** Where staff land after signing in: their drafts, the work waiting, and what their sections need. */
export async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { resumed?: string } }>('/admin', async (request, reply) => {
    const user = request.user!;
    const locale = user.locale;
    const banner = await pausedBannerFor(app, request, reply);
    const resumed = !banner && request.query.resumed === '1';
    const work = await findWorkInProgress(app.db, user.id);
    const context = { app, user, locale };
    const sections = (await Promise.all(SECTION_PANELS.map((panel) => panel(context)))).filter((p) => p !== undefined);
    return sendAdminPage(request, reply, {
      title: dashboardMessages[locale].title,
      path: '/admin',
      children: (
        <>
          {banner}
          {resumed ? <ResumedNotice locale={locale} /> : null}
          <Dashboard locale={locale} name={user.name} panels={[...workPanels(work, locale, app.config.timeZone), ...sections]} />
        </>
      ),
    });
  });
}
