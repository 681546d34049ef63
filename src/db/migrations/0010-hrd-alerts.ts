import type { CreateTableBuilder, Kysely } from 'kysely';
import { withId } from '../schema-helpers.js';

type Db = Kysely<unknown>;
type Table = CreateTableBuilder<string, never>;

/**
 * Public HRD alerts. They hold only what a monitor chose to make public, copied at publication:
 * public pages, feeds, search and mail read these tables and the vocabularies, never the case
 * records (whose id is kept only so the admin can link back to the case).
 */
export async function up(db: Db): Promise<void> {
  const table = (name: string) => withId(db, db.schema.createTable(name)) as Table;
  const alertRef = (c: Parameters<Parameters<Table['addColumn']>[2] & object>[0]) => c.notNull().references('hrd_alerts.id').onDelete('cascade');

  await table('hrd_alerts')
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('licence', 'text', (c) => c.notNull().defaultTo('CC-BY-4.0'))
    .addColumn('case_id', 'integer', (c) => c.references('hrd_cases.id').onDelete('set null'))
    .addColumn('case_status', 'text', (c) => c.notNull())
    .addColumn('province_id', 'integer', (c) => c.references('places.id').onDelete('restrict'))
    .addColumn('district_id', 'integer', (c) => c.references('places.id').onDelete('restrict'))
    .addColumn('withdrawn_at', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    // The publish form's one-time key: a form sent twice publishes one alert.
    .addColumn('submission_key', 'text', (c) => c.unique())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hrd_alerts_public').on('hrd_alerts').columns(['status', 'published_at']).execute();
  await db.schema.createIndex('hrd_alerts_case').on('hrd_alerts').column('case_id').execute();

  await db.schema
    .createTable('hrd_alert_translations')
    .addColumn('item_id', 'integer', alertRef)
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('hrd_alert_translations_pk', ['item_id', 'locale'])
    .execute();

  await table('hrd_alert_victims')
    .addColumn('alert_id', 'integer', alertRef)
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('label_kind', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('group_size', 'integer')
    .addColumn('sex', 'text')
    .addColumn('age_group', 'text')
    .addColumn('hrd_category_id', 'integer', (c) => c.references('vocabulary_terms.id').onDelete('restrict'))
    .addColumn('affiliation', 'text')
    .execute();
  await db.schema.createIndex('hrd_alert_victims_alert').on('hrd_alert_victims').column('alert_id').execute();

  await table('hrd_alert_dates')
    .addColumn('alert_id', 'integer', alertRef)
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('date_accuracy', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hrd_alert_dates_alert').on('hrd_alert_dates').columns(['alert_id', 'occurred_on']).execute();

  for (const [name, column] of [
    ['hrd_alert_act_types', 'act_type_id'],
    ['hrd_alert_perpetrator_types', 'perpetrator_type_id'],
  ] as const) {
    await db.schema
      .createTable(name)
      .addColumn('alert_id', 'integer', alertRef)
      .addColumn(column, 'integer', (c) => c.notNull().references('vocabulary_terms.id').onDelete('restrict'))
      .addPrimaryKeyConstraint(`${name}_pk`, ['alert_id', column])
      .execute();
  }

  await table('hrd_alert_updates')
    .addColumn('alert_id', 'integer', alertRef)
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    // Numbered from 1 per alert; the writer locks the alert row before taking max + 1.
    .addUniqueConstraint('hrd_alert_updates_number', ['alert_id', 'number'])
    .execute();

  await db.schema
    .createTable('hrd_alert_update_translations')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('hrd_alert_updates.id').onDelete('cascade'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('hrd_alert_update_translations_pk', ['item_id', 'locale'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  for (const t of [
    'hrd_alert_update_translations',
    'hrd_alert_updates',
    'hrd_alert_perpetrator_types',
    'hrd_alert_act_types',
    'hrd_alert_dates',
    'hrd_alert_victims',
    'hrd_alert_translations',
    'hrd_alerts',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
