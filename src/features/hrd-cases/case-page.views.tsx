import { formatDate, formatNumber } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import type { Place } from '../hrd-vocabularies/vocabularies.repository.js';
import { fundMessages } from './fund-requests.messages.js';
import { formatCaseDate } from './case-dates.js';
import type { CaseDetail } from './case-detail.js';
import { Csrf, emptyForm, FormProblems, type FormState } from './case-form-controls.js';
import { CaseFields } from './case-list.views.js';
import { ActForm, dateInputValue, EventForm, EvidenceForm, FundRequestForm, InterventionForm, PerpetratorForm, SourceForm, TimelineForm, VictimForm } from './case-part-forms.views.js';
import { formatMoney, type CasePermissions, type Lookups, type TimelineItem, type VisibleFundRequest } from './case-page.presenter.js';
import { casesMessages } from './cases.messages.js';
import { ACT_CLASSIFICATIONS, INTERVENTION_STATUSES } from './cases.tables.js';
import type { RemovablePart } from './case-parts.repository.js';

export type CaseFormName = 'case' | 'victim' | 'victimEdit' | 'verification' | 'event' | 'eventEdit' | 'sourceEdit' | 'timelineEdit' | 'act' | 'perpetrator' | 'source' | 'timeline' | 'intervention' | 'evidence' | 'fund';

export interface CasePageProps {
  locale: Locale;
  csrfToken: string;
  detail: CaseDetail;
  lookups: Lookups;
  perms: CasePermissions;
  timeline: TimelineItem[];
  fundRequests: VisibleFundRequest[];
  forms: Partial<Record<CaseFormName, FormState>>;
  places: { districts: Place[]; communes: Place[] };
  /** The district and commune lists of each recorded event's form, by event id. */
  eventPlaces: ReadonlyMap<number, { districts: Place[]; communes: Place[] }>;
  /** Whether this user may change an intervention (fund support is the fund's). */
  canEditIntervention: (fundRequestId: number | null) => boolean;
  /** An intervention's amount as this user may see it; null when hidden. */
  amountOf: (i: CaseDetail['interventions'][number]) => string | null;
  notice?: string;
  conflict?: boolean;
  maxEvidenceMb: number;
}

function RemoveButton({ locale, csrfToken, caseId, version, part, id }: { locale: Locale; csrfToken: string; caseId: number; version: number; part: RemovablePart; id: number }) {
  return (
    <form method="post" action={`/admin/cases/${caseId}/remove`} class="inline-form">
      <Csrf token={csrfToken} />
      <input type="hidden" name="version" value={String(version)} />
      <input type="hidden" name="part" value={part} />
      <input type="hidden" name="id" value={String(id)} />
      <button type="submit" class="button--secondary">
        {casesMessages[locale].remove}
      </button>
    </form>
  );
}

/** The form sent back for this part (with what was typed and what is wrong), if it is this one. */
function sentBack(form: FormState | undefined, key: string, id: number): FormState | undefined {
  return form?.values[key] === String(id) ? form : undefined;
}

export function CasePage(props: CasePageProps) {
  const { locale, csrfToken, detail: d, lookups, perms, forms } = props;
  const t = casesMessages[locale];
  const f = fundMessages[locale];
  const victimName = (id: number | null) => (id === null ? t.anyVictim : (d.victims.find((v) => v.id === id)?.name ?? '—'));
  const remove = (part: RemovablePart, id: number) =>
    perms.edit ? <RemoveButton locale={locale} csrfToken={csrfToken} caseId={d.id} version={d.version} part={part} id={id} /> : null;
  const formProps = { locale, csrfToken, caseId: d.id, version: d.version, lookups };
  return (
    <article class="case-page">
      <div class="page-header">
        <h1>
          <code>{d.reference}</code> {d.title}
        </h1>
        <p class="editor-links">
          <a href="/admin/cases">{t.backToList}</a>
          {perms.export && <a href={`/admin/cases/${d.id}/export.json`}>{t.exportJson}</a>}
          {perms.publishAlert && <a href={`/admin/hrd-alerts/new?case=${d.id}`}>{t.publishAlert}</a>}
        </p>
      </div>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <FormProblems locale={locale} form={forms.verification} />
      {props.conflict && (
        <p class="notice notice--error" role="alert">
          {t.versionConflict}
        </p>
      )}

      <section aria-labelledby="case-details">
        <h2 id="case-details">{t.caseDetails}</h2>
        {perms.edit ? (
          <form method="post" action={`/admin/cases/${d.id}`} class="admin-form" novalidate>
            <FormProblems locale={locale} form={forms.case} />
            <Csrf token={csrfToken} />
            <input type="hidden" name="version" value={String(d.version)} />
            <CaseFields
              locale={locale}
              prefix="case"
              form={forms.case ?? emptyForm({ title: d.title, summary: d.summary ?? '', status: d.status, openedOn: d.openedOn, closedOn: d.closedOn ?? '' })}
            />
            <button type="submit">{t.saveCase}</button>
          </form>
        ) : (
          <dl class="case-facts">
            <dt>{t.status}</dt>
            <dd>{t[`status_${d.status}`]}</dd>
            <dt>{t.openedOn}</dt>
            <dd>{formatDate(d.openedOn, locale, 'UTC')}</dd>
            {d.summary && (
              <>
                <dt>{t.summary}</dt>
                <dd class="case-text">{d.summary}</dd>
              </>
            )}
          </dl>
        )}
      </section>

      <section aria-labelledby="case-timeline">
        <h2 id="case-timeline">{t.timeline}</h2>
        {props.timeline.length === 0 ? (
          <p>{t.noTimeline}</p>
        ) : (
          <ol class="case-timeline">
            {props.timeline.map((item) => (
              <li class={`case-timeline__item case-timeline__item--${item.kind}`}>
                <time dateTime={item.date}>{item.dateText}</time>
                <strong>{item.label}</strong>
                {item.text && <p class="case-text">{item.text}</p>}
              </li>
            ))}
          </ol>
        )}
        {perms.edit && (
          <>
            <ul class="case-parts">
              {d.timeline.map((x) => (
                <li>
                  {formatCaseDate(x.occurredOn, x.dateAccuracy, locale)} — {t[`kind_${x.kind}`]} {remove('timeline', x.id)}
                  <TimelineForm
                    {...formProps}
                    entryId={x.id}
                    form={
                      sentBack(forms.timelineEdit, 'entryId', x.id) ??
                      emptyForm({ date: dateInputValue(x.occurredOn, x.dateAccuracy), accuracy: x.dateAccuracy, kind: x.kind, text: x.text })
                    }
                    open={Boolean(sentBack(forms.timelineEdit, 'entryId', x.id))}
                  />
                </li>
              ))}
            </ul>
            <TimelineForm {...formProps} form={forms.timeline} />
          </>
        )}
      </section>

      <section aria-labelledby="case-victims">
        <h2 id="case-victims">{t.victims}</h2>
        {d.victims.length === 0 ? (
          <p>{t.noVictims}</p>
        ) : (
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">{t.name}</th>
                <th scope="col">{t.hrdCategory}</th>
                <th scope="col">{t.sex}</th>
                <th scope="col">{t.ageGroup}</th>
                <th scope="col">{t.affiliation}</th>
                <th scope="col">{t.contact}</th>
                <th scope="col">{t.notes}</th>
                {perms.edit && <td />}
              </tr>
            </thead>
            <tbody>
              {d.victims.map((v) => (
                <tr>
                  <td>
                    {v.name}
                    {v.kind === 'group' && ` (${t.kind_group}${v.groupSize ? `, ${formatNumber(v.groupSize, locale)}` : ''})`}
                  </td>
                  <td>{lookups.label(v.hrdCategoryId)}</td>
                  <td>{t[`sex_${v.sex}`]}</td>
                  <td>{t[`age_${v.ageGroup}`]}</td>
                  <td>{v.affiliation ?? ''}</td>
                  <td>{v.contact ?? ''}</td>
                  <td class="case-text">{v.notes ?? ''}</td>
                  {perms.edit && (
                    <td>
                      {remove('victim', v.id)}
                      <VictimForm
                        {...formProps}
                        victimId={v.id}
                        form={
                          forms.victimEdit?.values.victimId === String(v.id)
                            ? forms.victimEdit
                            : emptyForm({
                                kind: v.kind,
                                name: v.name,
                                groupSize: v.groupSize ? String(v.groupSize) : '',
                                hrdCategory: v.hrdCategoryId ? String(v.hrdCategoryId) : '',
                                sex: v.sex,
                                ageGroup: v.ageGroup,
                                affiliation: v.affiliation ?? '',
                                contact: v.contact ?? '',
                                notes: v.notes ?? '',
                              })
                        }
                        open={forms.victimEdit?.values.victimId === String(v.id)}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {perms.edit && <VictimForm {...formProps} form={forms.victim} />}
      </section>

      <section aria-labelledby="case-events">
        <h2 id="case-events">{t.events}</h2>
        {d.events.length === 0 ? (
          <p>{t.noEvents}</p>
        ) : (
          <ul class="case-parts">
            {d.events.map((e) => (
              <li>
                <strong>{formatCaseDate(e.occurredOn, e.dateAccuracy, locale)}</strong> —{' '}
                {[lookups.placeLabel(e.provinceId), e.place?.districtId ? lookups.placeLabel(e.place.districtId) : '', e.place?.communeId ? lookups.placeLabel(e.place.communeId) : '', e.place?.detail ?? '']
                  .filter(Boolean)
                  .join(', ')}
                {e.description && <p class="case-text">{e.description}</p>}
                {remove('event', e.id)}
                {perms.edit && (
                  <EventForm
                    {...formProps}
                    eventId={e.id}
                    places={props.eventPlaces.get(e.id) ?? { districts: [], communes: [] }}
                    form={
                      sentBack(forms.eventEdit, 'eventId', e.id) ??
                      emptyForm({
                        date: dateInputValue(e.occurredOn, e.dateAccuracy),
                        accuracy: e.dateAccuracy,
                        province: e.provinceId ? String(e.provinceId) : '',
                        district: e.place?.districtId ? String(e.place.districtId) : '',
                        commune: e.place?.communeId ? String(e.place.communeId) : '',
                        detail: e.place?.detail ?? '',
                        description: e.description ?? '',
                      })
                    }
                    open={Boolean(sentBack(forms.eventEdit, 'eventId', e.id))}
                  />
                )}
              </li>
            ))}
          </ul>
        )}
        {perms.edit && <EventForm {...formProps} form={forms.event} places={props.places} />}
      </section>

      <section aria-labelledby="case-acts">
        <h2 id="case-acts">{t.acts}</h2>
        {d.acts.length === 0 ? (
          <p>{t.noActs}</p>
        ) : (
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">{t.date}</th>
                <th scope="col">{t.victim}</th>
                <th scope="col">{t.actType}</th>
                <th scope="col">{t.classification}</th>
                <th scope="col">{t.verification}</th>
                <th scope="col">{t.rights}</th>
                <th scope="col">{t.perpetrators}</th>
                {perms.edit && <td />}
              </tr>
            </thead>
            <tbody>
              {d.acts.map((a) => (
                <tr>
                  <td>{formatCaseDate(a.occurredOn, a.dateAccuracy, locale)}</td>
                  <td>{victimName(a.victimId)}</td>
                  <td>
                    {lookups.label(a.actTypeId)}
                    {a.notes && <p class="case-text">{a.notes}</p>}
                  </td>
                  {perms.edit ? (
                    <td colSpan={2}>
                      <form method="post" action={`/admin/cases/${d.id}/acts/${a.id}/assessment#case-acts`} class="inline-form">
                        <Csrf token={csrfToken} />
                        <input type="hidden" name="version" value={String(d.version)} />
                        <label class="visually-hidden" for={`aclass-${a.id}`}>
                          {t.classification}
                        </label>
                        <select id={`aclass-${a.id}`} name="classification">
                          {ACT_CLASSIFICATIONS.map((c) => (
                            <option value={c} selected={c === a.classification}>
                              {t[`classification_${c}`]}
                            </option>
                          ))}
                        </select>
                        <label class="visually-hidden" for={`averif-${a.id}`}>
                          {t.verification}
                        </label>
                        <select id={`averif-${a.id}`} name="verification">
                          {(lookups.terms.verification ?? []).some((v) => v.id === a.verificationId) || (
                            // A retired term stays shown as it is, so saving the row never changes it unseen.
                            <option value={String(a.verificationId)} selected>
                              {lookups.label(a.verificationId)}
                            </option>
                          )}
                          {(lookups.terms.verification ?? []).map((v) => (
                            <option value={String(v.id)} selected={v.id === a.verificationId}>
                              {lookups.label(v.id)}
                            </option>
                          ))}
                        </select>
                        <button type="submit">{t.updateVerification}</button>
                      </form>
                    </td>
                  ) : (
                    <>
                      <td>{t[`classification_${a.classification}`]}</td>
                      <td>{lookups.label(a.verificationId)}</td>
                    </>
                  )}
                  <td>{a.rightIds.map((id) => lookups.label(id)).join(', ')}</td>
                  <td>
                    <ul class="case-parts">
                      {a.perpetratorDetails.map((p) => (
                        <li>
                          {lookups.label(p.perpetratorTypeId)}
                          {p.involvementId !== null && ` (${lookups.label(p.involvementId)})`}
                          {p.name && ` — ${p.name}`}
                        </li>
                      ))}
                    </ul>
                    {perms.edit && <PerpetratorForm {...formProps} actId={a.id} form={forms.perpetrator?.values.act === String(a.id) ? forms.perpetrator : undefined} />}
                  </td>
                  {perms.edit && <td>{remove('act', a.id)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {perms.edit && d.events.length > 0 && d.victims.length > 0 && <ActForm {...formProps} form={forms.act} events={d.events} victims={d.victims} />}
      </section>

      <section aria-labelledby="case-sources">
        <h2 id="case-sources">{t.sources}</h2>
        {d.sources.length === 0 ? (
          <p>{t.noSources}</p>
        ) : (
          <ul class="case-parts">
            {d.sources.map((s) => (
              <li>
                <strong>{s.name}</strong> — {lookups.label(s.reliabilityId)}
                {s.obtainedOn && `, ${formatDate(s.obtainedOn, locale, 'UTC')}`}
                {s.notes && <p class="case-text">{s.notes}</p>}
                {remove('source', s.id)}
                {perms.edit && (
                  <SourceForm
                    {...formProps}
                    sourceId={s.id}
                    form={
                      sentBack(forms.sourceEdit, 'sourceId', s.id) ??
                      emptyForm({ name: s.name, reliability: s.reliabilityId ? String(s.reliabilityId) : '', obtainedOn: s.obtainedOn ?? '', notes: s.notes ?? '' })
                    }
                    open={Boolean(sentBack(forms.sourceEdit, 'sourceId', s.id))}
                  />
                )}
              </li>
            ))}
          </ul>
        )}
        {perms.edit && <SourceForm {...formProps} form={forms.source} />}
      </section>

      <section aria-labelledby="case-interventions">
        <h2 id="case-interventions">{t.interventions}</h2>
        {d.interventions.length === 0 ? (
          <p>{t.noInterventions}</p>
        ) : (
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">{t.interventionType}</th>
                <th scope="col">{t.victim}</th>
                <th scope="col">{t.startedOn}</th>
                <th scope="col">{t.endedOn}</th>
                <th scope="col">{t.amount}</th>
                <th scope="col">{t.interventionStatus}</th>
              </tr>
            </thead>
            <tbody>
              {d.interventions.map((i) => {
                const amount = props.amountOf(i);
                return (
                  <tr>
                    <td>
                      {lookups.label(i.typeId)}
                      {i.fundRequestId !== null && <span class="badge badge--fund">{t.fromFund}</span>}
                      {i.notes && <p class="case-text">{i.notes}</p>}
                    </td>
                    <td>{victimName(i.victimId)}</td>
                    <td>{i.startedOn ? formatDate(i.startedOn, locale, 'UTC') : '—'}</td>
                    <td>{i.endedOn ? formatDate(i.endedOn, locale, 'UTC') : '—'}</td>
                    <td>{amount === null ? <em>{t.amountHidden}</em> : amount}</td>
                    <td>
                      {props.canEditIntervention(i.fundRequestId) ? (
                        <form method="post" action={`/admin/cases/${d.id}/interventions/${i.id}/status`} class="inline-form">
                          <Csrf token={csrfToken} />
                          <input type="hidden" name="version" value={String(d.version)} />
                          <label class="visually-hidden" for={`istatus-${i.id}`}>
                            {t.interventionStatus}
                          </label>
                          <select id={`istatus-${i.id}`} name="status">
                            {INTERVENTION_STATUSES.map((s) => (
                              <option value={s} selected={s === i.status}>
                                {t[`istatus_${s}`]}
                              </option>
                            ))}
                          </select>
                          <label class="visually-hidden" for={`iend-${i.id}`}>
                            {t.endedOn}
                          </label>
                          <input id={`iend-${i.id}`} name="endedOn" value={i.endedOn ?? ''} placeholder={t.dateHint} maxLength={10} size={10} />
                          <button type="submit">{t.updateStatus}</button>
                        </form>
                      ) : (
                        t[`istatus_${i.status}`]
                      )}
                      {i.fundRequestId === null && remove('intervention', i.id)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {perms.recordSupport && <InterventionForm {...formProps} form={forms.intervention} victims={d.victims} withAmount={perms.fundView} />}
      </section>

      {(perms.fundView || perms.fundRequest) && (
        <section aria-labelledby="case-fund">
          <h2 id="case-fund">{t.supportFund}</h2>
          {props.fundRequests.length === 0 ? (
            <p>{f.noRequests}</p>
          ) : (
            <table class="admin-table">
              <thead>
                <tr>
                  <th scope="col">{f.requestedOn}</th>
                  <th scope="col">{f.type}</th>
                  <th scope="col">{f.status}</th>
                  {perms.fundView && <th scope="col">{f.amount}</th>}
                </tr>
              </thead>
              <tbody>
                {props.fundRequests.map((r) => (
                  <tr>
                    <td>{perms.fundView ? <a href={`/admin/fund/${r.id}`}>{formatDate(r.requestedAt, locale, 'UTC')}</a> : formatDate(r.requestedAt, locale, 'UTC')}</td>
                    <td>{lookups.label(r.typeId)}</td>
                    <td>{f[`fstatus_${r.status}`]}</td>
                    {perms.fundView && <td>{r.amounts && formatMoney(r.amounts.disbursed ?? r.amounts.approved ?? r.amounts.requested, r.amounts.currency, locale)}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {perms.fundRequest && <FundRequestForm {...formProps} form={forms.fund} victims={d.victims} />}
        </section>
      )}

      <section aria-labelledby="case-evidence">
        <h2 id="case-evidence">{t.evidence}</h2>
        {d.evidence.length === 0 ? (
          <p>{t.noEvidence}</p>
        ) : (
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">{t.fileName}</th>
                <th scope="col">{t.size}</th>
                <th scope="col">{t.uploadedOn}</th>
                <th scope="col">{t.sha256}</th>
              </tr>
            </thead>
            <tbody>
              {d.evidence.map((e) => (
                <tr>
                  <td>
                    {perms.downloadEvidence ? <a href={`/admin/cases/${d.id}/evidence/${e.id}`}>{e.fileName}</a> : e.fileName}
                    {e.description && <p class="case-text">{e.description}</p>}
                  </td>
                  <td>{formatNumber(Math.ceil(e.size / 1024), locale)} KB</td>
                  <td>{formatDate(e.uploadedAt, locale, 'UTC')}</td>
                  <td>
                    <code class="case-hash">{e.sha256}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {perms.uploadEvidence && <EvidenceForm {...formProps} form={forms.evidence} maxMb={props.maxEvidenceMb} />}
      </section>

      {perms.delete && (
        <form method="post" action={`/admin/cases/${d.id}/delete`} class="confirm">
          <Csrf token={csrfToken} />
          <label for="confirm-reference">{t.deleteCaseConfirm}</label>
          <input id="confirm-reference" name="reference" autocomplete="off" maxLength={40} />
          <button type="submit" class="button--danger">
            {t.deleteCase}
          </button>
        </form>
      )}
    </article>
  );
}
