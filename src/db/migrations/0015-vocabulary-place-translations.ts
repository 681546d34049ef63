import { sql, type Kysely } from 'kysely';

type Db = Kysely<unknown>;

/** The per-language columns this migration turns into rows, and the locale each one held. */
const TERM_COLUMNS = [
  { locale: 'en', label: 'label_en', description: 'description_en' },
  { locale: 'km', label: 'label_km', description: 'description_km' },
] as const;
const PLACE_COLUMNS = [
  { locale: 'en', name: 'name_en' },
  { locale: 'km', name: 'name_km' },
] as const;

/*
 * Vocabulary labels and place names move from one column per language to one row per language,
 * like every other translated content: a new locale then needs no schema change. A row exists
 * only where the old column had text, so an empty Khmer label falls back as before.
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('vocabulary_term_translations')
    .addColumn('term_id', 'integer', (c) => c.notNull().references('vocabulary_terms.id').onDelete('cascade'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addPrimaryKeyConstraint('vocabulary_term_translations_pk', ['term_id', 'locale'])
    .execute();
  await db.schema
    .createTable('place_translations')
    .addColumn('place_id', 'integer', (c) => c.notNull().references('places.id').onDelete('cascade'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('place_translations_pk', ['place_id', 'locale'])
    .execute();

  for (const { locale, label, description } of TERM_COLUMNS) {
    await sql`insert into vocabulary_term_translations (term_id, locale, label, description)
      select id, ${sql.lit(locale)}, ${sql.ref(label)}, nullif(${sql.ref(description)}, '') from vocabulary_terms
      where ${sql.ref(label)} <> '' or coalesce(${sql.ref(description)}, '') <> ''`.execute(db);
  }
  for (const { locale, name } of PLACE_COLUMNS) {
    await sql`insert into place_translations (place_id, locale, name)
      select id, ${sql.lit(locale)}, ${sql.ref(name)} from places where ${sql.ref(name)} <> ''`.execute(db);
  }
  // One column per statement: SQLite drops one at a time.
  for (const { label, description } of TERM_COLUMNS) {
    await db.schema.alterTable('vocabulary_terms').dropColumn(label).execute();
    await db.schema.alterTable('vocabulary_terms').dropColumn(description).execute();
  }
  for (const { name } of PLACE_COLUMNS) await db.schema.alterTable('places').dropColumn(name).execute();
}

/** Back to the columns; translations in any other locale are lost. */
export async function down(db: Db): Promise<void> {
  // SQLite adds a NOT NULL column to a table with rows only with a default.
  for (const { locale, label, description } of TERM_COLUMNS) {
    await db.schema.alterTable('vocabulary_terms').addColumn(label, 'text', (c) => c.notNull().defaultTo('')).execute();
    await db.schema.alterTable('vocabulary_terms').addColumn(description, 'text').execute();
    await sql`update vocabulary_terms set
      ${sql.ref(label)} = coalesce((select t.label from vocabulary_term_translations t where t.term_id = vocabulary_terms.id and t.locale = ${locale}), ''),
      ${sql.ref(description)} = (select t.description from vocabulary_term_translations t where t.term_id = vocabulary_terms.id and t.locale = ${locale})`.execute(db);
  }
  for (const { locale, name } of PLACE_COLUMNS) {
    await db.schema.alterTable('places').addColumn(name, 'text', (c) => c.notNull().defaultTo('')).execute();
    await sql`update places set ${sql.ref(name)} = coalesce((select t.name from place_translations t
      where t.place_id = places.id and t.locale = ${locale}), '')`.execute(db);
  }
  await db.schema.dropTable('place_translations').execute();
  await db.schema.dropTable('vocabulary_term_translations').execute();
}
