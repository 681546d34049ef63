import { CompiledQuery, type Kysely } from 'kysely';

/**
 * PostgreSQL's COPY FROM STDIN through the connection a Kysely handle (or transaction) writes
 * with. A rebuild writes its rows this way (docs/search.md, "A rebuild in bulk"): the server
 * reads tab-separated lines instead of parsing an INSERT with every value a quoted literal.
 *
 * pg runs any object with a `submit` method as a query of its own ("submittable"); Kysely hands
 * the query's text to pg as it is, and awaits what pg returns. So the COPY goes through Kysely's
 * connection, inside the caller's transaction, as an object pg submits and Kysely awaits.
 */

interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Uint8Array): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
}

/** The result Kysely's PostgreSQL connection reads from what pg answers. */
interface CopyResult {
  command: string;
  rowCount: number;
  rows: never[];
}

class CopyFromStdin implements PromiseLike<CopyResult> {
  private readonly done: Promise<CopyResult>;
  private settle!: (error: Error | undefined) => void;
  /** Rows the server read, once it has answered. */
  rowCount = 0;

  constructor(
    private readonly statement: string,
    private readonly data: Uint8Array,
  ) {
    this.done = new Promise((resolve, reject) => {
      let settled = false;
      this.settle = (error) => {
        if (settled) return;
        settled = true;
        if (error) reject(error);
        else resolve({ command: 'COPY', rowCount: this.rowCount, rows: [] });
      };
    });
  }

  submit(connection: PgConnection): void {
    connection.query(this.statement);
  }

  handleCopyInResponse(connection: PgConnection): void {
    try {
      // pg copies the chunk with Buffer's methods: a Buffer over the same bytes, not a copy.
      connection.sendCopyFromChunk(Buffer.from(this.data.buffer, this.data.byteOffset, this.data.byteLength));
      connection.endCopyFrom();
    } catch (error) {
      // The server waits for data until told that the COPY failed; it then answers with an error.
      connection.sendCopyFail(error instanceof Error ? error.message : String(error));
    }
  }

  handleCommandComplete(message: { text?: string }): void {
    this.rowCount = Number(/^COPY (\d+)/.exec(message.text ?? '')?.[1] ?? 0);
  }

  /** An error ends the COPY: the server then waits for the next statement (pg sends it after ReadyForQuery). */
  handleError(error: Error): void {
    this.settle(error);
  }

  handleReadyForQuery(): void {
    this.settle(undefined);
  }

  // pg calls these only for other statements; a COPY FROM sends no rows.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handleCopyData(): void {}

  then<T = CopyResult, E = never>(onDone?: ((r: CopyResult) => T | PromiseLike<T>) | null, onError?: ((e: unknown) => E | PromiseLike<E>) | null) {
    return this.done.then(onDone, onError);
  }
}

/**
 * Runs `copy <table> (<columns>) from stdin` with `data` in COPY's text format (copyTextField
 * for each value, a tab between values, a newline after each row), on the connection of `db`.
 * Returns the number of rows the server read.
 */
export async function copyFromStdin(db: Kysely<unknown>, statement: string, data: Uint8Array): Promise<number> {
  if (!/^copy\s[^;]*\sfrom stdin$/i.test(statement)) throw new Error(`not a COPY FROM STDIN: ${statement}`);
  const copy = new CopyFromStdin(statement, data);
  // The submittable stands where pg expects a query's text: Kysely passes it on unread.
  const query: CompiledQuery = { ...CompiledQuery.raw(statement), sql: copy as unknown as string };
  await db.getExecutor().provideConnection((connection) => connection.executeQuery(query));
  return copy.rowCount;
}

const COPY_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * A value in COPY's text format: a backslash, tab, newline or carriage return in it written as
 * its escape. Most index texts have none (whitespace is made single spaces): checking first
 * spares copying them.
 */
export function copyTextField(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : value;
}
