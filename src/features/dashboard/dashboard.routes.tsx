import type { FastifyInstance } from 'fastify';
import { formatDate, formatNumber } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { can as canAudit } from '../audit/audit.policy.js';
import { auditMessages } from '../audit/audit.messages.js';
import { listActorNames, listRecentAudit, type AuditRow } from '../audit/audit.repository.js';
import { AuditTable } from '../audit/audit.views.js';
import { pausedBannerFor } from '../operations/operations.routes.js';
import { ResumedNotice } from '../operations/operations.views.js';
import { sendAdminPage } from '../admin/admin-page.js';
import { dashboardMessages } from './dashboard.messages.js';
import { contentTypes } from '../content-types/content-types.js';
import { typeLabel } from '../content-types/content-types.messages.js';
import { DASHBOARD_STATUSES, findWorkInProgress, type WorkInProgress } from './dashboard.repository.js';

const RECENT_AUDIT_ROWS = 10;

interface DashboardProps {
  locale: Locale;
  timeZone: string;
  name: string;
  work: WorkInProgress;
  audit?: { rows: AuditRow[]; actorNames: Map<string, string> };
}

function Dashboard({ locale, timeZone, name, work, audit }: DashboardProps) {
  const t = dashboardMessages[locale];
  const a = auditMessages[locale];
  return (
    <>
      <h1>{t.title}</h1>
      <p class="lead">{t.welcome(name)}</p>
      <div class="dashboard-grid">
        {DASHBOARD_STATUSES.map((status) => (
          <section class="dashboard-panel">
            <h2>
              {t[status]} <span class="badge">{formatNumber(work.counts[status], locale)}</span>
            </h2>
            {work.recent[status].length === 0 ? (
              <p>{t.nothing}</p>
            ) : (
              <ul>
                {work.recent[status].map((item) => (
                  <li>
                    <a href={`${contentTypes[item.type].adminPath}/${item.id}`}>
                      {typeLabel(item.type, locale)}: <span lang="en">{item.slug}</span>
                    </a>{' '}
                    <span class="card__meta">
                      {t.updated} {formatDate(item.updatedAt, locale, timeZone)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
      </div>
      {audit && (
        <section>
          <h2>{a.recent}</h2>
          <AuditTable locale={locale} timeZone={timeZone} rows={audit.rows} actorNames={audit.actorNames} />
          <p>
            <a href="/admin/audit">{a.allEntries}</a>
          </p>
        </section>
      )}
    </>
  );
}

/** Where staff land after signing in: work waiting in every content type, and recent activity for admins. */
export async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { resumed?: string } }>('/admin', async (request, reply) => {
    const user = request.user!;
    const banner = await pausedBannerFor(app, request, reply);
    const resumed = !banner && request.query.resumed === '1';
    const work = await findWorkInProgress(app.db);
    const audit = canAudit(user, 'audit.view')
      ? { rows: await listRecentAudit(app.db, RECENT_AUDIT_ROWS), actorNames: await listActorNames(app.db) }
      : undefined;
    return sendAdminPage(request, reply, {
      title: dashboardMessages[user.locale].title,
      path: '/admin',
      children: (
        <>
          {banner}
          {resumed ? <ResumedNotice locale={user.locale} /> : null}
          <Dashboard locale={user.locale} timeZone={app.config.timeZone} name={user.name} work={work} audit={audit} />
        </>
      ),
    });
  });
}
