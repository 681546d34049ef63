import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csrfTokenFor, sendAdminPage } from '../admin/admin-page.js';
import { refuse } from '../audit/refusals.js';
import type { FormState } from '../hrd-cases/case-form-controls.js';
import { MAX_AMOUNT, MAX_LONG_TEXT } from '../hrd-cases/case-input.js';
import { queryValue } from '../hrd-cases/query-value.js';
import { assessShape, decideShape, disburseShape, isWholeAmount, readFundForm } from './fund-forms.js';
import { parseCaseDate } from '../hrd-cases/case-dates.js';
import { loadLookups } from '../hrd-cases/case-lookups.js';
import { auditRead, caseIdOf, today } from '../hrd-cases/case-page.render.js';
import { can } from '../hrd-cases/cases.policy.js';
import { FUND_REQUEST_STATUSES, type FundRequestStatus } from '../hrd-cases/cases.tables.js';
import { fundMessages } from '../hrd-cases/fund-requests.messages.js';
import { assessFundRequest, decideFundRequest, disburseFundRequest, findFundRequestState, listFundRequests, openBeneficiaryName, readFundRequest, type FundStep } from '../hrd-cases/fund-requests.repository.js';
import { FundList, FundRequestPage, OwnRequestStatus, type FundFormName } from './fund.views.js';

interface PageOptions {
  status?: number;
  forms?: Partial<Record<FundFormName, FormState>>;
  notice?: string;
  problem?: string;
}

/**
 * The support fund: the list of requests and each request's page, where fund managers assess,
 * decide and record payments. Monitors see their own requests and where they stand; the
 * amounts, the assessments and who decided are for the fund managers and admins.
 */
export async function fundRoutes(app: FastifyInstance): Promise<void> {
  app.get('/admin/fund', async (request, reply) => {
    const user = request.user!;
    const full = can(user, 'fund.view');
    if (!full && !can(user, 'fund.request')) return refuse(app, request, reply, 'fund.view');
    const statusRaw = queryValue(request.query, 'status');
    const status = (FUND_REQUEST_STATUSES as readonly string[]).includes(statusRaw) ? (statusRaw as FundRequestStatus) : undefined;
    const [rows, lookups] = await Promise.all([listFundRequests(app.db, full ? { status } : { requestedBy: user.id }), loadLookups(app.db, user.locale)]);
    return sendAdminPage(request, reply, {
      title: fundMessages[user.locale].fundTitle,
      path: '/admin/fund',
      children: <FundList locale={user.locale} rows={rows} lookups={lookups} full={full} status={status} />,
    });
  });

  async function renderRequest(request: FastifyRequest, reply: FastifyReply, id: number, options: PageOptions = {}) {
    const user = request.user!;
    const opened = await readFundRequest(app.db, app.vault, id);
    if (!opened) return reply.callNotFound();
    // The justification and the beneficiary's name are case data: the read is audited.
    await auditRead(app.db, request, 'case.read', 'hrd_fund_request', id, { caseId: opened.caseId, reference: opened.caseReference });
    const lookups = await loadLookups(app.db, user.locale);
    const beneficiary = opened.victimId ? await openBeneficiaryName(app.db, app.vault, opened.victimId) : null;
    return sendAdminPage(request, reply, {
      title: `${fundMessages[user.locale].request} ${opened.caseReference}`,
      path: '/admin/fund',
      status: options.status,
      children: (
        <FundRequestPage
          locale={user.locale}
          csrfToken={csrfTokenFor(reply)}
          request={opened}
          lookups={lookups}
          beneficiary={beneficiary}
          canAssess={can(user, 'fund.assess')}
          canDecide={can(user, 'fund.decide', { requestedBy: opened.requestedBy })}
          ownRequest={opened.requestedBy === user.id && can(user, 'fund.view')}
          canDisburse={can(user, 'fund.disburse')}
          canOpenCase={can(user, 'cases.read', { hasFundRequest: true })}
          forms={options.forms ?? {}}
          notice={options.notice}
          problem={options.problem}
        />
      ),
    });
  }

  app.get('/admin/fund/:id', async (request, reply) => {
    const user = request.user!;
    const id = caseIdOf(request.params);
    if (can(user, 'fund.view')) {
      if (!id) return reply.callNotFound();
      const done = queryValue(request.query, 'done') === '1';
      return renderRequest(request, reply, id, { notice: done ? fundMessages[user.locale].stepDone : undefined });
    }
    if (!can(user, 'fund.request')) return refuse(app, request, reply, 'fund.view', id ?? undefined);
    const own = id ? (await listFundRequests(app.db, { requestedBy: user.id })).find((r) => r.id === id) : undefined;
    // Someone else's request is refused exactly like a missing one would be for the fund's staff.
    if (!own) return refuse(app, request, reply, 'fund.view', id ?? undefined);
    const lookups = await loadLookups(app.db, user.locale);
    return sendAdminPage(request, reply, {
      title: fundMessages[user.locale].request,
      path: '/admin/fund',
      children: <OwnRequestStatus locale={user.locale} row={own} lookups={lookups} />,
    });
  });

  /** A step refused because of where the request stands: say so, in the user's language. */
  const refusedStep = (request: FastifyRequest, reply: FastifyReply, id: number, step: FundStep, status: FundRequestStatus | null) => {
    if (status === null) return reply.callNotFound();
    const f = fundMessages[request.user!.locale];
    return renderRequest(request, reply, id, { status: 409, problem: f.notAllowedNow(f[`fstatus_${status}`], f[`step_${step}`]) });
  };

  app.post('/admin/fund/:id/assess', async (request, reply) => {
    const user = request.user!;
    const id = caseIdOf(request.params);
    if (!can(user, 'fund.assess')) return refuse(app, request, reply, 'fund.assess', id ?? undefined);
    if (!id) return reply.callNotFound();
    const { fields, errors } = readFundForm(assessShape, request.body);
    const { assessment } = fields;
    const form: FormState = { values: { assessment: assessment.slice(0, MAX_LONG_TEXT + 100) }, errors };
    if (Object.keys(form.errors).length) return renderRequest(request, reply, id, { status: 400, forms: { assess: form } });
    const result = await app.db.transaction().execute((tx) => assessFundRequest(tx, app.vault, id, assessment, user.id));
    if (!result.ok) return refusedStep(request, reply, id, 'assess', result.status);
    return reply.redirect(`/admin/fund/${id}?done=1`, 303);
  });

  app.post('/admin/fund/:id/decide', async (request, reply) => {
    const user = request.user!;
    const id = caseIdOf(request.params);
    if (!can(user, 'fund.decide')) return refuse(app, request, reply, 'fund.decide', id ?? undefined);
    if (!id) return reply.callNotFound();
    const current = await findFundRequestState(app.db, id);
    if (!current) return reply.callNotFound();
    if (!can(user, 'fund.decide', { requestedBy: current.requestedBy })) return refuse(app, request, reply, 'fund.decide', id);
    const { fields, errors } = readFundForm(decideShape, request.body);
    const { decision, note, approvedAmount: amountText } = fields;
    const form: FormState = { values: { decision, approvedAmount: amountText.slice(0, 20), note: note.slice(0, MAX_LONG_TEXT + 100) }, errors: {} };
    if (decision !== 'approve' && decision !== 'decline') return renderRequest(request, reply, id, { status: 400, forms: { decide: form }, problem: fundMessages[user.locale].chooseDecision });
    form.errors = errors;
    const amount = Number(amountText);
    if (decision === 'approve' && !isWholeAmount(amountText, MAX_AMOUNT)) form.errors.approvedAmount = amountText ? 'wholeNumber' : 'required';
    if (Object.keys(form.errors).length) return renderRequest(request, reply, id, { status: 400, forms: { decide: form } });
    const result = await app.db.transaction().execute((tx) =>
      decideFundRequest(tx, app.vault, id, decision === 'approve' ? { approve: true, approvedAmount: amount, note: note || null } : { approve: false, note: note || null }, user.id),
    );
    if (!result.ok) return refusedStep(request, reply, id, decision, result.status);
    return reply.redirect(`/admin/fund/${id}?done=1`, 303);
  });

  app.post('/admin/fund/:id/disburse', async (request, reply) => {
    const user = request.user!;
    const id = caseIdOf(request.params);
    if (!can(user, 'fund.disburse')) return refuse(app, request, reply, 'fund.disburse', id ?? undefined);
    if (!id) return reply.callNotFound();
    const current = await findFundRequestState(app.db, id);
    if (!current) return reply.callNotFound();
    if (current.status !== 'approved') return refusedStep(request, reply, id, 'disburse', current.status);
    const { fields, errors } = readFundForm(disburseShape, request.body);
    const { amount: amountText, paidOn: paidOnText } = fields;
    const form: FormState = { values: { amount: amountText.slice(0, 20), paidOn: paidOnText.slice(0, 20) }, errors };
    const amount = Number(amountText);
    if (!form.errors.amount && current.approvedAmount !== null && amount > current.approvedAmount) form.errors.amount = 'moreThanApproved';
    const paidOn = parseCaseDate(paidOnText, 'day', today(request));
    if (!paidOn.ok) form.errors.paidOn = paidOn.problem === 'dateInFuture' ? 'dateInFuture' : paidOnText ? 'dateInvalid' : 'dateRequired';
    if (Object.keys(form.errors).length || !paidOn.ok) return renderRequest(request, reply, id, { status: 400, forms: { disburse: form } });
    const result = await app.db.transaction().execute((tx) => disburseFundRequest(tx, app.vault, id, { amount, paidOn: paidOn.value }, user.id));
    if (!result.ok) return refusedStep(request, reply, id, 'disburse', result.status);
    return reply.redirect(`/admin/fund/${id}?done=1`, 303);
  });
}
