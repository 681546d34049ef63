import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { driverOf } from './connection.js';
import type { Db } from './database.js';

/**
 * Several servers on one PostgreSQL database keep their own caches (rendered pages, settings,
 * menus). A change made on one must empty them on all: the server that made it announces it
 * with NOTIFY, and every server LISTENs on a connection of its own. The database is the only
 * component they share, so nothing else has to run. On SQLite there is one server, which
 * empties its own caches as it changes something: nothing is announced between servers. A
 * command run beside it (`dove import wordpress`, `dove seed --replace`) writes to the same
 * file, though: it counts its change in the database (`announceChange`), and the server reads
 * that counter once a second (one indexed read of one row).
 *
 * Notices sent while a listener's connection is down are lost, so a listener that gets its
 * connection back treats that as a change (its caches may hold anything older).
 */
export interface ChangeNotices {
  /** Tells the other servers that content changed (this one empties its own caches itself). */
  publish(): Promise<void>;
  /** Stops listening; pending reconnection attempts are cancelled. */
  close(): Promise<void>;
}

export interface ChangeListener {
  /** Another server changed something, or notices may have been missed: empty the caches. */
  onChange: () => void;
  /** The listening connection failed (it is opened again); for the log. */
  onError: (error: Error) => void;
}

/** The one channel; each database has its own, so sites sharing a PostgreSQL server stay apart. */
export const CHANGE_CHANNEL = 'dove_content_changed';

/** Waits before opening a lost listening connection again: doubling from the first to the last. */
const FIRST_RECONNECT_MS = 250;
const LONGEST_RECONNECT_MS = 5_000;

/** How often a server on SQLite looks at the count of changes made by commands. */
export const SQLITE_POLL_MS = 1_000;
/** The `instance_state` row that counts the changes commands made to a SQLite database. */
const COMMAND_CHANGES_KEY = 'command_changes';

export function startChangeNotices(db: Db, listener: ChangeListener, options: { pollMs?: number } = {}): ChangeNotices {
  const driver = driverOf(db);
  if (driver.engine === 'sqlite') {
    const watching = watchCommandChanges(db, listener, options.pollMs ?? SQLITE_POLL_MS);
    return { publish: async () => {}, close: async () => watching.close() };
  }
  // Each process marks its notices, so it does not empty its caches a second time for its own change.
  const origin = randomUUID();
  const listening = listen(driver.clientConfig, origin, listener);
  return {
    async publish() {
      await sql`select pg_notify(${CHANGE_CHANNEL}, ${origin})`.execute(db);
    },
    close: () => listening.close(),
  };
}

/**
 * Tells the servers that a command (not a server) changed content: a NOTIFY on PostgreSQL, a
 * counted change on SQLite. Called after the command's changes are committed.
 */
export async function announceChange(db: Db): Promise<void> {
  if (driverOf(db).engine === 'postgres') {
    await sql`select pg_notify(${CHANGE_CHANNEL}, ${'command'})`.execute(db);
    return;
  }
  const at = new Date().toISOString();
  await sql`insert into instance_state (key, value, updated_at) values (${COMMAND_CHANGES_KEY}, '1', ${at})
    on conflict (key) do update set value = cast(cast(instance_state.value as integer) + 1 as text), updated_at = ${at}`.execute(db);
}

async function commandChanges(db: Db): Promise<string> {
  const row = await db.selectFrom('instanceState').select('value').where('key', '=', COMMAND_CHANGES_KEY).executeTakeFirst();
  return row?.value ?? '0';
}

/** Reads the count of command changes every `pollMs`; a new count empties the caches. */
function watchCommandChanges(db: Db, listener: ChangeListener, pollMs: number): { close(): void } {
  let seen: string | undefined;
  let reading = false;
  const look = async (first: boolean) => {
    if (reading) return;
    reading = true;
    try {
      const now = await commandChanges(db);
      if (!first && now !== seen) listener.onChange();
      seen = now;
    } catch (error) {
      listener.onError(error as Error);
    } finally {
      reading = false;
    }
  };
  void look(true);
  const timer = setInterval(() => void look(false), pollMs);
  timer.unref();
  return { close: () => clearInterval(timer) };
}

/** A LISTEN connection that is opened again, with a growing wait, whenever it is lost. */
function listen(config: pg.ClientConfig, origin: string, listener: ChangeListener): { close(): Promise<void> } {
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let missedSome = false;
  let wait = FIRST_RECONNECT_MS;

  const retry = () => {
    missedSome = true;
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, wait);
    timer.unref();
    wait = Math.min(wait * 2, LONGEST_RECONNECT_MS);
  };

  const connect = async () => {
    const next = new pg.Client(config);
    client = next;
    // A lost connection is reported by 'error', 'end' or both; the first starts a retry, and
    // events of a connection already replaced are ignored.
    next.on('error', (error) => {
      if (client !== next) return;
      listener.onError(error);
      retry();
    });
    next.on('end', () => {
      if (client === next) retry();
    });
    next.on('notification', (message) => {
      if (message.channel === CHANGE_CHANNEL && message.payload !== origin) listener.onChange();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (error) {
      listener.onError(error as Error);
      retry();
      await next.end().catch(() => {});
      return;
    }
    if (closed) return void (await next.end().catch(() => {}));
    wait = FIRST_RECONNECT_MS;
    if (missedSome) listener.onChange();
    missedSome = false;
  };

  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      await client?.end().catch(() => {});
    },
  };
}
