import type { Engine } from '../../db/connection.js';

/*
 * Database values as JSON, so one dump loads into either engine. Plain JSON carries text,
 * numbers, booleans and null; the other types a driver returns are tagged so that they come
 * back exactly: bytes as base64, dates as ISO text, big integers as decimal text, and json
 * columns (objects on PostgreSQL) as the value itself.
 */

export type EncodedValue = string | number | boolean | null | { $bytes: string } | { $date: string } | { $bigint: string } | { $json: unknown };

export function encodeValue(value: unknown): EncodedValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`A number that JSON cannot hold: ${value}.`);
    return value;
  }
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  return { $json: value };
}

/** The value to bind for `engine`: better-sqlite3 takes no booleans or dates, pg no bigints. */
export function decodeValue(value: EncodedValue, engine: Engine): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return engine === 'sqlite' ? (value ? 1 : 0) : value;
  if ('$bytes' in value) return Buffer.from(value.$bytes, 'base64');
  if ('$date' in value) return engine === 'sqlite' ? value.$date : new Date(value.$date);
  if ('$bigint' in value) return engine === 'sqlite' ? BigInt(value.$bigint) : value.$bigint;
  return JSON.stringify(value.$json);
}
