import { formatDate } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { Csrf, FormProblems, TextArea, TextField, type FormState } from '../hrd-cases/case-form-controls.js';
import { formatMoney, type Lookups } from '../hrd-cases/case-page.presenter.js';
import { FUND_REQUEST_STATUSES, type FundRequestStatus } from '../hrd-cases/cases.tables.js';
import { fundMessages } from '../hrd-cases/fund-requests.messages.js';
import type { FundRequestRow, OpenedFundRequest } from '../hrd-cases/fund-requests.repository.js';
import { stepAllowed } from '../hrd-cases/fund-requests.repository.js';

interface ListProps {
  locale: Locale;
  rows: FundRequestRow[];
  lookups: Lookups;
  /** False: the user sees only their own requests, and only where each stands. */
  full: boolean;
  status?: FundRequestStatus;
}

export function FundList({ locale, rows, lookups, full, status }: ListProps) {
  const f = fundMessages[locale];
  return (
    <>
      <div class="page-header">
        <h1>{f.fundTitle}</h1>
        <p class="lead">{full ? f.fundLead : f.fundLeadOwn}</p>
      </div>
      {full && (
        <form method="get" action="/admin/fund" class="case-filters">
          <div class="field">
            <label for="fund-status">{f.status}</label>
            <select id="fund-status" name="status">
              <option value="">{f.allStatuses}</option>
              {FUND_REQUEST_STATUSES.map((s) => (
                <option value={s} selected={s === status}>
                  {f[`fstatus_${s}`]}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{f.filter}</button>
        </form>
      )}
      {rows.length === 0 ? (
        <p>{f.noRequests}</p>
      ) : (
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">{f.requestedOn}</th>
              <th scope="col">{f.case}</th>
              <th scope="col">{f.type}</th>
              {full && <th scope="col">{f.requestedBy}</th>}
              {full && <th scope="col">{f.amount}</th>}
              <th scope="col">{f.status}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>
                  <a href={`/admin/fund/${r.id}`}>{formatDate(r.requestedAt, locale, 'UTC')}</a>
                </td>
                <td>
                  <code>{r.caseReference}</code>
                </td>
                <td>{lookups.label(r.typeId)}</td>
                {full && <td>{r.requestedByName ?? '—'}</td>}
                {full && <td>{formatMoney(r.disbursedAmount ?? r.approvedAmount ?? r.requestedAmount, r.currency, locale)}</td>}
                <td>
                  <span class={`badge badge--fund-${r.status}`}>{f[`fstatus_${r.status}`]}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export type FundFormName = 'assess' | 'decide' | 'disburse';

interface DetailProps {
  locale: Locale;
  csrfToken: string;
  request: OpenedFundRequest;
  lookups: Lookups;
  beneficiary: string | null;
  canAssess: boolean;
  canDecide: boolean;
  ownRequest: boolean;
  canDisburse: boolean;
  canOpenCase: boolean;
  forms: Partial<Record<FundFormName, FormState>>;
  notice?: string;
  problem?: string;
}

const person = (r: OpenedFundRequest, id: number | null) => (id === null ? '—' : (r.people[id] ?? '—'));

export function FundRequestPage(p: DetailProps) {
  const { locale, request: r, lookups } = p;
  const f = fundMessages[locale];
  const money = (n: number | null) => (n === null ? '—' : formatMoney(n, r.currency, locale));
  const today = new Date().toISOString().slice(0, 10);
  return (
    <article class="fund-request">
      <div class="page-header">
        <h1>
          {f.request} <code>{r.caseReference}</code> — {lookups.label(r.typeId)}
        </h1>
        <p class="editor-links">
          <a href="/admin/fund">{f.backToFund}</a>
          {p.canOpenCase && <a href={`/admin/cases/${r.caseId}#case-fund`}>{f.viewCase}</a>}
        </p>
      </div>
      {p.notice && (
        <p class="notice" role="status">
          {p.notice}
        </p>
      )}
      {p.problem && (
        <p class="notice notice--error" role="alert">
          {p.problem}
        </p>
      )}
      <dl class="case-facts">
        <dt>{f.status}</dt>
        <dd>
          <span class={`badge badge--fund-${r.status}`}>{f[`fstatus_${r.status}`]}</span>
        </dd>
        <dt>{f.beneficiary}</dt>
        <dd>{p.beneficiary ?? f.noCaseVictim}</dd>
        <dt>{f.requestedBy}</dt>
        <dd>
          {person(r, r.requestedBy)}, {formatDate(r.requestedAt, locale, 'UTC')}
        </dd>
        <dt>{f.requestedAmount}</dt>
        <dd>{money(r.requestedAmount)}</dd>
        <dt>{f.justification}</dt>
        <dd class="case-text">{r.justification}</dd>
        {r.assessment !== null && (
          <>
            <dt>{f.assessment}</dt>
            <dd class="case-text">
              {r.assessment}
              <br />
              <small>
                {f.assessedBy}: {person(r, r.assessedBy)}
                {r.assessedAt && `, ${formatDate(r.assessedAt, locale, 'UTC')}`}
              </small>
            </dd>
          </>
        )}
        {r.decidedAt && (
          <>
            <dt>{f.decision}</dt>
            <dd>
              {f[`fstatus_${r.status === 'disbursed' ? 'approved' : r.status}`]} — {f.decidedBy}: {person(r, r.decidedBy)}, {formatDate(r.decidedAt, locale, 'UTC')}
              {r.approvedAmount !== null && ` — ${f.approvedAmount}: ${money(r.approvedAmount)}`}
              {r.decisionNote && <p class="case-text">{r.decisionNote}</p>}
            </dd>
          </>
        )}
        {r.disbursedOn && (
          <>
            <dt>{f.disbursement}</dt>
            <dd>
              {money(r.disbursedAmount)} — {formatDate(r.disbursedOn, locale, 'UTC')} — {f.disbursedBy}: {person(r, r.disbursedBy)}
            </dd>
          </>
        )}
      </dl>

      {p.canAssess && stepAllowed('assess', r.status) && (
        <section class="admin-form">
          <h2>{f.startAssessment}</h2>
          <FormProblems locale={locale} form={p.forms.assess} />
          <form method="post" action={`/admin/fund/${r.id}/assess`} novalidate>
            <Csrf token={p.csrfToken} />
            <TextArea locale={locale} form={p.forms.assess ?? { values: { assessment: r.assessment ?? '' }, errors: {} }} prefix="assess" name="assessment" label={f.assessment} rows={5} required />
            <button type="submit">{f.startAssessment}</button>
          </form>
        </section>
      )}

      {(stepAllowed('approve', r.status) || stepAllowed('decline', r.status)) && r.status === 'assessing' && (p.canDecide || p.ownRequest) && (
        <section class="admin-form">
          <h2>{f.decision}</h2>
          {p.ownRequest && !p.canDecide ? (
            <p>{f.ownRequestDecision}</p>
          ) : (
            <>
              <FormProblems locale={locale} form={p.forms.decide} />
              <form method="post" action={`/admin/fund/${r.id}/decide`} novalidate>
                <Csrf token={p.csrfToken} />
                <TextField locale={locale} form={p.forms.decide ?? { values: { approvedAmount: String(r.requestedAmount) }, errors: {} }} prefix="decide" name="approvedAmount" label={`${f.approvedAmount} (${r.currency})`} inputMode="numeric" maxLength={12} />
                <TextArea locale={locale} form={p.forms.decide ?? { values: {}, errors: {} }} prefix="decide" name="note" label={f.decisionNote} />
                <fieldset>
                  <legend>{f.decision}</legend>
                  <div class="field--choices">
                    <label>
                      <input type="radio" name="decision" value="approve" checked={p.forms.decide?.values.decision === 'approve'} required /> {f.approve}
                    </label>
                    <label>
                      <input type="radio" name="decision" value="decline" checked={p.forms.decide?.values.decision === 'decline'} /> {f.decline}
                    </label>
                  </div>
                </fieldset>
                <button type="submit">{f.recordDecision}</button>
              </form>
            </>
          )}
        </section>
      )}

      {p.canDisburse && stepAllowed('disburse', r.status) && (
        <section class="admin-form">
          <h2>{f.disburse}</h2>
          <p class="field__hint">{f.disburseHint}</p>
          <FormProblems locale={locale} form={p.forms.disburse} />
          <form method="post" action={`/admin/fund/${r.id}/disburse`} novalidate>
            <Csrf token={p.csrfToken} />
            <TextField
              locale={locale}
              form={p.forms.disburse ?? { values: { amount: String(r.approvedAmount ?? ''), paidOn: today }, errors: {} }}
              prefix="pay"
              name="amount"
              label={`${f.disbursedAmount} (${r.currency})`}
              inputMode="numeric"
              maxLength={12}
              required
            />
            <TextField locale={locale} form={p.forms.disburse ?? { values: { paidOn: today }, errors: {} }} prefix="pay" name="paidOn" label={f.disbursedOn} maxLength={10} required />
            <button type="submit">{f.disburse}</button>
          </form>
        </section>
      )}
    </article>
  );
}

/** What a monitor sees of their own request: that it was made, and where it stands. */
export function OwnRequestStatus({ locale, row, lookups }: { locale: Locale; row: FundRequestRow; lookups: Lookups }) {
  const f = fundMessages[locale];
  return (
    <article class="fund-request">
      <h1>
        {f.request} <code>{row.caseReference}</code> — {lookups.label(row.typeId)}
      </h1>
      <dl class="case-facts">
        <dt>{f.requestedOn}</dt>
        <dd>{formatDate(row.requestedAt, locale, 'UTC')}</dd>
        <dt>{f.status}</dt>
        <dd>
          <span class={`badge badge--fund-${row.status}`}>{f[`fstatus_${row.status}`]}</span>
        </dd>
      </dl>
      <p>
        <a href="/admin/fund">{f.backToFund}</a> · <a href={`/admin/cases/${row.caseId}#case-fund`}>{f.viewCase}</a>
      </p>
    </article>
  );
}
