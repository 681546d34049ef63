import { randomUUID } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { JSX } from 'preact';
import { z } from 'zod';
import { formatNumber } from '../../i18n/format.js';
import type { Locale } from '../../i18n/locales.js';
import { onionUrlFor, type QuickExit } from '../../web/components/quick-exit.js';
import { readForm } from '../../web/form-schema.js';
import { Layout } from '../../web/layout.js';
import { localePath } from '../../web/paths.js';
import { writeAudit } from '../audit/audit.repository.js';
import { createStamp, formGuardKey } from '../form-guard/form-guard.js';
import { textField } from '../form-guard/form-schema.js';
import { readGuardedForm } from '../form-guard/guarded-form.js';
import { refusalStatus, refusalText, type FormProblem } from '../form-guard/form-guard.views.js';
import { fieldIssueText } from '../form-guard/form-schema.js';
import { removeEvidenceFiles } from '../hrd-cases/evidence.store.js';
import { enqueueMails } from '../mail/outbox.js';
import { composeReportNotice } from './report-notification.mail.js';
import { MAX_REPORT_FILE_BYTES, MAX_REPORT_FILES, cleanReportFile, storeReportFile, type CleanedFile } from './report-files.js';
import { readReportInput, reportChoices } from './report-input.js';
import { checkFollowUpToken, normaliseReceiptCode, signFollowUpToken } from './report-secrets.js';
import { readReportMultipart, receivedUpload, REPORT_MULTIPART_LIMITS, type ReceivedUpload } from './report-upload.js';
import { listReportTriageAddresses } from './reports.repository.js';
import { addReporterMessage, openReport, openWithReceipt, submitReport } from './reports.service.js';
import { reportMessages } from './reports.messages.js';
import { FollowUpPage, ReceiptPage, ReportPage, ReporterThreadPage, REPORT_LIMITS, type ReportFormState } from './reports.views.js';
import type { LocaleRouteOptions } from '../feature-options.js';

export const REPORT_FORM_ID = 'report';
export const FOLLOW_UP_FORM_ID = 'report-follow-up';

/** What the report form's text fields take; choices (place, kind, date accuracy) are checked after. */
const reportShape = {
  what: textField({ maxLength: REPORT_LIMITS.what, multiline: true, required: true }),
  detail: textField({ maxLength: REPORT_LIMITS.detail }),
  date: textField({ maxLength: REPORT_LIMITS.date }),
  accuracy: textField({ maxLength: 10 }),
  kind: textField({ maxLength: 12 }),
  province: textField({ maxLength: 12 }),
  district: textField({ maxLength: 12 }),
  commune: textField({ maxLength: 12 }),
  name: textField({ maxLength: REPORT_LIMITS.name }),
  contact: textField({ maxLength: REPORT_LIMITS.contact }),
  mayContact: textField({ maxLength: 3 }),
  contactBy: textField({ maxLength: REPORT_LIMITS.contactBy }),
  mayPublish: textField({ maxLength: 3 }),
  passphrase: textField({ maxLength: REPORT_LIMITS.passphrase }),
};

/** Information a reporter adds: the signed token of the opened report, text and files. */
const addShape = {
  token: textField({ maxLength: 1000, required: true }),
  text: textField({ maxLength: REPORT_LIMITS.addText, multiline: true }),
};

const followUpShape = {
  receipt: textField({ maxLength: 40, required: true }),
  passphrase: textField({ maxLength: REPORT_LIMITS.passphrase, required: true }),
};

const placeQuery = z.object({
  province: z.coerce.number().int().min(1).max(2_147_483_647).optional().catch(undefined),
  district: z.coerce.number().int().min(1).max(2_147_483_647).optional().catch(undefined),
});

/** The audit actor of anything a member of the public does here: no address, no browser. */
const PUBLIC_ACTOR = 'public:report';

/**
 * The secure incident report: /report (the form, then the receipt), /report/follow-up (replies,
 * and information added later). Never cached, never indexed; a quick exit on every page; the
 * request log keeps neither the address nor the query of these paths (web/request-log.ts).
 */
export async function reportRoutes(app: FastifyInstance, { locale }: LocaleRouteOptions): Promise<void> {
  await app.register(multipart, { limits: REPORT_MULTIPART_LIMITS });
  const t = reportMessages[locale];
  const key = () => formGuardKey(app.config);

  const quickExit = (path: string): QuickExit => {
    const onionUrl = onionUrlFor(app.config.onionAddress, localePath(locale, path));
    return { exitUrl: app.config.quickExitUrl, ...(onionUrl ? { onionUrl } : {}) };
  };

  async function sendPage(reply: FastifyReply, title: string, path: string, body: JSX.Element, status = 200) {
    const ctx = await app.siteContexts.get(locale);
    const exit = quickExit(path);
    reply.header('cache-control', 'no-store');
    reply.header('referrer-policy', 'no-referrer');
    return reply.sendHtml(
      <Layout ctx={ctx} meta={{ title, path, noindex: true, quickExit: exit }}>
        {body}
      </Layout>,
      status,
    );
  }

  async function sendReportForm(reply: FastifyReply, places: { province?: number | undefined; district?: number | undefined }, state: Partial<ReportFormState>, status = 200) {
    const choices = await reportChoices(app.db, locale, app.config.locales, places);
    const form: ReportFormState = {
      action: localePath(locale, '/report'),
      stamp: createStamp(key(), REPORT_FORM_ID),
      values: {},
      errors: {},
      problems: [],
      ...state,
    };
    return sendPage(reply, t.title, '/report', <ReportPage locale={locale} form={form} places={choices.places} kinds={choices.kinds} />, status);
  }

  app.get('/report', { config: { public: true } }, async (request, reply) => {
    const q = placeQuery.parse(request.query ?? {});
    return sendReportForm(reply, q, {});
  });

  app.post('/report', { config: { public: true, csrf: 'same-origin' }, preValidation: readReportMultipart }, async (request, reply) => {
    const upload = receivedUpload(request);
    const outcome = await readGuardedForm(app, request, {
      form: 'report',
      shape: reportShape,
      target: 'report',
      formId: REPORT_FORM_ID,
      emailOf: () => '',
      textOf: (v) => `${v.what}\n${v.detail}`,
    });
    const bodyValues = (request.body ?? {}) as Record<string, string>;
    const places = { province: Number(bodyValues.province) || undefined, district: Number(bodyValues.district) || undefined };
    if (outcome.kind === 'bot') return sendPage(reply, t.receivedTitle, '/report', <ReceiptPage locale={locale} receipt="0000-0000-0000-0000-0000" passphrase="-" />);
    if (outcome.kind === 'invalid') {
      const problems = Object.entries(outcome.issues).map(([name, issue]) => ({ fieldId: `report-${name}`, text: fieldIssueText(issue!, locale) }));
      const errors = Object.fromEntries(problems.map((p) => [p.fieldId.slice('report-'.length), p.text]));
      return sendReportForm(reply, places, { values: shown(outcome.values), errors, problems }, 400);
    }
    if (outcome.kind === 'refused') {
      const problems = [{ text: refusalText(outcome.reason, locale, 0) }];
      return sendReportForm(reply, places, { values: shown(outcome.values), problems }, refusalStatus(outcome.reason));
    }
    const read = await readReportInput(app.db, locale, outcome.value);
    const files = await cleanFiles(upload, locale);
    const problems = [...read.problems, ...files.problems];
    if (!read.ok || problems.length > 0) {
      const errors = Object.fromEntries(problems.filter((p) => p.fieldId).map((p) => [p.fieldId!.slice('report-'.length), p.text]));
      return sendReportForm(reply, places, { values: shown(outcome.value), errors, problems }, 400);
    }
    const vault = app.vault;
    // Sealed files are written before the transaction (slow work outside it) and removed if it fails.
    const stored = await Promise.all(files.cleaned.map((f) => storeReportFile(vault, app.storage, f)));
    const [ctx, staff] = await Promise.all([app.siteContexts.get(app.config.defaultLocale), listReportTriageAddresses(app.db)]);
    let result: { id: number; receipt: string; passphrase: string };
    try {
      result = await outcome.store(async (tx) => {
        const saved = await submitReport(tx, vault, { ...read.value, locale }, stored);
        await enqueueMails(tx, staff.map((to) => composeReportNotice({ to, reportId: saved.id, brand: ctx, fallbackLocale: app.config.defaultLocale })));
        return saved;
      });
    } catch (error) {
      await removeEvidenceFiles(app.storage, stored.map((s) => s.storageKey)).catch(() => undefined);
      throw error;
    }
    return sendPage(reply, t.receivedTitle, '/report', <ReceiptPage locale={locale} receipt={result.receipt} passphrase={result.passphrase} />);
  });

  async function sendFollowUpForm(reply: FastifyReply, receipt: string, problems: FormProblem[], status = 200) {
    const stamp = createStamp(key(), FOLLOW_UP_FORM_ID);
    return sendPage(reply, t.followUpTitle, '/report/follow-up', <FollowUpPage locale={locale} stamp={stamp} receipt={receipt} problems={problems} />, status);
  }

  async function sendThread(reply: FastifyReply, reportId: number, notice?: string, problems: FormProblem[] = [], status = 200) {
    const report = await openReport(app.db, app.vault, reportId);
    if (!report) return sendFollowUpForm(reply, '', [{ text: t.wrongReceipt }], 400);
    const view = { status: report.status, receivedOn: report.receivedOn, what: report.what, messages: report.messages };
    const token = signFollowUpToken(key(), reportId);
    return sendPage(reply, t.yourReport, '/report/follow-up', <ReporterThreadPage locale={locale} report={view} token={token} notice={notice} problems={problems} />, status);
  }

  app.get('/report/follow-up', { config: { public: true } }, async (_request, reply) => sendFollowUpForm(reply, '', []));

  app.post('/report/follow-up', { config: { public: true, csrf: 'same-origin', formProblemsInForm: true } }, async (request, reply) => {
    const outcome = await readGuardedForm(app, request, {
      form: 'report-follow-up',
      shape: followUpShape,
      target: 'report-follow-up',
      formId: FOLLOW_UP_FORM_ID,
      // Limits count per receipt code too, so guesses at one report's passphrase stop soon.
      emailOf: (v) => normaliseReceiptCode(v.receipt) ?? v.receipt,
      textOf: () => '',
    });
    if (outcome.kind === 'bot') return sendFollowUpForm(reply, '', [{ text: t.wrongReceipt }], 400);
    if (outcome.kind === 'invalid') return sendFollowUpForm(reply, '', [{ text: t.wrongReceipt }], 400);
    if (outcome.kind === 'refused') {
      await writeAudit(app.db, { actor: PUBLIC_ACTOR, action: 'reports.receipt.refused', subjectType: 'incident_report', subjectId: null, after: { reason: outcome.reason } });
      return sendFollowUpForm(reply, '', [{ text: refusalText(outcome.reason, locale, 0) }], refusalStatus(outcome.reason));
    }
    // Every attempt counts against the limits, whether it opens a report or not.
    await outcome.record();
    const reportId = await openWithReceipt(app.db, outcome.value.receipt, outcome.value.passphrase);
    if (reportId === null) {
      await writeAudit(app.db, { actor: PUBLIC_ACTOR, action: 'reports.receipt.refused', subjectType: 'incident_report', subjectId: null, after: { reason: 'wrongReceiptOrPassphrase' } });
      return sendFollowUpForm(reply, '', [{ text: t.wrongReceipt }], 400);
    }
    await writeAudit(app.db, { actor: PUBLIC_ACTOR, action: 'reports.receipt.opened', subjectType: 'incident_report', subjectId: String(reportId) });
    return sendThread(reply, reportId);
  });

  app.post('/report/follow-up/add', { config: { public: true, csrf: 'same-origin' }, preValidation: readReportMultipart }, async (request, reply) => {
    const read = readForm(addShape, request.body);
    const reportId = checkFollowUpToken(key(), read.ok ? read.value.token : String(read.passed.token ?? ''));
    if (reportId === null) return sendFollowUpForm(reply, '', [{ text: t.expired }], 400);
    if (!read.ok) {
      const problems = Object.entries(read.issues).map(([name, issue]) => ({ fieldId: `add-${name}`, text: fieldIssueText(issue!, locale) }));
      return sendThread(reply, reportId, undefined, problems, 400);
    }
    const text = read.value.text.normalize('NFC');
    const files = await cleanFiles(receivedUpload(request), locale);
    if (files.problems.length > 0) return sendThread(reply, reportId, undefined, files.problems, 400);
    if (!text && files.cleaned.length === 0) return sendThread(reply, reportId, undefined, [{ text: t.nothingToAdd }], 400);
    const stored = await Promise.all(files.cleaned.map((f) => storeReportFile(app.vault, app.storage, f)));
    try {
      const [ctx, staff] = await Promise.all([app.siteContexts.get(app.config.defaultLocale), listReportTriageAddresses(app.db)]);
      const event = { kind: 'added', key: randomUUID() } as const;
      await app.db.transaction().execute(async (tx) => {
        await addReporterMessage(tx, app.vault, reportId, text, stored);
        await enqueueMails(tx, staff.map((to) => composeReportNotice({ to, reportId, event, brand: ctx, fallbackLocale: app.config.defaultLocale })));
      });
    } catch (error) {
      await removeEvidenceFiles(app.storage, stored.map((s) => s.storageKey)).catch(() => undefined);
      throw error;
    }
    return sendThread(reply, reportId, t.added);
  });
}

/** What was typed, as the form shows it again (the passphrase never comes back). */
function shown(values: Record<string, unknown>): Partial<Record<string, string>> {
  const out: Partial<Record<string, string>> = {};
  for (const [name, value] of Object.entries(values)) if (name !== 'passphrase' && typeof value === 'string') out[name] = value;
  return out;
}

/** Every received file cleaned, or what is wrong with them (nothing is stored until all pass). */
async function cleanFiles(upload: ReceivedUpload, locale: Locale): Promise<{ cleaned: CleanedFile[]; problems: FormProblem[] }> {
  const t = reportMessages[locale];
  const size = formatNumber(MAX_REPORT_FILE_BYTES / 1024 / 1024, locale);
  if (upload.overLimit === 'tooMany') return { cleaned: [], problems: [{ fieldId: 'report-files', text: t.fileTooMany(formatNumber(MAX_REPORT_FILES, locale)) }] };
  if (upload.overLimit === 'tooLarge') return { cleaned: [], problems: [{ fieldId: 'report-files', text: t.fileTooLarge(upload.files.at(-1)?.name ?? '', size) }] };
  const cleaned: CleanedFile[] = [];
  const problems: FormProblem[] = [];
  for (const file of upload.files) {
    if (file.bytes.length === 0) continue;
    const result = await cleanReportFile(file.name, file.bytes);
    if (result.ok) cleaned.push(result.file);
    else problems.push({ fieldId: 'report-files', text: result.problem === 'tooLarge' ? t.fileTooLarge(file.name, size) : t.fileRefused(file.name) });
  }
  return { cleaned, problems };
}
