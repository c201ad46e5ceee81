import type { ColumnType, Generated, Selectable } from 'kysely';

export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

export interface JobsQueueTable {
  id: string;
  name: string;
  payload: ColumnType<unknown, string, string>;
  status: Generated<JobStatus>;
  runAt: Generated<Date>;
  attempts: Generated<number>;
  maxAttempts: Generated<number>;
  lockedUntil: Date | null;
  lastError: string | null;
  dedupeKey: string | null;
  createdAt: Generated<Date>;
  finishedAt: Date | null;
}
export type JobRow = Selectable<JobsQueueTable>;
export type JobsTables = { jobsQueue: JobsQueueTable };
