import type { Vault } from '../../crypto/envelope.js';
import type { DbOrTx } from '../../db/database.js';
import { nowIso } from '../../db/schema-helpers.js';
import { userActor } from '../audit/actors.js';
import { writeAudit } from '../audit/audit.repository.js';
import { addIntervention } from './case-parts.repository.js';
import type { CURRENCIES, FundRequestStatus } from './cases.tables.js';
import { sealContext } from './protected-fields.js';

/*
 * The support fund: a monitor asks for support on behalf of a defender; a fund manager assesses
 * the request, then approves or declines it; an approved request is paid. Each step is a
 * conditional update on the status it starts from, so two people acting at once cannot both
 * move one request, and each step writes its audit row (no sealed text in it) in its transaction.
 *
 * Fund requests are case data (their tables are the case's, and the case page shows them), so
 * they live here; the fund's own pages (`hrd-fund`) are built on them.
 */

export type Currency = (typeof CURRENCIES)[number];
export type FundStep = 'assess' | 'approve' | 'decline' | 'disburse';

/** The statuses each step may start from; anything else is refused with a message. */
export const STEP_FROM: Record<FundStep, readonly FundRequestStatus[]> = {
  assess: ['requested', 'assessing'],
  approve: ['assessing'],
  decline: ['requested', 'assessing'],
  disburse: ['approved'],
};

export function stepAllowed(step: FundStep, status: FundRequestStatus): boolean {
  return STEP_FROM[step].includes(status);
}

export interface FundRequestInput {
  caseId: number;
  victimId: number | null;
  typeId: number;
  requestedAmount: number;
  currency: Currency;
  justification: string;
}

const audit = (tx: DbOrTx, userId: number, action: string, id: number, before: unknown, after: unknown) =>
  writeAudit(tx, { actor: userActor(userId), action, subjectType: 'hrd_fund_request', subjectId: String(id), before, after });

export async function createFundRequest(tx: DbOrTx, vault: Vault, input: FundRequestInput, userId: number, now = nowIso()): Promise<number> {
  const row = await tx
    .insertInto('hrdFundRequests')
    .values({
      caseId: input.caseId,
      victimId: input.victimId,
      typeId: input.typeId,
      status: 'requested',
      requestedAmount: input.requestedAmount,
      currency: input.currency,
      justificationEnc: vault.seal(input.justification, sealContext('hrd_fund_requests', 'justification_enc')),
      requestedBy: userId,
      requestedAt: now,
      updatedAt: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(tx, userId, 'fund.request', row.id, undefined, { caseId: input.caseId, typeId: input.typeId, amount: input.requestedAmount, currency: input.currency, status: 'requested' });
  return row.id;
}

type StepResult = { ok: true } | { ok: false; status: FundRequestStatus | null };

async function move(tx: DbOrTx, id: number, step: FundStep, set: Record<string, unknown>): Promise<StepResult> {
  const current = await tx.selectFrom('hrdFundRequests').select('status').where('id', '=', id).executeTakeFirst();
  if (!current) return { ok: false, status: null };
  if (!stepAllowed(step, current.status)) return { ok: false, status: current.status };
  const result = await tx
    .updateTable('hrdFundRequests')
    .set(set as never)
    .where('id', '=', id)
    .where('status', '=', current.status)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? { ok: true } : { ok: false, status: current.status };
}

export async function assessFundRequest(tx: DbOrTx, vault: Vault, id: number, assessment: string, userId: number, now = nowIso()): Promise<StepResult> {
  const r = await move(tx, id, 'assess', {
    status: 'assessing',
    assessmentEnc: vault.seal(assessment, sealContext('hrd_fund_requests', 'assessment_enc')),
    assessedBy: userId,
    assessedAt: now,
    updatedAt: now,
  });
  if (r.ok) await audit(tx, userId, 'fund.assess', id, undefined, { status: 'assessing' });
  return r;
}

export async function decideFundRequest(
  tx: DbOrTx,
  vault: Vault,
  id: number,
  decision: { approve: true; approvedAmount: number; note: string | null } | { approve: false; note: string | null },
  userId: number,
  now = nowIso(),
): Promise<StepResult> {
  const status = decision.approve ? 'approved' : 'declined';
  const r = await move(tx, id, decision.approve ? 'approve' : 'decline', {
    status,
    approvedAmount: decision.approve ? decision.approvedAmount : null,
    decidedBy: userId,
    decidedAt: now,
    decisionNoteEnc: vault.sealOptional(decision.note, sealContext('hrd_fund_requests', 'decision_note_enc')),
    updatedAt: now,
  });
  if (r.ok) await audit(tx, userId, `fund.${decision.approve ? 'approve' : 'decline'}`, id, undefined, { status, approvedAmount: decision.approve ? decision.approvedAmount : null });
  return r;
}

/** Records the payment and the support it pays for on the case, in one transaction. */
export async function disburseFundRequest(
  tx: DbOrTx,
  vault: Vault,
  id: number,
  payment: { amount: number; paidOn: string },
  userId: number,
  now = nowIso(),
): Promise<StepResult & { interventionId?: number }> {
  const r = await move(tx, id, 'disburse', { status: 'disbursed', disbursedAmount: payment.amount, disbursedOn: payment.paidOn, disbursedBy: userId, updatedAt: now });
  if (!r.ok) return r;
  const request = await tx.selectFrom('hrdFundRequests').select(['caseId', 'victimId', 'typeId', 'currency']).where('id', '=', id).executeTakeFirstOrThrow();
  const interventionId = await addIntervention(
    tx,
    vault,
    request.caseId,
    {
      victimId: request.victimId,
      typeId: request.typeId,
      status: 'ongoing',
      startedOn: payment.paidOn,
      endedOn: null,
      amount: payment.amount,
      currency: request.currency,
      fundRequestId: id,
      notes: null,
    },
    userId,
    now,
  );
  await audit(tx, userId, 'fund.disburse', id, undefined, { status: 'disbursed', amount: payment.amount, currency: request.currency, paidOn: payment.paidOn, interventionId });
  await writeAudit(tx, {
    actor: userActor(userId),
    action: 'intervention.create',
    subjectType: 'hrd_case',
    subjectId: String(request.caseId),
    after: { interventionId, fundRequestId: id, amount: payment.amount, currency: request.currency },
  });
  return { ok: true, interventionId };
}

export interface FundRequestRow {
  id: number;
  caseId: number;
  caseReference: string;
  victimId: number | null;
  typeId: number;
  status: FundRequestStatus;
  requestedAmount: number;
  currency: Currency;
  requestedBy: number | null;
  requestedByName: string | null;
  requestedAt: string;
  assessedBy: number | null;
  assessedAt: string | null;
  approvedAmount: number | null;
  decidedBy: number | null;
  decidedAt: string | null;
  disbursedAmount: number | null;
  disbursedOn: string | null;
  disbursedBy: number | null;
}

function baseQuery(db: DbOrTx) {
  return db
    .selectFrom('hrdFundRequests as r')
    .innerJoin('hrdCases as c', 'c.id', 'r.caseId')
    .leftJoin('users as u', 'u.id', 'r.requestedBy')
    .select([
      'r.id',
      'r.caseId',
      'c.reference as caseReference',
      'r.victimId',
      'r.typeId',
      'r.status',
      'r.requestedAmount',
      'r.currency',
      'r.requestedBy',
      'u.name as requestedByName',
      'r.requestedAt',
      'r.assessedBy',
      'r.assessedAt',
      'r.approvedAmount',
      'r.decidedBy',
      'r.decidedAt',
      'r.disbursedAmount',
      'r.disbursedOn',
      'r.disbursedBy',
    ]);
}

/** Requests without any sealed column: for lists. `requestedBy` limits to one person's requests. */
export async function listFundRequests(db: DbOrTx, filter: { status?: FundRequestStatus; requestedBy?: number; caseId?: number }): Promise<FundRequestRow[]> {
  let q = baseQuery(db);
  if (filter.status) q = q.where('r.status', '=', filter.status);
  if (filter.requestedBy !== undefined) q = q.where('r.requestedBy', '=', filter.requestedBy);
  if (filter.caseId !== undefined) q = q.where('r.caseId', '=', filter.caseId);
  return (await q.orderBy('r.requestedAt', 'desc').orderBy('r.id', 'desc').limit(500).execute()) as FundRequestRow[];
}

export interface OpenedFundRequest extends FundRequestRow {
  justification: string;
  assessment: string | null;
  decisionNote: string | null;
  people: Record<number, string>;
}

/** One request with its sealed texts opened and the names of the people who acted on it. */
export async function readFundRequest(db: DbOrTx, vault: Vault, id: number): Promise<OpenedFundRequest | null> {
  const row = (await baseQuery(db).where('r.id', '=', id).executeTakeFirst()) as FundRequestRow | undefined;
  if (!row) return null;
  const sealed = await db.selectFrom('hrdFundRequests').select(['justificationEnc', 'assessmentEnc', 'decisionNoteEnc']).where('id', '=', id).executeTakeFirstOrThrow();
  const ids = [row.requestedBy, row.assessedBy, row.decidedBy, row.disbursedBy].filter((x): x is number => x !== null);
  const users = ids.length ? await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute() : [];
  return {
    ...row,
    justification: vault.open(sealed.justificationEnc, sealContext('hrd_fund_requests', 'justification_enc')),
    assessment: vault.openOptional(sealed.assessmentEnc, sealContext('hrd_fund_requests', 'assessment_enc')),
    decisionNote: vault.openOptional(sealed.decisionNoteEnc, sealContext('hrd_fund_requests', 'decision_note_enc')),
    people: Object.fromEntries(users.map((u) => [u.id, u.name])),
  };
}

/** Who asked for a request, where it stands and what was approved: what a step checks first. */
export async function findFundRequestState(
  db: DbOrTx,
  id: number,
): Promise<{ requestedBy: number | null; status: FundRequestStatus; approvedAmount: number | null } | undefined> {
  return db.selectFrom('hrdFundRequests').select(['requestedBy', 'status', 'approvedAmount']).where('id', '=', id).executeTakeFirst();
}

/** The beneficiary's name, opened from the case's victim record; null when there is no such victim. */
export async function openBeneficiaryName(db: DbOrTx, vault: Vault, victimId: number): Promise<string | null> {
  const victim = await db.selectFrom('hrdVictims').select('nameEnc').where('id', '=', victimId).executeTakeFirst();
  return victim ? vault.open(victim.nameEnc, sealContext('hrd_victims', 'name_enc')) : null;
}
