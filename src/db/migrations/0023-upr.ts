import type { CreateTableBuilder, Kysely } from 'kysely';
import { withId } from '../schema-helpers.js';

type Db = Kysely<unknown>;
type Table = CreateTableBuilder<string, never>;

/*
 * The Universal Periodic Review tracker (src/features/upr): each review cycle with the official
 * totals of its outcome report (null until recorded: an import may name a cycle first), the recommendations entered so far (texts per language, themes),
 * and the organisation's dated assessments of their implementation. `current_status` repeats the
 * newest assessment's status so the public filters need no subquery; it is written in the same
 * transaction as the assessment.
 */
export async function up(db: Db): Promise<void> {
  const table = (name: string) => withId(db, db.schema.createTable(name)) as Table;

  await table('upr_cycles')
    .addColumn('number', 'integer', (c) => c.notNull().unique())
    .addColumn('session', 'text')
    .addColumn('session_date', 'text')
    .addColumn('received', 'integer')
    .addColumn('accepted', 'integer')
    .addColumn('noted', 'integer')
    .addColumn('recommending_states', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await table('upr_recommendations')
    .addColumn('cycle_id', 'integer', (c) => c.notNull().references('upr_cycles.id').onDelete('cascade'))
    .addColumn('match_key', 'text', (c) => c.notNull().unique())
    .addColumn('reference', 'text')
    .addColumn('recommending_state', 'text', (c) => c.notNull())
    .addColumn('regional_group', 'text', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('sdg_targets', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('current_status', 'text', (c) => c.notNull().defaultTo('not_assessed'))
    .addColumn('sample', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('upr_recommendations_cycle').on('upr_recommendations').columns(['cycle_id', 'id']).execute();

  await db.schema
    .createTable('upr_recommendation_translations')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('upr_recommendations.id').onDelete('cascade'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('upr_recommendation_translations_pk', ['item_id', 'locale'])
    .execute();

  await db.schema
    .createTable('upr_recommendation_themes')
    .addColumn('recommendation_id', 'integer', (c) => c.notNull().references('upr_recommendations.id').onDelete('cascade'))
    .addColumn('theme', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('upr_recommendation_themes_pk', ['recommendation_id', 'theme'])
    .execute();
  await db.schema.createIndex('upr_recommendation_themes_theme').on('upr_recommendation_themes').columns(['theme', 'recommendation_id']).execute();

  await table('upr_assessments')
    .addColumn('recommendation_id', 'integer', (c) => c.notNull().references('upr_recommendations.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('assessed_on', 'text', (c) => c.notNull())
    .addColumn('links', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('upr_assessments_recommendation').on('upr_assessments').columns(['recommendation_id', 'assessed_on', 'id']).execute();

  await db.schema
    .createTable('upr_assessment_translations')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('upr_assessments.id').onDelete('cascade'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('upr_assessment_translations_pk', ['item_id', 'locale'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  for (const t of ['upr_assessment_translations', 'upr_assessments', 'upr_recommendation_themes', 'upr_recommendation_translations', 'upr_recommendations', 'upr_cycles']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
