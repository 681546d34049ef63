import type { ComponentChildren } from 'preact';
import type { Locale } from '../../i18n/locales.js';
import { placeName, termLabel, type Place, type VocabularyTerm } from '../hrd-vocabularies/vocabularies.repository.js';
import type { Vocabulary } from '../hrd-vocabularies/vocabularies.tables.js';
import { fundMessages } from './fund-requests.messages.js';
import { formatCaseDate } from './case-dates.js';
import type { CaseDetail } from './case-detail.js';
import { CheckboxGroup, Csrf, emptyForm, FormProblems, SelectField, TextArea, TextField, type FormState, type Option } from './case-form-controls.js';
import type { Lookups } from './case-page.presenter.js';
import { TIMELINE_KINDS } from './case-parts.repository.js';
import { casesMessages } from './cases.messages.js';
import { ACT_CLASSIFICATIONS, AGE_GROUPS, CURRENCIES, DATE_ACCURACIES, INTERVENTION_STATUSES, SEXES, VICTIM_KINDS, type DateAccuracy } from './cases.tables.js';

interface PartFormProps {
  locale: Locale;
  csrfToken: string;
  caseId: number;
  version: number;
  lookups: Lookups;
  form?: FormState;
  /** Shown unfolded; by default only when it comes back with what was typed. */
  open?: boolean;
}

function termOptions(lookups: Lookups, vocabulary: Vocabulary, locale: Locale): Option[] {
  return (lookups.terms[vocabulary] ?? []).map((term: VocabularyTerm) => ({ value: String(term.id), label: term.parentId ? `– ${termLabel(term, locale)}` : termLabel(term, locale) }));
}

function PartForm({ locale, csrfToken, caseId, version, form, open, action, title, id, children, multipart }: PartFormProps & { action: string; title: string; id: string; children: ComponentChildren; multipart?: boolean }) {
  return (
    <details class="case-form" id={id} open={open ?? form !== undefined}>
      <summary>{title}</summary>
      <FormProblems locale={locale} form={form} />
      <form method="post" action={`/admin/cases/${caseId}/${action}#${id}`} enctype={multipart ? 'multipart/form-data' : undefined} novalidate>
        <Csrf token={csrfToken} />
        <input type="hidden" name="version" value={String(version)} />
        {children}
        <button type="submit">{title}</button>
      </form>
    </details>
  );
}

const DateFields = ({ locale, form, prefix }: { locale: Locale; form: FormState; prefix: string }) => {
  const t = casesMessages[locale];
  return (
    <div class="field-row">
      <TextField locale={locale} form={form} prefix={prefix} name="date" label={t.date} hint={t.dateInvalid} required maxLength={10} />
      <SelectField locale={locale} form={form} prefix={prefix} name="accuracy" label={t.dateAccuracy} options={DATE_ACCURACIES.map((a) => ({ value: a, label: t[`accuracy_${a}`] }))} />
    </div>
  );
};

/** What a date field shows for a stored date: only as much of it as is known. */
export function dateInputValue(occurredOn: string, accuracy: DateAccuracy): string {
  if (accuracy === 'year') return occurredOn.slice(0, 4);
  if (accuracy === 'month' || accuracy === 'approximate') return occurredOn.slice(0, 7);
  return occurredOn;
}

/** A new victim, or (with `victimId`) the changes to one already recorded. */
export function VictimForm(props: PartFormProps & { victimId?: number }) {
  const { locale, lookups, victimId } = props;
  const t = casesMessages[locale];
  const form = props.form ?? emptyForm({ kind: 'person', sex: 'unknown', ageGroup: 'unknown' });
  const p = victimId ? `v${victimId}` : 'v';
  return (
    <PartForm {...props} action={victimId ? `victims/${victimId}` : 'victims'} title={victimId ? t.editVictim : t.addVictim} id={victimId ? `edit-victim-${victimId}` : 'add-victim'}>
      <SelectField locale={locale} form={form} prefix={p} name="kind" label={t.victimKind} options={VICTIM_KINDS.map((k) => ({ value: k, label: t[`kind_${k}`] }))} />
      <TextField locale={locale} form={form} prefix={p} name="name" label={t.name} required maxLength={300} />
      <TextField locale={locale} form={form} prefix={p} name="groupSize" label={t.groupSize} inputMode="numeric" maxLength={7} />
      <SelectField locale={locale} form={form} prefix={p} name="hrdCategory" label={t.hrdCategory} blank={t.noChoice} options={termOptions(lookups, 'hrd_category', locale)} />
      <SelectField locale={locale} form={form} prefix={p} name="sex" label={t.sex} options={SEXES.map((s) => ({ value: s, label: t[`sex_${s}`] }))} />
      <SelectField locale={locale} form={form} prefix={p} name="ageGroup" label={t.ageGroup} options={AGE_GROUPS.map((s) => ({ value: s, label: t[`age_${s}`] }))} />
      <TextField locale={locale} form={form} prefix={p} name="affiliation" label={t.affiliation} maxLength={300} />
      <TextField locale={locale} form={form} prefix={p} name="contact" label={t.contact} maxLength={500} />
      <TextArea locale={locale} form={form} prefix={p} name="notes" label={t.notes} />
    </PartForm>
  );
}

/** A new event, or (with `eventId`) the corrections to one already recorded. */
export function EventForm(props: PartFormProps & { places: { districts: Place[]; communes: Place[] }; eventId?: number }) {
  const { locale, lookups, places, eventId } = props;
  const t = casesMessages[locale];
  const form = props.form ?? emptyForm({ accuracy: 'day' });
  const placeOptions = (list: Place[]) => list.map((p) => ({ value: String(p.id), label: placeName(p, locale) }));
  const e = eventId ? `e${eventId}` : 'e';
  return (
    <PartForm {...props} action={eventId ? `events/${eventId}` : 'events'} title={eventId ? t.editPart : t.addEvent} id={eventId ? `edit-event-${eventId}` : 'add-event'}>
      <DateFields locale={locale} form={form} prefix={e} />
      <fieldset>
        <legend>{t.place}</legend>
        <p class="field__hint">{t.choosePlace}</p>
        <SelectField locale={locale} form={form} prefix={e} name="province" label={t.province} blank={t.noChoice} options={placeOptions(lookups.provinces)} />
        <SelectField locale={locale} form={form} prefix={e} name="district" label={t.district} blank={t.noChoice} options={placeOptions(places.districts)} />
        <SelectField locale={locale} form={form} prefix={e} name="commune" label={t.commune} blank={t.noChoice} options={placeOptions(places.communes)} />
        <button type="submit" name="refresh" value="1" class="button--secondary">
          {t.showPlaces}
        </button>
        <TextField locale={locale} form={form} prefix={e} name="detail" label={t.placeDetail} maxLength={300} />
      </fieldset>
      <TextArea locale={locale} form={form} prefix={e} name="description" label={t.description} rows={5} />
    </PartForm>
  );
}

export function ActForm(props: PartFormProps & { events: CaseDetail['events']; victims: CaseDetail['victims'] }) {
  const { locale, lookups } = props;
  const t = casesMessages[locale];
  const form = props.form ?? emptyForm({ classification: 'violation' });
  return (
    <PartForm {...props} action="acts" title={t.addAct} id="add-act">
      <SelectField
        locale={locale}
        form={form}
        prefix="a"
        name="event"
        label={t.event}
        options={props.events.map((e) => ({ value: String(e.id), label: `${formatCaseDate(e.occurredOn, e.dateAccuracy, locale)} — ${lookups.placeLabel(e.provinceId)}` }))}
      />
      <SelectField locale={locale} form={form} prefix="a" name="victim" label={t.victim} options={props.victims.map((v) => ({ value: String(v.id), label: v.name }))} />
      <SelectField locale={locale} form={form} prefix="a" name="actType" label={t.actType} blank={t.noChoice} options={termOptions(lookups, 'act_type', locale)} />
      <SelectField locale={locale} form={form} prefix="a" name="classification" label={t.classification} options={ACT_CLASSIFICATIONS.map((c) => ({ value: c, label: t[`classification_${c}`] }))} />
      <SelectField locale={locale} form={form} prefix="a" name="verification" label={t.verification} blank={t.noChoice} options={termOptions(lookups, 'verification', locale)} />
      <CheckboxGroup locale={locale} form={form} name="rights" label={t.rights} options={termOptions(lookups, 'right', locale)} />
      <fieldset>
        <legend>{t.perpetrators}</legend>
        <SelectField locale={locale} form={form} prefix="a" name="perpetratorType" label={t.perpetratorType} blank={t.noChoice} options={termOptions(lookups, 'perpetrator_type', locale)} />
        <SelectField locale={locale} form={form} prefix="a" name="involvement" label={t.involvement} blank={t.noChoice} options={termOptions(lookups, 'involvement', locale)} />
        <TextField locale={locale} form={form} prefix="a" name="perpetratorName" label={t.perpetratorName} maxLength={300} />
      </fieldset>
      <TextArea locale={locale} form={form} prefix="a" name="notes" label={t.notes} />
    </PartForm>
  );
}

export function PerpetratorForm(props: PartFormProps & { actId: number }) {
  const { locale, lookups, actId } = props;
  const t = casesMessages[locale];
  const form = props.form ?? emptyForm();
  const prefix = `p${actId}`;
  return (
    <PartForm {...props} action="perpetrators" title={t.addPerpetrator} id={`add-perpetrator-${actId}`}>
      <input type="hidden" name="act" value={String(actId)} />
      <SelectField locale={locale} form={form} prefix={prefix} name="perpetratorType" label={t.perpetratorType} blank={t.noChoice} options={termOptions(lookups, 'perpetrator_type', locale)} />
      <SelectField locale={locale} form={form} prefix={prefix} name="involvement" label={t.involvement} blank={t.noChoice} options={termOptions(lookups, 'involvement', locale)} />
      <TextField locale={locale} form={form} prefix={prefix} name="perpetratorName" label={t.perpetratorName} maxLength={300} />
    </PartForm>
  );
}

/** A new source, or (with `sourceId`) the corrections to one already recorded. */
export function SourceForm(props: PartFormProps & { sourceId?: number }) {
  const { locale, lookups, sourceId } = props;
  const t = casesMessages[locale];
  const form = props.form ?? emptyForm();
  const s = sourceId ? `s${sourceId}` : 's';
  return (
    <PartForm {...props} action={sourceId ? `sources/${sourceId}` : 'sources'} title={sourceId ? t.editPart : t.addSource} id={sourceId ? `edit-source-${sourceId}` : 'add-source'}>
      <TextField locale={locale} form={form} prefix={s} name="name" label={t.sourceName} required maxLength={300} />
      <SelectField locale={locale} form={form} prefix={s} name="reliability" label={t.reliability} blank={t.noChoice} options={termOptions(lookups, 'reliability', locale)} />
      <TextField locale={locale} form={form} prefix={s} name="obtainedOn" label={t.obtainedOn} hint={t.dateHint} maxLength={10} />
      <TextArea locale={locale} form={form} prefix={s} name="notes" label={t.notes} />
    </PartForm>
  );
}

/** A new timeline entry, or (with `entryId`) the corrections to one already recorded. */
export function TimelineForm(props: PartFormProps & { entryId?: number }) {
  const { locale, entryId } = props;
  const t = casesMessages[locale];
  const form = props.form ?? emptyForm({ accuracy: 'day', kind: 'note' });
  const tl = entryId ? `tl${entryId}` : 'tl';
  return (
    <PartForm {...props} action={entryId ? `timeline/${entryId}` : 'timeline'} title={entryId ? t.editPart : t.addTimelineEntry} id={entryId ? `edit-timeline-${entryId}` : 'add-timeline'}>
      <DateFields locale={locale} form={form} prefix={tl} />
      <SelectField locale={locale} form={form} prefix={tl} name="kind" label={t.entryKind} options={TIMELINE_KINDS.map((k) => ({ value: k, label: t[`kind_${k}`] }))} />
      <TextArea locale={locale} form={form} prefix={tl} name="text" label={t.text} required />
    </PartForm>
  );
}

export function InterventionForm(props: PartFormProps & { victims: CaseDetail['victims']; withAmount: boolean }) {
  const { locale, lookups } = props;
  const t = casesMessages[locale];
  const form = props.form ?? emptyForm({ status: 'ongoing', currency: 'USD' });
  return (
    <PartForm {...props} action="interventions" title={t.addIntervention} id="add-intervention">
      <SelectField locale={locale} form={form} prefix="i" name="type" label={t.interventionType} blank={t.noChoice} options={termOptions(lookups, 'intervention_type', locale)} />
      <SelectField locale={locale} form={form} prefix="i" name="victim" label={t.victim} blank={t.anyVictim} options={props.victims.map((v) => ({ value: String(v.id), label: v.name }))} />
      <SelectField locale={locale} form={form} prefix="i" name="status" label={t.interventionStatus} options={INTERVENTION_STATUSES.map((s) => ({ value: s, label: t[`istatus_${s}`] }))} />
      <div class="field-row">
        <TextField locale={locale} form={form} prefix="i" name="startedOn" label={t.startedOn} hint={t.dateHint} maxLength={10} />
        <TextField locale={locale} form={form} prefix="i" name="endedOn" label={t.endedOn} hint={t.dateHint} maxLength={10} />
      </div>
      {props.withAmount && (
        <div class="field-row">
          <TextField locale={locale} form={form} prefix="i" name="amount" label={t.amount} inputMode="numeric" maxLength={12} />
          <SelectField locale={locale} form={form} prefix="i" name="currency" label={t.currency} options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
        </div>
      )}
      <TextArea locale={locale} form={form} prefix="i" name="notes" label={t.notes} />
    </PartForm>
  );
}

export function EvidenceForm(props: PartFormProps & { maxMb: number }) {
  const { locale } = props;
  const t = casesMessages[locale];
  const form = props.form ?? emptyForm();
  const error = form.errors.file;
  return (
    <PartForm {...props} action="evidence" title={t.uploadEvidence} id="add-evidence" multipart>
      <TextField locale={locale} form={form} prefix="ev" name="description" label={t.description} maxLength={500} />
      <div class={error ? 'field field--error' : 'field'}>
        <label for="ev-file">{t.file}</label>
        <p class="field__hint" id="ev-file-hint">
          {t.fileHint(String(props.maxMb))}
        </p>
        {error && (
          <p class="field__error" id="ev-file-error">
            {error === 'tooLong' ? t.fileTooLarge(String(props.maxMb)) : (t[error] as string)}
          </p>
        )}
        <input id="ev-file" type="file" name="file" required aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'ev-file-hint ev-file-error' : 'ev-file-hint'} />
      </div>
    </PartForm>
  );
}

export function FundRequestForm(props: PartFormProps & { victims: CaseDetail['victims'] }) {
  const { locale, lookups } = props;
  const t = casesMessages[locale];
  const f = fundMessages[locale];
  const form = props.form ?? emptyForm({ currency: 'USD' });
  return (
    <PartForm {...props} action="fund-requests" title={f.requestSupport} id="add-fund-request">
      <SelectField locale={locale} form={form} prefix="fr" name="type" label={f.type} blank={t.noChoice} options={termOptions(lookups, 'intervention_type', locale)} />
      <SelectField locale={locale} form={form} prefix="fr" name="victim" label={f.beneficiary} blank={f.noCaseVictim} options={props.victims.map((v) => ({ value: String(v.id), label: v.name }))} />
      <div class="field-row">
        <TextField locale={locale} form={form} prefix="fr" name="amount" label={f.requestedAmount} inputMode="numeric" required maxLength={12} />
        <SelectField locale={locale} form={form} prefix="fr" name="currency" label={f.currency} options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
      </div>
      <TextArea locale={locale} form={form} prefix="fr" name="justification" label={f.justification} required rows={5} />
    </PartForm>
  );
}
