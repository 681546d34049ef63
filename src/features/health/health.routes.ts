import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config.js';
import { pingDatabase } from '../../db/connection.js';
import type { Db } from '../../db/database.js';
import { pendingMigrations } from '../../db/migrate.js';

type CheckResult = 'ok' | 'failed';

/**
 * A readiness check of the stored data that, once passed, stays passed while the process runs
 * (a key that opens the sealed data does not stop opening it). Features that hold such data
 * hand theirs to `healthRoutes` where the features are assembled.
 */
export type SteadyCheck = (db: Db, config: Config) => Promise<boolean>;

/**
 * `/healthz`: the process is alive and its event loop answers (for a supervisor's liveness
 * probe). `/readyz`: this server can serve: the database answers, its schema is current and
 * each of `dataChecks` passes (for a load balancer). Neither is ever cached, and neither says
 * more than ok/failed per check: details go to the log, not to the internet.
 * While the server shuts down, Fastify answers 503 to both, so a balancer stops sending.
 */
export function healthRoutes(dataChecks: Record<string, SteadyCheck>): FastifyPluginAsync {
  return (app) => registerHealthRoutes(app, dataChecks);
}

async function registerHealthRoutes(app: FastifyInstance, dataChecks: Record<string, SteadyCheck>): Promise<void> {
  // Neither the list of migrations this code knows nor what the data checks look at changes
  // while the process runs, so one success of each is enough: a polled /readyz then costs one query.
  const steadyChecks: Record<string, SteadyCheck> = { migrations: async (db) => (await pendingMigrations(db)).length === 0, ...dataChecks };
  const passed = new Set<string>();

  const check = async (name: string, run: () => Promise<boolean>): Promise<CheckResult> => {
    try {
      return (await run()) ? 'ok' : 'failed';
    } catch (error) {
      app.log.warn({ err: error, check: name }, 'readiness check failed');
      return 'failed';
    }
  };

  const steadyCheck = (name: string, run: SteadyCheck) =>
    check(name, async () => {
      if (!passed.has(name) && (await run(app.db, app.config))) passed.add(name);
      return passed.has(name);
    });

  app.get('/healthz', { config: { public: true } }, async (_request, reply) =>
    reply.header('cache-control', 'no-store').type('application/json').send({ status: 'alive' }),
  );

  app.get('/readyz', { config: { public: true } }, async (_request, reply) => {
    const checks: Record<string, CheckResult> = { database: await check('database', async () => (await pingDatabase(app.db), true)) };
    for (const [name, run] of Object.entries(steadyChecks)) {
      checks[name] = checks.database === 'ok' ? await steadyCheck(name, run) : 'failed';
    }
    const ready = Object.values(checks).every((c) => c === 'ok');
    return reply
      .code(ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .type('application/json')
      .send({ status: ready ? 'ready' : 'not ready', checks });
  });
}
