import type { CreateTableBuilder, Kysely } from 'kysely';
import { withId } from '../schema-helpers.js';

// Migrations see the schema as it was, so they take an untyped Kysely and name columns in
// snake_case (the CamelCasePlugin maps them for the application).
type Db = Kysely<unknown>;
type Table = CreateTableBuilder<string, never>;

/** Columns shared by every publishable content type (see ContentItemColumns). */
function contentItem(db: Db, name: string, extra: (t: Table) => Table = (t) => t): Promise<void> {
  let t: Table = withId(db, db.schema.createTable(name));
  t = t
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('published_at', 'text')
    .addColumn('licence', 'text', (c) => c.notNull().defaultTo('CC-BY-4.0'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull());
  return extra(t).execute();
}

/** One row per item and locale; deleting the item deletes its translations. */
function translations(db: Db, name: string, item: string, extra: (t: Table) => Table): Promise<void> {
  const t = db.schema
    .createTable(name)
    .addColumn('item_id', 'integer', (c) => c.notNull().references(`${item}.id`).onDelete('cascade'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${name}_pk`, ['item_id', 'locale']);
  return extra(t).execute();
}

const titled = (t: Table) =>
  t
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('body_html', 'text', (c) => c.notNull().defaultTo(''));

const fileRef = (column: string) => (t: Table) =>
  t.addColumn(column, 'integer', (c) => c.references('files.id').onDelete('set null'));

export async function up(db: Db): Promise<void> {
  await (withId(db, db.schema.createTable('audit_log')))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await (withId(db, db.schema.createTable('files')))
    .addColumn('sha256', 'text', (c) => c.notNull().unique())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await (withId(db, db.schema.createTable('image_variants')))
    .addColumn('file_id', 'integer', (c) => c.notNull().references('files.id').onDelete('cascade'))
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addUniqueConstraint('image_variants_file_format_width', ['file_id', 'format', 'width'])
    .execute();
  await db.schema
    .createTable('file_translations')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('files.id').onDelete('cascade'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('alt', 'text', (c) => c.notNull())
    .addColumn('caption', 'text')
    .addPrimaryKeyConstraint('file_translations_pk', ['item_id', 'locale'])
    .execute();

  await (withId(db, db.schema.createTable('topics')))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await translations(db, 'topic_translations', 'topics', (t) => t.addColumn('name', 'text', (c) => c.notNull()));

  await contentItem(db, 'pages');
  await translations(db, 'page_translations', 'pages', titled);

  await contentItem(db, 'projects', (t) =>
    fileRef('cover_file_id')(
      t
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('started_on', 'text')
        .addColumn('ended_on', 'text')
        .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0)),
    ),
  );
  await translations(db, 'project_translations', 'projects', titled);

  await contentItem(db, 'publications', (t) =>
    fileRef('cover_file_id')(
      t
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('project_id', 'integer', (c) => c.references('projects.id').onDelete('set null')),
    ),
  );
  await translations(db, 'publication_translations', 'publications', titled);
  await db.schema
    .createTable('publication_topics')
    .addColumn('publication_id', 'integer', (c) => c.notNull().references('publications.id').onDelete('cascade'))
    .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('publication_topics_pk', ['publication_id', 'topic_id'])
    .execute();
  await (withId(db, db.schema.createTable('publication_files')))
    .addColumn('publication_id', 'integer', (c) => c.notNull().references('publications.id').onDelete('cascade'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('file_id', 'integer', (c) => c.notNull().references('files.id'))
    .addColumn('label', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await contentItem(db, 'news_posts', (t) =>
    fileRef('cover_file_id')(
      t
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('external_url', 'text')
        .addColumn('outlet', 'text'),
    ),
  );
  await translations(db, 'news_post_translations', 'news_posts', titled);
  await db.schema
    .createTable('news_post_topics')
    .addColumn('news_post_id', 'integer', (c) => c.notNull().references('news_posts.id').onDelete('cascade'))
    .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('news_post_topics_pk', ['news_post_id', 'topic_id'])
    .execute();

  await contentItem(db, 'events', (t) =>
    fileRef('cover_file_id')(
      t.addColumn('starts_at', 'text', (c) => c.notNull()).addColumn('ends_at', 'text'),
    ),
  );
  await translations(db, 'event_translations', 'events', (t) => titled(t).addColumn('location', 'text'));

  await contentItem(db, 'albums', (t) => fileRef('cover_file_id')(t.addColumn('taken_on', 'text')));
  await translations(db, 'album_translations', 'albums', (t) =>
    t.addColumn('title', 'text', (c) => c.notNull()).addColumn('description', 'text'),
  );
  await (withId(db, db.schema.createTable('album_photos')))
    .addColumn('album_id', 'integer', (c) => c.notNull().references('albums.id').onDelete('cascade'))
    .addColumn('file_id', 'integer', (c) => c.notNull().references('files.id'))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await (withId(db, db.schema.createTable('people')))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('group', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('published'))
    .addColumn('photo_file_id', 'integer', (c) => c.references('files.id').onDelete('set null'))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await translations(db, 'person_translations', 'people', (t) =>
    t
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('bio', 'text'),
  );

  await (withId(db, db.schema.createTable('organisations')))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('published'))
    .addColumn('url', 'text')
    .addColumn('logo_file_id', 'integer', (c) => c.references('files.id').onDelete('set null'))
    .addColumn('in_donors_strip', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await translations(db, 'organisation_translations', 'organisations', (t) =>
    t.addColumn('name', 'text', (c) => c.notNull()).addColumn('description', 'text'),
  );

  await contentItem(db, 'vacancies', (t) => t.addColumn('deadline', 'text', (c) => c.notNull()));
  await translations(db, 'vacancy_translations', 'vacancies', (t) => titled(t).addColumn('location', 'text'));

  await (withId(db, db.schema.createTable('menus')))
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .execute();
  await (withId(db, db.schema.createTable('menu_items')))
    .addColumn('menu_id', 'integer', (c) => c.notNull().references('menus.id').onDelete('cascade'))
    .addColumn('parent_id', 'integer', (c) => c.references('menu_items.id').onDelete('cascade'))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('href', 'text', (c) => c.notNull())
    .execute();
  await translations(db, 'menu_item_translations', 'menu_items', (t) =>
    t.addColumn('label', 'text', (c) => c.notNull()),
  );

  // Public lists filter on status and sort by date; these indexes serve them.
  for (const table of ['publications', 'news_posts', 'events', 'projects', 'albums', 'vacancies', 'pages']) {
    await db.schema
      .createIndex(`${table}_status_published_at`)
      .on(table)
      .columns(['status', 'published_at'])
      .execute();
  }
  await db.schema.createIndex('publications_type').on('publications').columns(['type', 'published_at']).execute();
  await db.schema.createIndex('news_posts_kind').on('news_posts').columns(['kind', 'published_at']).execute();
  await db.schema.createIndex('publication_topics_topic').on('publication_topics').column('topic_id').execute();
  // Media URLs name a rendition by its hash.
  await db.schema.createIndex('image_variants_sha256').on('image_variants').column('sha256').execute();
}

export async function down(db: Db): Promise<void> {
  const tables = [
    'menu_item_translations', 'menu_items', 'menus',
    'vacancy_translations', 'vacancies',
    'organisation_translations', 'organisations',
    'person_translations', 'people',
    'album_photos', 'album_translations', 'albums',
    'event_translations', 'events',
    'news_post_topics', 'news_post_translations', 'news_posts',
    'publication_files', 'publication_topics', 'publication_translations', 'publications',
    'project_translations', 'projects',
    'page_translations', 'pages',
    'topic_translations', 'topics',
    'file_translations', 'image_variants', 'files',
    'settings', 'audit_log',
  ];
  for (const t of tables) await db.schema.dropTable(t).ifExists().execute();
}
