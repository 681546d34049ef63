import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { readForm } from '../../web/form-schema.js';
import { csrfTokenFor, sendAdminPage } from '../admin/admin-page.js';
import { refuse } from '../audit/refusals.js';
import type { SessionUser } from '../accounts/session-user.js';
import { userActor } from '../audit/actors.js';
import { writeAudit } from '../audit/audit.repository.js';
import { can } from '../hrd-cases/cases.policy.js';
import { readCaseForAlert, type CaseForAlert } from '../hrd-cases/cases.repository.js';
import { contentFiles, type FileStorage } from '../media/storage.js';
import type { DbOrTx } from '../../db/database.js';
import { alertsAdminMessages, type AlertDone, type AlertFormErrorKey } from './alerts.admin.messages.js';
import { AlertsAdminList, ManageAlert, PublishForm } from './alerts.admin.views.js';
import {
  caseProvinceIds,
  caseTermIds,
  defaultPublishValues,
  editValuesFrom,
  isSubmissionKey,
  newSubmissionKey,
  parsePublishForm,
  parseStatus,
  parseTexts,
  parseUpdateForm,
  publishValuesFrom,
  updateValuesFrom,
  type FormErrors,
  type FormValues,
} from './alerts.form.js';
import { findAlertById, findAlertBySubmissionKey, findCaseIdByReference, labelsOf, listAlertsForAdmin, type AlertRecord } from './alerts.repository.js';
import { addAlertUpdate, editAlert, publishAlert, withdrawAlert, type AlertContext } from './alerts.service.js';

const ID_MAX = 2_147_483_647;
const idParams = z.object({ id: z.coerce.number().int().min(1).max(ID_MAX) });
/** Withdrawing a published alert: the confirmation box must be ticked; the reason is optional. */
const withdrawShape = {
  confirm: z.unknown().refine((value) => typeof value === 'string' && value.slice(0, 5) === '1', { message: 'confirmRequired' }),
  reason: z.unknown().transform((value) => (typeof value === 'string' ? value.slice(0, 500).trim() : '')),
};
const listQuery = z.object({
  done: z.enum(['withdrawn']).optional(),
  missing: z.literal('1').optional(),
});
const newQuery = z.object({
  case: z.coerce.number().int().min(1).max(ID_MAX).optional(),
  reference: z.string().max(40).optional(),
});
const manageQuery = z.object({
  done: z.enum(['published', 'duplicate', 'edited', 'updated']).optional(),
  queued: z.coerce.number().int().min(0).max(10_000_000).optional(),
});

/** What the alert pages are handed where features are assembled. */
export interface AlertsAdminOptions {
  /** Indexes one alert for search, with the site's file store (search's `reindexItem`). */
  indexAlert: (tx: DbOrTx, alertId: number, storage: FileStorage) => Promise<void>;
}

/** Monitors and admins publish, update and withdraw alerts at /admin/hrd-alerts. */
export function alertsAdminRoutes(options: AlertsAdminOptions): FastifyPluginAsync {
  return (app) => alertsAdminPages(app, options);
}

async function alertsAdminPages(app: FastifyInstance, { indexAlert }: AlertsAdminOptions): Promise<void> {
  const locales = app.config.locales;
  const storage = contentFiles(app.storage);
  const ctxFor = (user: SessionUser): AlertContext => ({
    db: app.db,
    reindex: (tx, alertId) => indexAlert(tx, alertId, storage),
    publicUrl: app.config.publicUrl,
    locales,
    userId: user.id,
  });

  app.get('/admin/hrd-alerts', { schema: { querystring: listQuery } }, async (request, reply) => {
    const user = request.user!;
    if (!can(user, 'alerts.publish')) return refuse(app, request, reply, 'alerts.publish');
    const { done, missing } = request.query as z.infer<typeof listQuery>;
    return sendAdminPage(request, reply, {
      title: alertsAdminMessages[user.locale].title,
      path: '/admin/hrd-alerts',
      status: missing ? 404 : 200,
      children: <AlertsAdminList locale={user.locale} alerts={await listAlertsForAdmin(app.db)} notFound={missing === '1'} done={done} />,
    });
  });

  /** The case, opened for the monitor; the read is audited like any other read of a case. */
  async function openCase(request: FastifyRequest, caseId: number): Promise<CaseForAlert | null> {
    const record = await readCaseForAlert(app.db, app.vault, caseId);
    if (record) await writeAudit(app.db, { actor: userActor(request.user!.id), action: 'case.read', subjectType: 'hrd_case', subjectId: String(caseId), after: { purpose: 'alert' } });
    return record;
  }

  async function sendPublishForm(request: FastifyRequest, reply: FastifyReply, record: CaseForAlert, values: FormValues, errors: FormErrors, status?: number) {
    const user = request.user!;
    const terms = caseTermIds(record);
    const districtIds = record.events.flatMap((e) => (e.place?.districtId ? [e.place.districtId] : []));
    const labels = await labelsOf(app.db, [...caseProvinceIds(record), ...districtIds], [...terms.actTypeIds, ...terms.perpetratorTypeIds]);
    return sendAdminPage(request, reply, {
      title: alertsAdminMessages[user.locale].publishTitle(record.reference),
      path: '/admin/hrd-alerts',
      status: status ?? (Object.keys(errors).length ? 400 : 200),
      children: <PublishForm locale={user.locale} locales={locales} csrfToken={csrfTokenFor(reply)} record={record} labels={labels} values={values} errors={errors} />,
    });
  }

  app.get('/admin/hrd-alerts/new', { schema: { querystring: newQuery } }, async (request, reply) => {
    const user = request.user!;
    if (!can(user, 'alerts.publish')) return refuse(app, request, reply, 'alerts.publish');
    const query = request.query as z.infer<typeof newQuery>;
    const caseId = query.case ?? (query.reference ? await findCaseIdByReference(app.db, query.reference.trim()) : undefined);
    if (caseId === undefined) return reply.redirect('/admin/hrd-alerts?missing=1', 303);
    const record = await openCase(request, caseId);
    if (!record) return reply.callNotFound();
    return sendPublishForm(request, reply, record, defaultPublishValues(record), {});
  });

  app.post('/admin/hrd-alerts/new', { schema: { querystring: newQuery } }, async (request, reply) => {
    const user = request.user!;
    if (!can(user, 'alerts.publish')) return refuse(app, request, reply, 'alerts.publish');
    const caseId = (request.query as z.infer<typeof newQuery>).case;
    if (caseId === undefined) return reply.callNotFound();
    const record = await openCase(request, caseId);
    if (!record) return reply.callNotFound();
    const values = publishValuesFrom(request.body, record, locales);
    // The same form sent again (a double click, a reload) shows the alert it already published.
    const shown = (id: number) => reply.redirect(`/admin/hrd-alerts/${id}?done=duplicate`, 303);
    if (!isSubmissionKey(values.submission)) {
      return sendPublishForm(request, reply, record, { ...values, submission: newSubmissionKey() }, { form: 'formIncomplete' });
    }
    const earlier = await findAlertBySubmissionKey(app.db, values.submission);
    if (earlier) return shown(earlier.id);
    const parsed = parsePublishForm(values, record, locales);
    if (parsed.conflict) {
      // Re-rendered for the case as it is now: the choices are kept for the people and events still in it.
      return sendPublishForm(request, reply, record, values, parsed.errors, 409);
    }
    if (Object.keys(parsed.errors).length) return sendPublishForm(request, reply, record, values, parsed.errors);
    const result = await publishAlert(ctxFor(user), { caseId: record.id, facts: parsed.facts, texts: parsed.texts, notify: parsed.notify, submissionKey: values.submission });
    if (result.existing) return shown(result.id);
    app.contentChanged();
    return reply.redirect(`/admin/hrd-alerts/${result.id}?done=published&queued=${result.queued}`, 303);
  });

  function editDefaults(alert: AlertRecord): FormValues {
    const values: FormValues = { status: alert.caseStatus };
    for (const t of alert.translations) {
      values[`title_${t.locale}`] = t.title;
      values[`summary_${t.locale}`] = t.summary;
    }
    return values;
  }

  function sendManage(
    request: FastifyRequest,
    reply: FastifyReply,
    alert: AlertRecord,
    state: { done?: AlertDone; queued?: number; editValues?: FormValues; editErrors?: FormErrors; updateValues?: FormValues; updateErrors?: FormErrors; withdrawErrors?: FormErrors },
  ) {
    const user = request.user!;
    const failed = [state.editErrors, state.updateErrors, state.withdrawErrors].some((e) => e && Object.keys(e).length);
    return sendAdminPage(request, reply, {
      title: alertsAdminMessages[user.locale].title,
      path: '/admin/hrd-alerts',
      status: failed ? 400 : 200,
      children: (
        <ManageAlert
          locale={user.locale}
          locales={locales}
          csrfToken={csrfTokenFor(reply)}
          alert={alert}
          done={state.done}
          queued={state.queued}
          editValues={state.editValues ?? editDefaults(alert)}
          editErrors={state.editErrors ?? {}}
          updateValues={state.updateValues ?? {}}
          updateErrors={state.updateErrors ?? {}}
          withdrawErrors={state.withdrawErrors ?? {}}
        />
      ),
    });
  }

  /** The alert of a manage route, after the policy check; undefined when the reply is sent. */
  async function loadAlert(request: FastifyRequest, reply: FastifyReply): Promise<AlertRecord | undefined> {
    const user = request.user!;
    const { id } = request.params as z.infer<typeof idParams>;
    if (!can(user, 'alerts.publish')) {
      await refuse(app, request, reply, 'alerts.publish', id);
      return undefined;
    }
    const alert = await findAlertById(app.db, id);
    if (!alert) await reply.callNotFound();
    return alert;
  }

  app.get('/admin/hrd-alerts/:id', { schema: { params: idParams, querystring: manageQuery } }, async (request, reply) => {
    const alert = await loadAlert(request, reply);
    if (!alert) return reply;
    const { done, queued } = request.query as z.infer<typeof manageQuery>;
    return sendManage(request, reply, alert, { done, queued });
  });

  app.post('/admin/hrd-alerts/:id/edit', { schema: { params: idParams } }, async (request, reply) => {
    const alert = await loadAlert(request, reply);
    if (!alert) return reply;
    if (alert.status !== 'published') return reply.redirect(`/admin/hrd-alerts/${alert.id}`, 303);
    const values = editValuesFrom(request.body, locales);
    const errors: FormErrors = {};
    const texts = parseTexts(values, locales, errors);
    const caseStatus = parseStatus(values, errors);
    if (Object.keys(errors).length) return sendManage(request, reply, alert, { editValues: values, editErrors: errors });
    await editAlert(ctxFor(request.user!), alert.id, { caseStatus, texts });
    app.contentChanged();
    return reply.redirect(`/admin/hrd-alerts/${alert.id}?done=edited`, 303);
  });

  app.post('/admin/hrd-alerts/:id/updates', { schema: { params: idParams } }, async (request, reply) => {
    const alert = await loadAlert(request, reply);
    if (!alert) return reply;
    if (alert.status !== 'published') return reply.redirect(`/admin/hrd-alerts/${alert.id}`, 303);
    const values = updateValuesFrom(request.body, locales);
    const parsed = parseUpdateForm(values, locales);
    if (Object.keys(parsed.errors).length) return sendManage(request, reply, alert, { updateValues: values, updateErrors: parsed.errors });
    const result = await addAlertUpdate(ctxFor(request.user!), alert.id, { occurredOn: parsed.occurredOn, texts: parsed.texts, notify: parsed.notify });
    app.contentChanged();
    return reply.redirect(`/admin/hrd-alerts/${alert.id}?done=updated&queued=${result.queued}`, 303);
  });

  app.post('/admin/hrd-alerts/:id/withdraw', { schema: { params: idParams } }, async (request, reply) => {
    const alert = await loadAlert(request, reply);
    if (!alert) return reply;
    if (alert.status !== 'published') return reply.redirect(`/admin/hrd-alerts/${alert.id}`, 303);
    const read = readForm<typeof withdrawShape, AlertFormErrorKey>(withdrawShape, request.body);
    if (!read.ok) {
      const withdrawErrors = Object.fromEntries(Object.entries(read.issues).flatMap(([name, issue]) => (issue ? [[name, issue.code]] : [])));
      return sendManage(request, reply, alert, { withdrawErrors });
    }
    await withdrawAlert(ctxFor(request.user!), alert.id, read.value.reason);
    app.contentChanged();
    return reply.redirect('/admin/hrd-alerts?done=withdrawn', 303);
  });
}
