import type { FastifyInstance } from 'fastify';
import { pingDatabase } from '../../db/connection.js';
import { pendingMigrations } from '../../db/migrate.js';
import { checkEncryptionKey } from '../hrd-cases/key-check.js';

type CheckResult = 'ok' | 'failed';

/**
 * `/healthz`: the process is alive and its event loop answers (for a supervisor's liveness
 * probe). `/readyz`: this server can serve: the database answers, its schema is current and
 * the encryption key opens the sealed data (for a load balancer). Neither is ever cached, and
 * neither says more than ok/failed per check: details go to the log, not to the internet.
 * While the server shuts down, Fastify answers 503 to both, so a balancer stops sending.
 */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  // Neither the key nor the list of migrations this code knows changes while the process
  // runs, so one success of each is enough: a polled /readyz then costs one query.
  let keyOpensData = false;
  let migrationsCurrent = false;

  const check = async (name: string, run: () => Promise<boolean>): Promise<CheckResult> => {
    try {
      return (await run()) ? 'ok' : 'failed';
    } catch (error) {
      app.log.warn({ err: error, check: name }, 'readiness check failed');
      return 'failed';
    }
  };

  app.get('/healthz', { config: { public: true } }, async (_request, reply) =>
    reply.header('cache-control', 'no-store').type('application/json').send({ status: 'alive' }),
  );

  app.get('/readyz', { config: { public: true } }, async (_request, reply) => {
    const checks = {
      database: await check('database', async () => (await pingDatabase(app.db), true)),
      migrations: 'failed' as CheckResult,
      encryptionKey: 'failed' as CheckResult,
    };
    if (checks.database === 'ok') {
      checks.migrations = await check('migrations', async () => (migrationsCurrent ||= (await pendingMigrations(app.db)).length === 0));
      checks.encryptionKey = await check('encryptionKey', async () => (keyOpensData ||= (await checkEncryptionKey(app.db, app.config)).ok));
    }
    const ready = Object.values(checks).every((c) => c === 'ok');
    return reply
      .code(ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .type('application/json')
      .send({ status: ready ? 'ready' : 'not ready', checks });
  });
}
