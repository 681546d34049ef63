import multipart, { type Multipart } from '@fastify/multipart';
import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { userActor } from '../audit/actors.js';
import { refuse } from '../audit/refusals.js';
import { writeAudit } from '../audit/audit.repository.js';
import { listAllTerms, listPlaceCodes, listProvinces, placeName } from '../hrd-vocabularies/vocabularies.repository.js';
import { listFundRequests } from './fund-requests.repository.js';
import { readCaseDetail } from './case-detail.js';
import type { FormState } from './case-form-controls.js';
import { evidenceShape, MAX_SHORT_TEXT } from './case-input.js';
import type { CasesMessageKey } from './cases.messages.js';
import { loadLookups } from './case-lookups.js';
import { auditRead, caseIdOf, guardCase, renderCasePage } from './case-page.render.js';
import { bumpCaseVersion, listCasesForExport } from './cases.repository.js';
import { can } from './cases.policy.js';
import { readListFilter } from './case-list-filter.js';
import { EvidenceMissingError, MAX_EVIDENCE_BYTES, openEvidenceFile, recordEvidence, removeEvidenceFiles, storeEvidenceFile, type StoredEvidence } from './evidence.store.js';
import { guardCsvCell } from '../../web/csv-guard.js';
import { readForm } from '../../web/form-schema.js';
import { classifyStorageError, storageFailureStatus, type StorageFailure } from '../../web/storage-errors.js';
import { cleanFileName } from '../form-guard/form-fields.js';

/** More cases than this are not put in one CSV file. */
const MAX_CSV_ROWS = 50_000;

type Parts = AsyncIterableIterator<Multipart>;
const pendingParts = new WeakMap<FastifyRequest, Parts>();

/** `attachment; filename*=` with the name percent-encoded (RFC 6266/5987), plus an ASCII fallback. */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, '_').slice(0, 150) || 'file';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName.slice(0, 200))}`;
}

/** Evidence files (upload, download) and exports of case data; every read is audited. */
export async function caseFilesRoutes(app: FastifyInstance): Promise<void> {
  // Registered here only: no other case route accepts a multipart body.
  await app.register(multipart, { limits: { fileSize: MAX_EVIDENCE_BYTES, files: 1, fields: 5, fieldSize: 4096, parts: 6 } });

  app.post(
    '/admin/cases/:id/evidence',
    {
      // The CSRF check reads `body._csrf` before the handler: the form sends it first.
      preValidation: async (request) => {
        if (!request.isMultipart()) return;
        const parts = request.parts();
        const first = await parts.next();
        const part = first.done ? undefined : first.value;
        request.body = part && part.type === 'field' && part.fieldname === '_csrf' ? { _csrf: String(part.value) } : {};
        pendingParts.set(request, parts);
      },
    },
    async (request, reply) => {
      const head = await guardCase(request, reply, caseIdOf(request.params), 'evidence.upload');
      if (!head) return reply;
      const user = request.user!;
      const parts = pendingParts.get(request);
      const fields: Record<string, string> = {};
      let file: { name: string; bytes: Buffer } | undefined;
      let tooLarge = false;
      if (parts) {
        try {
          for await (const part of parts) {
            if (part.type === 'field') fields[part.fieldname] = String(part.value);
            else if (part.fieldname === 'file' && part.filename && !file) file = { name: cleanFileName(part.filename), bytes: await part.toBuffer() };
            else part.file.resume();
          }
        } catch (error) {
          // Beyond the limit the rest of the request is not read at all.
          if ((error as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw error;
          tooLarge = true;
        }
      }
      const read = readForm<typeof evidenceShape, CasesMessageKey>(evidenceShape, fields);
      const form: FormState = { values: { description: read.values.description }, errors: read.ok ? {} : { description: read.issues.description?.code } };
      const { description, version } = read.ok ? read.value : { description: '', version: 0 };
      if (tooLarge) form.errors.file = 'tooLong';
      else if (!file || file.bytes.length === 0) form.errors.file = 'fileRequired';
      if (Object.keys(form.errors).length || !file) return renderCasePage(request, reply, head.id, { status: tooLarge ? 413 : 400, forms: { evidence: form } });

      const refused = (failure: StorageFailure) => {
        form.errors.file = failure;
        return renderCasePage(request, reply, head.id, { status: storageFailureStatus(failure), forms: { evidence: form } });
      };
      let stored: StoredEvidence;
      try {
        stored = await storeEvidenceFile(app.vault, app.storage, file.bytes);
      } catch (err) {
        const failure = classifyStorageError(err);
        if (!failure) throw err;
        return refused(failure);
      }
      let conflict = false;
      try {
        await app.db.transaction().execute(async (tx) => {
          if (!(await bumpCaseVersion(tx, head.id, version))) {
            conflict = true;
            throw new Error('stale');
          }
          const evidenceId = await recordEvidence(tx, app.vault, head.id, stored, { fileName: file.name.slice(0, MAX_SHORT_TEXT), description: description || null }, user.id);
          await writeAudit(tx, {
            actor: userActor(user.id),
            action: 'evidence.upload',
            subjectType: 'hrd_case',
            subjectId: String(head.id),
            // Not the SHA-256, size or type: the audit log is not sealed, and they would identify the file.
            after: { evidenceId },
          });
        });
      } catch (err) {
        // Nothing was recorded: the sealed file must not stay behind.
        await removeEvidenceFiles(app.storage, [stored.storageKey]).catch((error: unknown) => request.log.warn({ err: error }, 'an unrecorded evidence file could not be removed'));
        // The database shares the disk: a full one refuses the row as it refused files.
        const failure = classifyStorageError(err);
        if (failure) return refused(failure);
        if (!conflict) throw err;
        return renderCasePage(request, reply, head.id, { status: 409, conflict: true, forms: { evidence: form } });
      }
      return reply.redirect(`/admin/cases/${head.id}?done=evidence#case-evidence`, 303);
    },
  );

  app.get('/admin/cases/:id/evidence/:eid', async (request, reply) => {
    const head = await guardCase(request, reply, caseIdOf(request.params), 'evidence.download');
    if (!head) return reply;
    const eid = caseIdOf(request.params, 'eid');
    const file = eid ? await openEvidenceFile(app.db, app.vault, app.storage, head.id, eid).catch(missingAsNull(request)) : null;
    if (!file) return reply.callNotFound();
    await auditRead(app.db, request, 'evidence.download', 'hrd_evidence', file.id, { caseId: head.id });
    return reply
      .header('content-type', file.mediaType === 'application/pdf' || file.mediaType.startsWith('image/') ? file.mediaType : 'application/octet-stream')
      .header('content-disposition', attachment(file.fileName))
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(file.bytes);
  });

  app.get('/admin/cases/:id/export.json', async (request, reply) => {
    const head = await guardCase(request, reply, caseIdOf(request.params), 'cases.export');
    if (!head) return reply;
    const user = request.user!;
    const detail = await readCaseDetail(app.db, app.vault, head.id);
    if (!detail) return reply.callNotFound();
    const [terms, places, fund] = await Promise.all([listAllTerms(app.db), listPlaceCodes(app.db, 'en'), listFundRequests(app.db, { caseId: head.id })]);
    const code = (id: number | null | undefined) => (id == null ? null : (terms.find((t) => t.id === id)?.code ?? null));
    const place = (id: number | null | undefined) => {
      const p = id == null ? undefined : places.find((x) => x.id === id);
      return p ? { code: p.code, name: p.name } : null;
    };
    const fundView = can(user, 'fund.view');
    const data = {
      reference: detail.reference,
      title: detail.title,
      summary: detail.summary,
      status: detail.status,
      openedOn: detail.openedOn,
      closedOn: detail.closedOn,
      version: detail.version,
      victims: detail.victims.map((v) => ({ ...v, hrdCategory: code(v.hrdCategoryId), hrdCategoryId: undefined })),
      events: detail.events.map((e) => ({
        id: e.id,
        occurredOn: e.occurredOn,
        dateAccuracy: e.dateAccuracy,
        province: place(e.provinceId),
        district: place(e.place?.districtId),
        commune: place(e.place?.communeId),
        placeDetail: e.place?.detail ?? null,
        description: e.description,
      })),
      acts: detail.acts.map((a) => ({
        id: a.id,
        eventId: a.eventId,
        victimId: a.victimId,
        actType: code(a.actTypeId),
        classification: a.classification,
        verification: code(a.verificationId),
        rights: a.rightIds.map(code),
        perpetrators: a.perpetratorDetails.map((p) => ({ type: code(p.perpetratorTypeId), involvement: code(p.involvementId), name: p.name })),
        notes: a.notes,
      })),
      sources: detail.sources.map((s) => ({ name: s.name, reliability: code(s.reliabilityId), obtainedOn: s.obtainedOn, notes: s.notes })),
      timeline: detail.timeline,
      interventions: detail.interventions.map((i) => ({
        type: code(i.typeId),
        victimId: i.victimId,
        status: i.status,
        startedOn: i.startedOn,
        endedOn: i.endedOn,
        fromFund: i.fundRequestId !== null,
        ...(i.fundRequestId === null || fundView ? { amount: i.amount, currency: i.currency } : {}),
        notes: i.notes,
      })),
      evidence: detail.evidence.map((e) => ({ fileName: e.fileName, description: e.description, mediaType: e.mediaType, size: e.size, sha256: e.sha256, uploadedAt: e.uploadedAt })),
      ...(fundView
        ? {
            fundRequests: fund.map((r) => ({
              type: code(r.typeId),
              status: r.status,
              requestedAmount: r.requestedAmount,
              approvedAmount: r.approvedAmount,
              disbursedAmount: r.disbursedAmount,
              currency: r.currency,
              requestedAt: r.requestedAt,
              decidedAt: r.decidedAt,
              disbursedOn: r.disbursedOn,
            })),
          }
        : {}),
      exportedAt: new Date().toISOString(),
    };
    await auditRead(app.db, request, 'case.export', 'hrd_case', head.id, { format: 'json', reference: head.reference });
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', attachment(`${detail.reference}.json`))
      .header('cache-control', 'no-store')
      .send(JSON.stringify(data, null, 2));
  });

  // The list as CSV: references, dates, places and kinds of acts — no sealed value at all.
  app.get('/admin/cases/export.csv', async (request, reply) => {
    const user = request.user!;
    if (!can(user, 'cases.export')) return refuse(app, request, reply, 'cases.export');
    const lookups = await loadLookups(app.db, 'en');
    const { filter, values } = readListFilter(request.query, lookups);
    const [rows, terms, provinces] = await Promise.all([listCasesForExport(app.db, filter, MAX_CSV_ROWS), listAllTerms(app.db), listProvinces(app.db)]);
    const termCode = new Map(terms.map((t) => [t.id, t.code]));
    const provinceName = new Map(provinces.map((p) => [p.id, placeName(p, 'en')]));
    const csv = stringify(
      // Place names and codes are edited in the admin, so any text cell could start a formula.
      rows.map((r) => [
        ...[r.reference, r.status, r.openedOn, r.closedOn ?? '', r.firstEventOn ?? '', r.provinceIds.map((id) => provinceName.get(id) ?? '').join('; '), r.actTypeIds.map((id) => termCode.get(id) ?? '').join('; ')].map(guardCsvCell),
        r.victimCount,
      ]),
      { header: true, columns: ['reference', 'status', 'opened_on', 'closed_on', 'first_event_on', 'provinces', 'act_types', 'victims'] },
    );
    await writeAudit(app.db, { actor: userActor(user.id), action: 'case.export', subjectType: 'hrd_case', subjectId: null, after: { format: 'csv', filter: values, rows: rows.length } });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', attachment('hrd-cases.csv'))
      .header('cache-control', 'no-store')
      .send(csv);
  });
}

/** A row whose file the storage lacks is answered as not found, and said loudly in the log. */
function missingAsNull(request: FastifyRequest) {
  return (err: unknown) => {
    if (!(err instanceof EvidenceMissingError)) throw err;
    request.log.error({ err }, 'evidence file listed in the database is missing from storage');
    return null;
  };
}
