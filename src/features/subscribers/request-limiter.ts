/**
 * How many subscribe requests one address (IP) may make in an hour. Each request may mail a
 * confirmation to whatever address was typed: the limit keeps the form from being used to
 * flood inboxes from one machine. Held in memory: per server process, forgotten on restart.
 */
export const SUBSCRIBE_REQUESTS_PER_IP_PER_HOUR = 20;
const WINDOW_MS = 3600_000;
/** Beyond this many tracked addresses the oldest are forgotten: memory stays bounded. */
const MAX_TRACKED = 50_000;

export class RequestLimiter {
  private readonly seen = new Map<string, number[]>();

  constructor(
    private readonly limit = SUBSCRIBE_REQUESTS_PER_IP_PER_HOUR,
    private readonly windowMs = WINDOW_MS,
  ) {}

  /** Records a request; false when the address is over its limit (the request is not counted). */
  allow(key: string, now = Date.now()): boolean {
    const recent = (this.seen.get(key) ?? []).filter((at) => now - at < this.windowMs);
    if (recent.length >= this.limit) {
      this.seen.set(key, recent);
      return false;
    }
    recent.push(now);
    this.seen.delete(key);
    this.seen.set(key, recent);
    if (this.seen.size > MAX_TRACKED) this.seen.delete(this.seen.keys().next().value!);
    return true;
  }
}
