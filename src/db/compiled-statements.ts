import type { Compilable, CompiledQuery } from 'kysely';
import type { DbOrTx } from './database.js';

/**
 * A public page's statement built and compiled once, then run with each request's values.
 *
 * Building a statement with Kysely's builder and compiling it to SQL costs more CPU than
 * running it for the statements of the public pages (nested JSON lists, subqueries), yet their
 * text never changes: only the values do (the slug, the time, a filter). So the statement is
 * built once per database handle with a marker in place of each value, and each request swaps
 * its own values in for the markers in the compiled parameter list.
 *
 * `build` must use each value only as a value (a parameter of the statement), never to choose
 * the statement's shape. Which values are given is part of the shape: an optional filter left
 * out (or undefined) gets a statement of its own without being named. Anything else that
 * chooses the shape belongs in `shape`, which keys a separate compiled statement.
 */
/** A statement's values: a name for each, as the builder receives them. */
type StatementValues<V> = { [K in keyof V]: string | number | undefined };

export function compiledOnce<Values extends StatementValues<Values>, Row>(
  build: (db: DbOrTx, values: Values) => Compilable<Row>,
): (db: DbOrTx, values: Values, shape?: string) => CompiledQuery<Row> {
  const compiledByDb = new WeakMap<DbOrTx, Map<string, Template<Row>>>();
  return (db, values, shape = '') => {
    let byShape = compiledByDb.get(db);
    if (!byShape) compiledByDb.set(db, (byShape = new Map()));
    const names = namesOf(values);
    const key = `${shape} ${names.join()}`;
    let template = byShape.get(key);
    if (!template) {
      template = compileTemplate(build, db, names);
      byShape.set(key, template);
    }
    const { compiled, slots } = template;
    return { ...compiled, parameters: compiled.parameters.map((p, i) => (slots[i] === undefined ? p : values[slots[i] as keyof Values])) };
  };
}

/** The names of the values given, sorted; one left undefined is not given. */
function namesOf(values: object): string[] {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([name]) => name)
    .sort();
}

interface Template<Row> {
  compiled: CompiledQuery<Row>;
  /** For each parameter, the name of the value it takes, or undefined for a constant. */
  slots: Array<string | undefined>;
}

/** Unlikely in any real value: a NUL starts it. */
const MARKER = '\u0000value:';

function compileTemplate<Values extends StatementValues<Values>, Row>(
  build: (db: DbOrTx, values: Values) => Compilable<Row>,
  db: DbOrTx,
  names: string[],
): Template<Row> {
  const markers = Object.fromEntries(names.map((name) => [name, MARKER + name])) as unknown as Values;
  const compiled = build(db, markers).compile();
  const slots = compiled.parameters.map((p) => (typeof p === 'string' && p.startsWith(MARKER) ? p.slice(MARKER.length) : undefined));
  const used = new Set(slots);
  const unused = names.filter((name) => !used.has(name));
  // A value the builder transformed (or used to pick the shape) never reaches the parameters
  // as its marker: running the statement would silently ignore the request's value.
  if (unused.length > 0) throw new Error(`compiledOnce: values not passed through as parameters: ${unused.join(', ')}`);
  return { compiled, slots };
}
