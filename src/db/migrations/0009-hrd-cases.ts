import type { CreateTableBuilder, Kysely } from 'kysely';
import { withId } from '../schema-helpers.js';

type Db = Kysely<unknown>;
type Table = CreateTableBuilder<string, never>;

/** Vocabularies, the gazetteer, and the protected case records of the HRD project. */
export async function up(db: Db): Promise<void> {
  const table = (name: string) => withId(db, db.schema.createTable(name)) as Table;
  const stamps = (t: Table) => t.addColumn('created_at', 'text', (c) => c.notNull()).addColumn('updated_at', 'text', (c) => c.notNull());

  await stamps(
    table('vocabulary_terms')
      .addColumn('vocabulary', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('parent_id', 'integer', (c) => c.references('vocabulary_terms.id').onDelete('restrict'))
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('label_en', 'text', (c) => c.notNull())
      .addColumn('label_km', 'text', (c) => c.notNull())
      .addColumn('description_en', 'text')
      .addColumn('description_km', 'text')
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addUniqueConstraint('vocabulary_terms_code', ['vocabulary', 'code']),
  ).execute();

  await table('places')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('iso', 'text')
    .addColumn('parent_id', 'integer', (c) => c.references('places.id').onDelete('restrict'))
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('name_km', 'text', (c) => c.notNull())
    .addUniqueConstraint('places_level_code', ['level', 'code'])
    .execute();
  await db.schema.createIndex('places_parent').on('places').column('parent_id').execute();

  const term = (c: Parameters<Parameters<Table['addColumn']>[2] & object>[0]) => c.references('vocabulary_terms.id').onDelete('restrict');
  const caseRef = (c: Parameters<Parameters<Table['addColumn']>[2] & object>[0]) => c.notNull().references('hrd_cases.id').onDelete('cascade');

  await stamps(
    table('hrd_cases')
      .addColumn('reference', 'text', (c) => c.notNull().unique())
      .addColumn('title_enc', 'text', (c) => c.notNull())
      .addColumn('summary_enc', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('opened_on', 'text', (c) => c.notNull())
      .addColumn('closed_on', 'text')
      .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)),
  ).execute();

  await stamps(
    table('hrd_events')
      .addColumn('case_id', 'integer', caseRef)
      .addColumn('occurred_on', 'text', (c) => c.notNull())
      .addColumn('date_accuracy', 'text', (c) => c.notNull())
      .addColumn('province_id', 'integer', (c) => c.references('places.id').onDelete('restrict'))
      .addColumn('location_enc', 'text')
      .addColumn('description_enc', 'text'),
  ).execute();
  await db.schema.createIndex('hrd_events_case').on('hrd_events').column('case_id').execute();
  await db.schema.createIndex('hrd_events_occurred').on('hrd_events').columns(['occurred_on', 'province_id']).execute();

  await stamps(
    table('hrd_victims')
      .addColumn('case_id', 'integer', caseRef)
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name_enc', 'text', (c) => c.notNull())
      .addColumn('group_size', 'integer')
      .addColumn('hrd_category_id', 'integer', term)
      .addColumn('sex', 'text', (c) => c.notNull().defaultTo('unknown'))
      .addColumn('age_group', 'text', (c) => c.notNull().defaultTo('unknown'))
      .addColumn('affiliation_enc', 'text')
      .addColumn('contact_enc', 'text')
      .addColumn('notes_enc', 'text'),
  ).execute();
  await db.schema.createIndex('hrd_victims_case').on('hrd_victims').column('case_id').execute();

  await stamps(
    table('hrd_acts')
      .addColumn('event_id', 'integer', (c) => c.notNull().references('hrd_events.id').onDelete('cascade'))
      .addColumn('victim_id', 'integer', (c) => c.notNull().references('hrd_victims.id').onDelete('cascade'))
      .addColumn('act_type_id', 'integer', (c) => term(c).notNull())
      .addColumn('classification', 'text', (c) => c.notNull())
      .addColumn('verification_id', 'integer', (c) => term(c).notNull())
      .addColumn('notes_enc', 'text'),
  ).execute();
  await db.schema.createIndex('hrd_acts_event').on('hrd_acts').column('event_id').execute();
  await db.schema.createIndex('hrd_acts_victim').on('hrd_acts').column('victim_id').execute();

  await db.schema
    .createTable('hrd_act_rights')
    .addColumn('act_id', 'integer', (c) => c.notNull().references('hrd_acts.id').onDelete('cascade'))
    .addColumn('right_id', 'integer', (c) => term(c).notNull())
    .addPrimaryKeyConstraint('hrd_act_rights_pk', ['act_id', 'right_id'])
    .execute();

  await table('hrd_act_perpetrators')
    .addColumn('act_id', 'integer', (c) => c.notNull().references('hrd_acts.id').onDelete('cascade'))
    .addColumn('perpetrator_type_id', 'integer', (c) => term(c).notNull())
    .addColumn('involvement_id', 'integer', term)
    .addColumn('name_enc', 'text')
    .execute();
  await db.schema.createIndex('hrd_act_perpetrators_act').on('hrd_act_perpetrators').column('act_id').execute();

  await table('hrd_sources')
    .addColumn('case_id', 'integer', caseRef)
    .addColumn('name_enc', 'text', (c) => c.notNull())
    .addColumn('reliability_id', 'integer', term)
    .addColumn('obtained_on', 'text')
    .addColumn('notes_enc', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hrd_sources_case').on('hrd_sources').column('case_id').execute();

  await table('hrd_fund_requests')
    .addColumn('case_id', 'integer', caseRef)
    .addColumn('victim_id', 'integer', (c) => c.references('hrd_victims.id').onDelete('set null'))
    .addColumn('type_id', 'integer', (c) => term(c).notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_amount', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('justification_enc', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('assessment_enc', 'text')
    .addColumn('assessed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('assessed_at', 'text')
    .addColumn('approved_amount', 'integer')
    .addColumn('decided_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decided_at', 'text')
    .addColumn('decision_note_enc', 'text')
    .addColumn('disbursed_amount', 'integer')
    .addColumn('disbursed_on', 'text')
    .addColumn('disbursed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hrd_fund_requests_status').on('hrd_fund_requests').columns(['status', 'requested_at']).execute();

  await stamps(
    table('hrd_interventions')
      .addColumn('case_id', 'integer', caseRef)
      .addColumn('victim_id', 'integer', (c) => c.references('hrd_victims.id').onDelete('set null'))
      .addColumn('type_id', 'integer', (c) => term(c).notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('started_on', 'text')
      .addColumn('ended_on', 'text')
      .addColumn('amount', 'integer')
      .addColumn('currency', 'text')
      .addColumn('fund_request_id', 'integer', (c) => c.references('hrd_fund_requests.id').onDelete('set null'))
      .addColumn('notes_enc', 'text')
      .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null')),
  ).execute();
  await db.schema.createIndex('hrd_interventions_case').on('hrd_interventions').column('case_id').execute();

  await table('hrd_timeline_entries')
    .addColumn('case_id', 'integer', caseRef)
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('date_accuracy', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('text_enc', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hrd_timeline_case').on('hrd_timeline_entries').columns(['case_id', 'occurred_on']).execute();

  await table('hrd_evidence')
    .addColumn('case_id', 'integer', caseRef)
    .addColumn('file_name_enc', 'text', (c) => c.notNull())
    .addColumn('description_enc', 'text')
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Db): Promise<void> {
  for (const t of [
    'hrd_evidence',
    'hrd_timeline_entries',
    'hrd_interventions',
    'hrd_fund_requests',
    'hrd_sources',
    'hrd_act_perpetrators',
    'hrd_act_rights',
    'hrd_acts',
    'hrd_victims',
    'hrd_events',
    'hrd_cases',
    'places',
    'vocabulary_terms',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
