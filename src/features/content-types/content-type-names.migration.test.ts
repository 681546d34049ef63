import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { createTestApp, testEngines, type TestContext } from '../../../test/helpers/test-app.js';
import { up } from '../../db/migrations/0016-content-type-names.js';

const NOW = '2026-01-01T00:00:00.000Z';

for (const engine of testEngines()) {
  describe(`stored content type names (${engine})`, () => {
    let t: TestContext;
    before(async () => {
      // Without the periodic tasks: the notification job would otherwise take the queued request
      // below (its item does not exist) and delete it before the test reads it back.
      t = await createTestApp(engine, { contentDir: false, periodicTasks: false });
      // Rows as the code before the registry wrote them.
      await sql`insert into audit_log (at, actor, action, subject_type, subject_id) values
        (${NOW}, 'user:1', 'content.create', 'news_post', '4'), (${NOW}, 'user:1', 'content.create', 'person', '2')`.execute(t.db);
      await sql`insert into revisions (content_type, item_id, version, snapshot, author_id, author_name, created_at) values
        ('people', 2, 1, '{}', null, 'Editor', ${NOW}), ('news', 4, 1, '{}', null, 'Editor', ${NOW})`.execute(t.db);
      await sql`insert into subscriber_notification_requests (content_type, item_id, requested_by, created_at) values
        ('publications', 9, null, ${NOW})`.execute(t.db);
      await sql`insert into subscriber_notifications (idempotency_key, topic, queued, created_at) values
        ('content:events:3', 'events', 1, ${NOW})`.execute(t.db);
      await sql`insert into outbox_messages (idempotency_key, kind, to_address, subject, html, text, created_at) values
        ('content:publications:9:a@example.org', 'notification', 'a@example.org', 'S', '<p>H</p>', 'T', ${NOW})`.execute(t.db);
      await up(t.db as unknown as Kysely<unknown>);
    });
    after(() => t.close());

    it('renames every stored type to its registry key, keeping the rest of each row', async () => {
      const audit = await t.db.selectFrom('auditLog').select(['subjectType', 'subjectId']).orderBy('subjectId').execute();
      assert.deepEqual(audit, [{ subjectType: 'person', subjectId: '2' }, { subjectType: 'news', subjectId: '4' }]);
      const revisions = await sql<{ contentType: string }>`select content_type from revisions order by item_id`.execute(t.db);
      assert.deepEqual(revisions.rows.map((r) => r.contentType), ['person', 'news']);
      const requests = await t.db.selectFrom('subscriberNotificationRequests').select('contentType').execute();
      assert.deepEqual(requests.map((r) => r.contentType), ['publication']);
      const notifications = await t.db.selectFrom('subscriberNotifications').select('idempotencyKey').execute();
      assert.deepEqual(notifications.map((r) => r.idempotencyKey), ['content:event:3']);
      const messages = await t.db.selectFrom('outboxMessages').select('idempotencyKey').execute();
      assert.deepEqual(messages.map((r) => r.idempotencyKey), ['content:publication:9:a@example.org']);
    });
  });
}
