import type { Vault } from '../../crypto/envelope.js';
import type { Db, DbOrTx } from '../../db/database.js';
import { hashPassword, verifyPassword } from '../accounts/passwords.js';
import { writeAudit } from '../audit/audit.repository.js';
import { userActor } from '../audit/actors.js';
import { addAct, addEvent, addVictim } from '../hrd-cases/case-parts.repository.js';
import { createCase } from '../hrd-cases/cases.repository.js';
import type { DateAccuracy } from '../hrd-cases/cases.tables.js';
import { recordEvidence } from '../hrd-cases/evidence.store.js';
import { sealContext } from '../hrd-cases/protected-fields.js';
import { findTermByCode } from '../hrd-vocabularies/vocabularies.repository.js';
import { newPassphrase, newReceiptCode, normaliseReceiptCode, receiptHash } from './report-secrets.js';
import type { storeReportFile } from './report-files.js';
import {
  deleteReportAttachments,
  findReport,
  findReportByReceiptHash,
  insertReport,
  insertReportAttachment,
  insertReportMessage,
  listReportAttachments,
  listReportMessages,
  updateReport,
  type ReportRow,
} from './reports.repository.js';
import type { ReportMessageAuthor, ReportStatus } from './reports.tables.js';

/*
 * Reports are sealed field by field as they arrive, with the vault that seals case records
 * (contexts `incident_reports.<column>`), and opened only for a monitor (audited) or for the
 * reporter who holds the receipt and the passphrase.
 */

/** When it happened, as precisely as the reporter knows it. */
export type ReportAccuracy = Exclude<DateAccuracy, 'approximate'> | 'unknown';

export interface ReportWhen {
  /** YYYY-MM-DD (first of the month or year when only that is known); null when unknown. */
  date: string | null;
  accuracy: ReportAccuracy;
}

export interface ReportWhere {
  provinceId: number | null;
  districtId: number | null;
  communeId: number | null;
  detail: string | null;
}

export interface ReportWho {
  name: string | null;
  contact: string | null;
  mayContact: boolean;
  contactBy: string | null;
  mayPublishAnonymously: boolean;
}

export interface NewReport {
  locale: string;
  what: string;
  /** The kind of incident the reporter chose (an act type), if any. */
  actTypeId: number | null;
  when: ReportWhen;
  where: ReportWhere;
  who: ReportWho;
  /** Chosen by the reporter, or null to generate one. */
  passphrase: string | null;
}

type StoredFile = Awaited<ReturnType<typeof storeReportFile>>;

const ctx = {
  what: sealContext('incident_reports', 'what_enc'),
  when: sealContext('incident_reports', 'when_enc'),
  where: sealContext('incident_reports', 'where_enc'),
  who: sealContext('incident_reports', 'who_enc'),
  rejectReason: sealContext('incident_reports', 'reject_reason_enc'),
  message: sealContext('incident_report_messages', 'body_enc'),
  fileName: sealContext('incident_report_attachments', 'file_name_enc'),
  mediaType: sealContext('incident_report_attachments', 'media_type_enc'),
  size: sealContext('incident_report_attachments', 'size_enc'),
  sha256: sealContext('incident_report_attachments', 'sha256_enc'),
};

const today = () => new Date().toISOString().slice(0, 10);
const hasWho = (w: ReportWho) => Boolean(w.name || w.contact || w.mayContact || w.mayPublishAnonymously);

/** Everything but the "what" goes into the "when" column's JSON, so the act type is sealed too. */
interface SealedWhen extends ReportWhen {
  actTypeId: number | null;
}

async function writeFiles(tx: DbOrTx, vault: Vault, reportId: number, files: StoredFile[]): Promise<void> {
  for (const f of files) {
    await insertReportAttachment(tx, {
      reportId,
      storageKey: f.storageKey,
      fileNameEnc: vault.seal(f.name, ctx.fileName),
      mediaTypeEnc: vault.seal(f.mediaType, ctx.mediaType),
      sizeEnc: vault.seal(String(f.size), ctx.size),
      sha256Enc: vault.seal(f.sha256, ctx.sha256),
    });
  }
}

/** Stores a sealed report with its files; the receipt code and passphrase are returned once, never stored. */
export async function submitReport(tx: DbOrTx, vault: Vault, report: NewReport, files: StoredFile[]): Promise<{ id: number; receipt: string; passphrase: string }> {
  const receipt = newReceiptCode();
  const passphrase = report.passphrase ?? newPassphrase();
  const when: SealedWhen = { ...report.when, actTypeId: report.actTypeId };
  const id = await insertReport(tx, {
    status: 'new',
    locale: report.locale,
    receivedOn: today(),
    receiptHash: receiptHash(normaliseReceiptCode(receipt)!),
    passphraseHash: await hashPassword(passphrase),
    whatEnc: vault.seal(report.what, ctx.what),
    whenEnc: vault.seal(JSON.stringify(when), ctx.when),
    whereEnc: vault.seal(JSON.stringify(report.where), ctx.where),
    whoEnc: hasWho(report.who) ? vault.seal(JSON.stringify(report.who), ctx.who) : null,
    rejectReasonEnc: null,
    duplicateOfReportId: null,
    duplicateOfCaseId: null,
    caseId: null,
    updatedAt: new Date().toISOString(),
  });
  await writeFiles(tx, vault, id, files);
  await writeAudit(tx, { actor: 'public:report', action: 'reports.receive', subjectType: 'incident_report', subjectId: String(id), after: { files: files.length } });
  return { id, receipt, passphrase };
}

/**
 * The report a receipt and passphrase open, or null. An unknown receipt costs an argon2 check
 * as a wrong passphrase does, so the answer's timing does not tell which of the two was wrong.
 */
export async function openWithReceipt(db: DbOrTx, receipt: string, passphrase: string): Promise<number | null> {
  const code = normaliseReceiptCode(receipt);
  const row = code ? await findReportByReceiptHash(db, receiptHash(code)) : undefined;
  const ok = await verifyPassword(row?.passphraseHash, passphrase);
  return ok && row ? row.id : null;
}

export interface OpenedMessage {
  id: number;
  author: ReportMessageAuthor;
  userId: number | null;
  body: string;
  sentOn: string;
}

export interface OpenedAttachment {
  id: number;
  storageKey: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
}

export interface OpenedReport {
  id: number;
  status: ReportStatus;
  locale: string;
  receivedOn: string;
  what: string;
  actTypeId: number | null;
  when: ReportWhen;
  where: ReportWhere;
  who: ReportWho | null;
  rejectReason: string | null;
  duplicateOfReportId: number | null;
  duplicateOfCaseId: number | null;
  caseId: number | null;
  messages: OpenedMessage[];
  attachments: OpenedAttachment[];
}

export async function openReport(db: DbOrTx, vault: Vault, id: number): Promise<OpenedReport | null> {
  const row = await findReport(db, id);
  if (!row) return null;
  return openRow(db, vault, row);
}

async function openRow(db: DbOrTx, vault: Vault, row: ReportRow): Promise<OpenedReport> {
  const [messages, attachments] = await Promise.all([listReportMessages(db, row.id), listReportAttachments(db, row.id)]);
  const when = JSON.parse(vault.open(row.whenEnc, ctx.when)) as SealedWhen;
  const whoJson = vault.openOptional(row.whoEnc, ctx.who);
  return {
    id: row.id,
    status: row.status,
    locale: row.locale,
    receivedOn: row.receivedOn,
    what: vault.open(row.whatEnc, ctx.what),
    actTypeId: when.actTypeId ?? null,
    when: { date: when.date, accuracy: when.accuracy },
    where: JSON.parse(vault.open(row.whereEnc, ctx.where)) as ReportWhere,
    who: whoJson ? (JSON.parse(whoJson) as ReportWho) : null,
    rejectReason: vault.openOptional(row.rejectReasonEnc, ctx.rejectReason),
    duplicateOfReportId: row.duplicateOfReportId,
    duplicateOfCaseId: row.duplicateOfCaseId,
    caseId: row.caseId,
    messages: messages.map((m) => ({ id: m.id, author: m.author, userId: m.userId, body: vault.open(m.bodyEnc, ctx.message), sentOn: m.sentOn })),
    attachments: attachments.map((a) => ({
      id: a.id,
      storageKey: a.storageKey,
      name: vault.open(a.fileNameEnc, ctx.fileName),
      mediaType: vault.open(a.mediaTypeEnc, ctx.mediaType),
      size: Number(vault.open(a.sizeEnc, ctx.size)),
      sha256: vault.open(a.sha256Enc, ctx.sha256),
    })),
  };
}

/** Information the reporter adds later, with any files; a rejected or closed report takes it too. */
export async function addReporterMessage(tx: DbOrTx, vault: Vault, reportId: number, body: string, files: StoredFile[]): Promise<void> {
  if (body) await insertReportMessage(tx, { reportId, author: 'reporter', userId: null, bodyEnc: vault.seal(body, ctx.message), sentOn: today() });
  await writeFiles(tx, vault, reportId, files);
  await writeAudit(tx, { actor: 'public:report', action: 'reports.followUp', subjectType: 'incident_report', subjectId: String(reportId), after: { files: files.length } });
}

/** A monitor's reply, read by the reporter through the receipt. */
export async function replyToReporter(tx: DbOrTx, vault: Vault, reportId: number, body: string, userId: number, status: ReportStatus): Promise<void> {
  await insertReportMessage(tx, { reportId, author: 'staff', userId, bodyEnc: vault.seal(body, ctx.message), sentOn: today() });
  if (status === 'new' || status === 'read') await updateReport(tx, reportId, { status: 'replied' });
  await writeAudit(tx, { actor: userActor(userId), action: 'reports.reply', subjectType: 'incident_report', subjectId: String(reportId) });
}

export async function markDuplicate(tx: DbOrTx, reportId: number, of: { reportId: number | null; caseId: number | null }, userId: number): Promise<void> {
  await updateReport(tx, reportId, { status: 'duplicate', duplicateOfReportId: of.reportId, duplicateOfCaseId: of.caseId });
  await writeAudit(tx, { actor: userActor(userId), action: 'reports.duplicate', subjectType: 'incident_report', subjectId: String(reportId), after: of });
}

export async function rejectReport(tx: DbOrTx, vault: Vault, reportId: number, reason: string, userId: number): Promise<void> {
  await updateReport(tx, reportId, { status: 'rejected', rejectReasonEnc: vault.seal(reason, ctx.rejectReason) });
  // The reason is sealed in the row; the audit row says only that it was rejected.
  await writeAudit(tx, { actor: userActor(userId), action: 'reports.reject', subjectType: 'incident_report', subjectId: String(reportId) });
}

/** Marks a new report read when a monitor first opens it; every read is audited. */
export async function auditReportRead(db: Db, report: Pick<OpenedReport, 'id' | 'status'>, userId: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    if (report.status === 'new') await updateReport(tx, report.id, { status: 'read' });
    await writeAudit(tx, { actor: userActor(userId), action: 'reports.read', subjectType: 'incident_report', subjectId: String(report.id) });
  });
}

/**
 * A new case from the report, through the case repositories: the event (date, province, exact
 * place, what happened), the reporter as a victim when they gave a name, an act of the kind they
 * chose ("possible": reported, not yet verified), and the files as evidence, their sealed
 * files handed over with the SHA-256 recorded at arrival.
 */
export async function turnIntoCase(tx: DbOrTx, vault: Vault, report: OpenedReport, title: string, userId: number): Promise<{ id: number; reference: string }> {
  const openedOn = today();
  const created = await createCase(tx, vault, { title, summary: report.what, status: 'open', openedOn, closedOn: null }, userId);
  const accuracy: DateAccuracy = report.when.accuracy === 'unknown' ? 'approximate' : report.when.accuracy;
  const eventId = await addEvent(tx, vault, created.id, {
    occurredOn: report.when.date ?? report.receivedOn,
    dateAccuracy: accuracy,
    provinceId: report.where.provinceId,
    place: { districtId: report.where.districtId, communeId: report.where.communeId, detail: report.where.detail },
    description: report.what,
  });
  const who = report.who;
  if (who?.name) {
    const consent = [who.mayContact ? `may contact${who.contactBy ? ` (${who.contactBy})` : ''}` : 'do not contact', who.mayPublishAnonymously ? 'may publish anonymously' : 'do not publish'];
    const victimId = await addVictim(tx, vault, created.id, {
      kind: 'person',
      name: who.name,
      groupSize: null,
      hrdCategoryId: null,
      sex: 'unknown',
      ageGroup: 'unknown',
      affiliation: null,
      contact: who.mayContact ? who.contact : null,
      notes: `From incident report ${report.id}: ${consent.join('; ')}.`,
    });
    const possible = await findTermByCode(tx, 'verification', 'possible');
    if (report.actTypeId && possible) {
      await addAct(tx, vault, { eventId, victimId, actTypeId: report.actTypeId, classification: 'violation', verificationId: possible.id, rightIds: [], perpetrators: [], notes: null });
    }
  }
  for (const a of report.attachments) {
    await recordEvidence(tx, vault, created.id, { storageKey: a.storageKey, sha256: a.sha256, size: a.size, mediaType: a.mediaType }, { fileName: a.name, description: `From incident report ${report.id}` }, userId);
  }
  await deleteReportAttachments(tx, report.id);
  await updateReport(tx, report.id, { status: 'case', caseId: created.id });
  await writeAudit(tx, { actor: userActor(userId), action: 'case.create', subjectType: 'hrd_case', subjectId: String(created.id), after: { reference: created.reference, fromReport: report.id } });
  await writeAudit(tx, { actor: userActor(userId), action: 'reports.toCase', subjectType: 'incident_report', subjectId: String(report.id), after: { caseId: created.id, files: report.attachments.length } });
  return created;
}
