import type { FastifyInstance } from 'fastify';

export interface PeriodicTask {
  intervalMs: number;
  failure: string;
  /** The signal is aborted when the app closes: a long run should stop early and leave its work for later. */
  run: (signal: AbortSignal) => Promise<unknown>;
  /** Start without holding up `ready` (work that may take long, such as reading uploaded PDFs). */
  background?: boolean;
}

/**
 * Runs `task` once when the app is ready (catching up on what fell due while it was down), then
 * every `intervalMs` until the app closes. A run never overlaps the previous one, and a failure
 * is logged and retried at the next interval rather than stopping the timer. Closing the app
 * waits for the run in progress, so it never outlives the database it uses. An app built without
 * periodic tasks (`buildApp({ periodicTasks: false })`) runs none.
 */
export function runPeriodically(app: FastifyInstance, task: PeriodicTask): void {
  if (!app.runsPeriodicTasks) return;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  const stop = new AbortController();
  const tick = (): Promise<void> => {
    if (current) return current;
    current = (async () => {
      try {
        await task.run(stop.signal);
      } catch (error) {
        app.log.error({ err: error }, task.failure);
      } finally {
        current = undefined;
      }
    })();
    return current;
  };
  app.addHook('onReady', async () => {
    if (task.background) void tick();
    else await tick();
    timer = setInterval(() => void tick(), task.intervalMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    stop.abort();
    await current;
  });
}
