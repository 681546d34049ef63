/** One fact about this database (see migration 0011); values are JSON or plain text per key. */
export interface InstanceStateTable {
  key: string;
  value: string;
  updatedAt: string;
}

export interface InstanceTables {
  instanceState: InstanceStateTable;
}

declare module '../../db/database.js' {
  interface Database extends InstanceTables {}
}
