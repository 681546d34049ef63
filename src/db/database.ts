import type { Kysely, Transaction } from 'kysely';

/**
 * Every table. Each feature adds its own from its `*.tables.ts`
 * (`declare module '../../db/database.js' { interface Database extends XTables {} }`), so a new
 * feature's tables need no line here and this layer imports no feature. Keys are camelCase;
 * columns snake_case.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by each feature's declaration
export interface Database {}

export type Db = Kysely<Database>;
/** Repositories take either the database or an open transaction. */
export type DbOrTx = Kysely<Database> | Transaction<Database>;
