import type { Db } from '../../db/database.js';
import { writeAudit } from '../audit/audit.repository.js';
import { resumeOperations } from './operations.repository.js';

/** `dove operations resume`: lifts the pause a restore left, audited like the admin's button. */
export async function resumeOperationsFromCli(db: Db): Promise<string> {
  const lifted = await db.transaction().execute(async (tx) => {
    const pause = await resumeOperations(tx);
    if (pause) {
      await writeAudit(tx, {
        actor: 'system:cli',
        action: 'operations.resume',
        subjectType: 'operations',
        subjectId: null,
        before: { paused: true, reason: pause.reason, pausedAt: pause.pausedAt, backupCreatedAt: pause.backupCreatedAt },
        after: { paused: false },
      });
    }
    return pause;
  });
  return lifted
    ? `Resumed: queued mail will be sent and scheduled items published (paused since ${lifted.pausedAt}).`
    : 'Nothing was paused: mail sending and scheduled publishing were already running.';
}
