/** At most one row (id 1): while it exists, mail sending and scheduled publishing are paused. */
export interface OperationsPauseTable {
  id: number;
  /** Why it was paused: 'restore' after `dove restore`. */
  reason: string;
  pausedAt: string;
  backupCreatedAt: string | null;
}

export interface OperationsTables {
  operationsPause: OperationsPauseTable;
}

declare module '../../db/database.js' {
  interface Database extends OperationsTables {}
}
