import type { FastifyInstance } from 'fastify';

/**
 * Runs `task` once when the app is ready (catching up on what fell due while it was down), then
 * every `intervalMs` until the app closes. A run never overlaps the previous one, and a failure
 * is logged and retried at the next interval rather than stopping the timer.
 */
export function runPeriodically(app: FastifyInstance, task: { intervalMs: number; failure: string; run: () => Promise<unknown> }): void {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await task.run();
    } catch (error) {
      app.log.error({ err: error }, task.failure);
    } finally {
      running = false;
    }
  };
  app.addHook('onReady', async () => {
    await tick();
    timer = setInterval(() => void tick(), task.intervalMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
  });
}
