import type { Vault } from '../../crypto/envelope.js';
import type { DbOrTx } from '../../db/database.js';
import type { CaseForAlert, OpenedAct, OpenedVictim } from './case-record.js';
import type { HrdInterventionsTable } from './cases.tables.js';
import { findCaseSecretRows } from './case-record.repository.js';
import { readCaseForAlert } from './cases.repository.js';
import { listEvidence, type OpenedEvidence } from './evidence.store.js';
import { sealContext } from './protected-fields.js';

/** Everything of a case a monitor works with, opened: for the case page and the JSON export. */
export interface CaseDetail extends Omit<CaseForAlert, 'victims' | 'acts'> {
  victims: Array<OpenedVictim & { contact: string | null; notes: string | null }>;
  acts: Array<OpenedAct & { notes: string | null; perpetratorDetails: Array<{ id: number; perpetratorTypeId: number; involvementId: number | null; name: string | null }> }>;
  sources: Array<{ id: number; name: string; reliabilityId: number | null; obtainedOn: string | null; notes: string | null }>;
  interventions: Array<{
    id: number;
    victimId: number | null;
    typeId: number;
    status: HrdInterventionsTable['status'];
    startedOn: string | null;
    endedOn: string | null;
    amount: number | null;
    currency: HrdInterventionsTable['currency'];
    fundRequestId: number | null;
    notes: string | null;
  }>;
  evidence: OpenedEvidence[];
  createdAt: string;
  updatedAt: string;
}

export async function readCaseDetail(db: DbOrTx, vault: Vault, caseId: number): Promise<CaseDetail | null> {
  const base = await readCaseForAlert(db, vault, caseId);
  if (!base) return null;
  const [{ stamps, victimSecrets, actSecrets, perpetrators, sources, interventions }, evidence] = await Promise.all([
    findCaseSecretRows(db, caseId),
    listEvidence(db, vault, caseId),
  ]);
  return {
    ...base,
    createdAt: stamps.createdAt,
    updatedAt: stamps.updatedAt,
    victims: base.victims.map((v) => {
      const s = victimSecrets.find((x) => x.id === v.id);
      return {
        ...v,
        contact: vault.openOptional(s?.contactEnc, sealContext('hrd_victims', 'contact_enc')),
        notes: vault.openOptional(s?.notesEnc, sealContext('hrd_victims', 'notes_enc')),
      };
    }),
    acts: base.acts.map((a) => ({
      ...a,
      notes: vault.openOptional(actSecrets.find((x) => x.id === a.id)?.notesEnc, sealContext('hrd_acts', 'notes_enc')),
      perpetratorDetails: perpetrators
        .filter((p) => p.actId === a.id)
        .map((p) => ({
          id: p.id,
          perpetratorTypeId: p.perpetratorTypeId,
          involvementId: p.involvementId,
          name: vault.openOptional(p.nameEnc, sealContext('hrd_act_perpetrators', 'name_enc')),
        })),
    })),
    sources: sources.map((s) => ({
      id: s.id,
      name: vault.open(s.nameEnc, sealContext('hrd_sources', 'name_enc')),
      reliabilityId: s.reliabilityId,
      obtainedOn: s.obtainedOn,
      notes: vault.openOptional(s.notesEnc, sealContext('hrd_sources', 'notes_enc')),
    })),
    interventions: interventions.map((i) => ({
      id: i.id,
      victimId: i.victimId,
      typeId: i.typeId,
      status: i.status,
      startedOn: i.startedOn,
      endedOn: i.endedOn,
      amount: i.amount,
      currency: i.currency,
      fundRequestId: i.fundRequestId,
      notes: vault.openOptional(i.notesEnc, sealContext('hrd_interventions', 'notes_enc')),
    })),
    evidence,
  };
}
