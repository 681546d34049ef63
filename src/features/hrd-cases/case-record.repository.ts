import type { DbOrTx } from '../../db/database.js';

/**
 * A case's rows as stored, sealed columns still sealed: `case-record.ts` and `case-detail.ts`
 * open them with the vault.
 */

export async function listVictimRows(db: DbOrTx, caseId: number) {
  return db
    .selectFrom('hrdVictims')
    .select(['id', 'kind', 'nameEnc', 'groupSize', 'hrdCategoryId', 'sex', 'ageGroup', 'affiliationEnc'])
    .where('caseId', '=', caseId)
    .orderBy('id')
    .execute();
}

export async function listEventRows(db: DbOrTx, caseId: number) {
  return db
    .selectFrom('hrdEvents')
    .select(['id', 'occurredOn', 'dateAccuracy', 'provinceId', 'locationEnc', 'descriptionEnc'])
    .where('caseId', '=', caseId)
    .orderBy('occurredOn')
    .orderBy('id')
    .execute();
}

/** Acts with their event's date and province, and the rights and perpetrators of each. */
export async function listActRows(db: DbOrTx, caseId: number) {
  const acts = await db
    .selectFrom('hrdActs')
    .innerJoin('hrdEvents', 'hrdEvents.id', 'hrdActs.eventId')
    .select([
      'hrdActs.id',
      'hrdActs.eventId',
      'hrdActs.victimId',
      'hrdActs.actTypeId',
      'hrdActs.classification',
      'hrdActs.verificationId',
      'hrdEvents.occurredOn',
      'hrdEvents.dateAccuracy',
      'hrdEvents.provinceId',
    ])
    .where('hrdEvents.caseId', '=', caseId)
    .orderBy('hrdEvents.occurredOn')
    .orderBy('hrdActs.id')
    .execute();
  if (acts.length === 0) return { acts, rights: [], perpetrators: [] };
  const ids = acts.map((r) => r.id);
  const [rights, perpetrators] = await Promise.all([
    db.selectFrom('hrdActRights').select(['actId', 'rightId']).where('actId', 'in', ids).orderBy('rightId').execute(),
    db.selectFrom('hrdActPerpetrators').select(['actId', 'perpetratorTypeId', 'involvementId']).where('actId', 'in', ids).orderBy('id').execute(),
  ]);
  return { acts, rights, perpetrators };
}

export async function listTimelineRows(db: DbOrTx, caseId: number) {
  return db
    .selectFrom('hrdTimelineEntries')
    .select(['id', 'occurredOn', 'dateAccuracy', 'kind', 'textEnc'])
    .where('caseId', '=', caseId)
    .orderBy('occurredOn')
    .orderBy('id')
    .execute();
}

/** The rest of a case a monitor works with: its stamps, the sealed details of victims, acts and perpetrators, sources and interventions. */
export async function findCaseSecretRows(db: DbOrTx, caseId: number) {
  const stamps = await db.selectFrom('hrdCases').select(['createdAt', 'updatedAt']).where('id', '=', caseId).executeTakeFirstOrThrow();
  const [victimSecrets, actSecrets, perpetrators, sources, interventions] = await Promise.all([
    db.selectFrom('hrdVictims').select(['id', 'contactEnc', 'notesEnc']).where('caseId', '=', caseId).execute(),
    db.selectFrom('hrdActs').innerJoin('hrdEvents', 'hrdEvents.id', 'hrdActs.eventId').select(['hrdActs.id', 'hrdActs.notesEnc']).where('hrdEvents.caseId', '=', caseId).execute(),
    db
      .selectFrom('hrdActPerpetrators')
      .innerJoin('hrdActs', 'hrdActs.id', 'hrdActPerpetrators.actId')
      .innerJoin('hrdEvents', 'hrdEvents.id', 'hrdActs.eventId')
      .select(['hrdActPerpetrators.id', 'hrdActPerpetrators.actId', 'hrdActPerpetrators.perpetratorTypeId', 'hrdActPerpetrators.involvementId', 'hrdActPerpetrators.nameEnc'])
      .where('hrdEvents.caseId', '=', caseId)
      .orderBy('hrdActPerpetrators.id')
      .execute(),
    db.selectFrom('hrdSources').selectAll().where('caseId', '=', caseId).orderBy('id').execute(),
    db.selectFrom('hrdInterventions').selectAll().where('caseId', '=', caseId).orderBy('startedOn').orderBy('id').execute(),
  ]);
  return { stamps, victimSecrets, actSecrets, perpetrators, sources, interventions };
}
