import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Locale } from '../../i18n/locales.js';
import { userActor } from '../audit/actors.js';
import { csrfTokenFor, sendAdminPage } from '../admin/admin-page.js';
import { writeAudit } from '../audit/audit.repository.js';
import { refuse } from '../audit/refusals.js';
import { attachment } from '../hrd-cases/case-files.routes.js';
import { findCaseHead } from '../hrd-cases/cases.repository.js';
import { findPlaces, findTerm, placeName, termLabel } from '../hrd-vocabularies/vocabularies.repository.js';
import { listUsers } from '../accounts/users.repository.js';
import { openReportFile } from './report-files.js';
import { reportAdminMessages } from './reports-admin.messages.js';
import { ReportDetailPage, ReportListPage, type ReportDetail, type TriageForm, type TriageState } from './reports-admin.views.js';
import { can, type ReportAction } from './reports.policy.js';
import { findCaseIdByReference, listReports, reportExists } from './reports.repository.js';
import { auditReportRead, markDuplicate, openReport, rejectReport, replyToReporter, turnIntoCase, type OpenedReport } from './reports.service.js';
import { REPORT_STATUSES } from './reports.tables.js';

const PAGE_SIZE = 50;
const MAX_REPLY = 20_000;
const MAX_REASON = 2_000;
const MAX_TITLE = 300;

const listQuery = z.object({
  status: z.enum(REPORT_STATUSES).nullable().catch(null),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
const idParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });
const fileParams = idParams.extend({ fileId: z.coerce.number().int().min(1).max(2_147_483_647) });
const DONE = ['reply', 'duplicate', 'reject'] as const;

const text = (body: unknown, name: string) => {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value.normalize('NFC').trim() : '';
};

/**
 * `/admin/reports`: triage of incident reports by monitors and admins. Every page and every
 * step is audited; everyone else gets 403 (and an audit row) on every path here.
 */
export async function reportsAdminRoutes(app: FastifyInstance): Promise<void> {
  /** The user when allowed, or null after the 403 page was sent. */
  async function allowed(request: FastifyRequest, reply: FastifyReply, action: ReportAction) {
    const user = request.user!;
    if (can(user, action)) return user;
    const params = idParams.safeParse(request.params);
    await refuse(app, request, reply, action, params.success ? params.data.id : undefined);
    return null;
  }

  async function detailOf(report: OpenedReport, locale: Locale): Promise<ReportDetail> {
    const placeIds = [report.where.provinceId, report.where.districtId, report.where.communeId].filter((id): id is number => id !== null);
    const [places, kind, caseHead, duplicateCase, users] = await Promise.all([
      findPlaces(app.db, placeIds),
      report.actTypeId ? findTerm(app.db, report.actTypeId) : undefined,
      report.caseId ? findCaseHead(app.db, report.caseId) : null,
      report.duplicateOfCaseId ? findCaseHead(app.db, report.duplicateOfCaseId) : null,
      listUsers(app.db),
    ]);
    const byId = new Map(places.map((p) => [p.id, p]));
    return {
      report,
      kindLabel: kind ? termLabel(kind, locale) : null,
      placeNames: placeIds.map((id) => byId.get(id)).filter((p) => p !== undefined).map((p) => placeName(p, locale)),
      caseReference: caseHead?.reference ?? null,
      duplicateOfCaseReference: duplicateCase?.reference ?? null,
      staffNames: new Map(users.map((u) => [u.id, u.name])),
    };
  }

  async function sendDetail(request: FastifyRequest, reply: FastifyReply, report: OpenedReport, state: TriageState, status = 200) {
    const user = request.user!;
    const detail = await detailOf(report, user.locale);
    return sendAdminPage(request, reply, {
      title: reportAdminMessages[user.locale].report(String(report.id)),
      path: '/admin/reports',
      status,
      children: <ReportDetailPage locale={user.locale} csrfToken={csrfTokenFor(reply)} detail={detail} state={state} />,
    });
  }

  app.get('/admin/reports', async (request, reply) => {
    const user = await allowed(request, reply, 'reports.list');
    if (!user) return reply;
    const q = listQuery.parse({ status: null, ...((request.query as object | undefined) ?? {}) });
    const { rows, total } = await listReports(app.db, q.status, q.page, PAGE_SIZE);
    return sendAdminPage(request, reply, {
      title: reportAdminMessages[user.locale].title,
      path: '/admin/reports',
      children: <ReportListPage locale={user.locale} status={q.status} rows={rows} page={q.page} totalPages={Math.max(1, Math.ceil(total / PAGE_SIZE))} />,
    });
  });

  app.get('/admin/reports/:id', async (request, reply) => {
    const user = await allowed(request, reply, 'reports.read');
    if (!user) return reply;
    const params = idParams.safeParse(request.params);
    if (!params.success) return reply.callNotFound();
    const report = await openReport(app.db, app.vault, params.data.id);
    if (!report) return reply.callNotFound();
    await auditReportRead(app.db, report, user.id);
    const done = (request.query as Record<string, unknown> | undefined)?.done;
    const notice = DONE.find((d) => d === done);
    return sendDetail(request, reply, report, { notice: notice ? reportAdminMessages[user.locale][`done_${notice}`] : undefined });
  });

  app.get('/admin/reports/:id/files/:fileId', async (request, reply) => {
    const user = await allowed(request, reply, 'reports.read');
    if (!user) return reply;
    const params = fileParams.safeParse(request.params);
    if (!params.success) return reply.callNotFound();
    const report = await openReport(app.db, app.vault, params.data.id);
    const file = report?.attachments.find((a) => a.id === params.data.fileId);
    if (!report || !file) return reply.callNotFound();
    const bytes = await openReportFile(app.vault, app.storage, file);
    await writeAudit(app.db, { actor: userActor(user.id), action: 'reports.file.download', subjectType: 'incident_report', subjectId: String(report.id), after: { file: file.id, sha256: file.sha256 } });
    return reply
      .header('cache-control', 'no-store')
      .header('content-type', file.mediaType)
      .header('content-disposition', attachment(file.name))
      .header('x-content-type-options', 'nosniff')
      .send(bytes);
  });

  /** A triage step: the report (opened), the form's problem if any, else the step and a redirect. */
  function step(path: string, action: ReportAction, form: TriageForm, run: (ctx: { request: FastifyRequest; report: OpenedReport; userId: number }) => Promise<string | { error: string; values: Record<string, string> }>) {
    app.post(`/admin/reports/:id/${path}`, async (request, reply) => {
      const user = await allowed(request, reply, action);
      if (!user) return reply;
      const params = idParams.safeParse(request.params);
      if (!params.success) return reply.callNotFound();
      const report = await openReport(app.db, app.vault, params.data.id);
      if (!report) return reply.callNotFound();
      const result = await run({ request, report, userId: user.id });
      if (typeof result === 'string') return reply.redirect(result, 303);
      return sendDetail(request, reply, report, { form, error: result.error, values: result.values }, 400);
    });
  }

  const problem = (request: FastifyRequest, key: 'required' | 'tooLong' | 'noSuchReport' | 'noSuchCase' | 'nameOne', values: Record<string, string>) => ({
    error: reportAdminMessages[request.user!.locale][key],
    values,
  });

  step('reply', 'reports.reply', 'reply', async ({ request, report, userId }) => {
    const body = text(request.body, 'text');
    if (!body) return problem(request, 'required', { text: body });
    if (body.length > MAX_REPLY) return problem(request, 'tooLong', { text: body });
    await app.db.transaction().execute((tx) => replyToReporter(tx, app.vault, report.id, body, userId, report.status));
    return `/admin/reports/${report.id}?done=reply`;
  });

  step('duplicate', 'reports.triage', 'duplicate', async ({ request, report, userId }) => {
    const values = { report: text(request.body, 'report'), case: text(request.body, 'case') };
    if (!values.report && !values.case) return problem(request, 'nameOne', values);
    const reportId = values.report ? Number(values.report) : null;
    if (reportId !== null && (!Number.isInteger(reportId) || reportId === report.id || !(await reportExists(app.db, reportId)))) return problem(request, 'noSuchReport', values);
    const caseId = values.case ? ((await findCaseIdByReference(app.db, values.case.toUpperCase())) ?? null) : null;
    if (values.case && caseId === null) return problem(request, 'noSuchCase', values);
    await app.db.transaction().execute((tx) => markDuplicate(tx, report.id, { reportId, caseId }, userId));
    return `/admin/reports/${report.id}?done=duplicate`;
  });

  step('reject', 'reports.triage', 'reject', async ({ request, report, userId }) => {
    const reason = text(request.body, 'reason');
    if (!reason) return problem(request, 'required', { reason });
    if (reason.length > MAX_REASON) return problem(request, 'tooLong', { reason });
    await app.db.transaction().execute((tx) => rejectReport(tx, app.vault, report.id, reason, userId));
    return `/admin/reports/${report.id}?done=reject`;
  });

  step('case', 'reports.toCase', 'case', async ({ request, report, userId }) => {
    const title = text(request.body, 'title');
    if (!title) return problem(request, 'required', { title });
    if (title.length > MAX_TITLE) return problem(request, 'tooLong', { title });
    // A report becomes one case: a second request finds it done and goes to that case.
    if (report.caseId) return `/admin/cases/${report.caseId}`;
    const created = await app.db.transaction().execute((tx) => turnIntoCase(tx, app.vault, report, title, userId));
    return `/admin/cases/${created.id}`;
  });
}
