// A job queue kept in the database, so that it survives restarts: enqueue (idempotent by key), claim one job at a
// time (FOR UPDATE SKIP LOCKED, on PGlite and PostgreSQL alike), complete, fail with retries and exponential
// backoff, and recover the jobs of a process that died while holding them. JobWorker runs the handlers.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { JobStatus } from './tables.ts';

export interface Job {
  id: number;
  kind: string;
  key: string | null;
  payload: Record<string, unknown>;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_after: Date;
  locked_until: Date | null;
  last_error: string | null;
  result: Record<string, unknown> | null;
  requested_by: number | null;
  created_at: Date;
  finished_at: Date | null;
}

export interface EnqueueOptions {
  kind: string;
  payload: Record<string, unknown>;
  /** Idempotency key: when a job with this key exists, nothing is enqueued and its id is returned. */
  key?: string | null;
  requestedBy?: number | null;
  maxAttempts?: number;
  runAfter?: Date;
}

/** Default time a claimed job may run before another worker may consider its process dead. */
export const DEFAULT_LOCK_MS = 10 * 60_000;
/** First retry delay; each further attempt waits twice as long. */
export const DEFAULT_RETRY_BASE_MS = 30_000;

const normalize = (row: Record<string, unknown>): Job => ({ ...(row as unknown as Job), id: Number(row.id) });

export async function enqueueJob(db: Kysely<Database>, o: EnqueueOptions): Promise<{ id: number; created: boolean }> {
  const inserted = await db
    .insertInto('jobs')
    .values({
      kind: o.kind,
      key: o.key ?? null,
      payload: JSON.stringify(o.payload),
      requested_by: o.requestedBy ?? null,
      ...(o.maxAttempts ? { max_attempts: o.maxAttempts } : {}),
      // The application's clock, as claimJob compares with: the server's now() has microseconds, and a job
      // claimed within the millisecond it was queued would not be due yet.
      run_after: o.runAfter ?? new Date(),
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: Number(inserted.id), created: true };
  const existing = await db.selectFrom('jobs').select('id').where('key', '=', o.key!).executeTakeFirstOrThrow();
  return { id: Number(existing.id), created: false };
}

export async function getJob(db: Kysely<Database>, id: number): Promise<Job | undefined> {
  const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? normalize(row) : undefined;
}

export async function getJobByKey(db: Kysely<Database>, key: string): Promise<Job | undefined> {
  const row = await db.selectFrom('jobs').selectAll().where('key', '=', key).executeTakeFirst();
  return row ? normalize(row) : undefined;
}

/** Takes the oldest due queued job, marks it running with a lock until `now + lockMs`, and counts the attempt. */
export async function claimJob(
  db: Kysely<Database>,
  opts: { lockMs?: number; now?: Date } = {},
): Promise<Job | undefined> {
  const now = opts.now ?? new Date();
  const lockedUntil = new Date(now.getTime() + (opts.lockMs ?? DEFAULT_LOCK_MS));
  const { rows } = await sql<Record<string, unknown>>`
    UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_until = ${lockedUntil}
    WHERE id = (SELECT id FROM jobs WHERE status = 'queued' AND run_after <= ${now}
                ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING *`.execute(db);
  return rows[0] ? normalize(rows[0]) : undefined;
}

export async function completeJob(db: Kysely<Database>, id: number, result: Record<string, unknown>): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ status: 'done', result: JSON.stringify(result), locked_until: null, finished_at: new Date(), last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

/**
 * Records a failure. While attempts remain (and the error is not permanent) the job goes back to the queue after
 * base × 2^(attempts − 1); otherwise it is failed for good. Returns what happened.
 */
export async function failJob(
  db: Kysely<Database>,
  job: Pick<Job, 'id' | 'attempts' | 'max_attempts'>,
  error: string,
  opts: { permanent?: boolean; retryBaseMs?: number; now?: Date } = {},
): Promise<'retry' | 'failed'> {
  const now = opts.now ?? new Date();
  if (!opts.permanent && job.attempts < job.max_attempts) {
    const delay = (opts.retryBaseMs ?? DEFAULT_RETRY_BASE_MS) * 2 ** Math.max(0, job.attempts - 1);
    await db
      .updateTable('jobs')
      .set({ status: 'queued', locked_until: null, last_error: error, run_after: new Date(now.getTime() + delay) })
      .where('id', '=', job.id)
      .execute();
    return 'retry';
  }
  await db
    .updateTable('jobs')
    .set({ status: 'failed', locked_until: null, last_error: error, finished_at: now })
    .where('id', '=', job.id)
    .execute();
  return 'failed';
}

/**
 * Jobs still 'running' after their lock expired belong to a process that died: back to the queue, or failed when
 * they have used all their attempts. Returns the recovered jobs.
 */
export async function recoverStaleJobs(db: Kysely<Database>, now: Date = new Date()): Promise<{ id: number; status: JobStatus }[]> {
  const { rows } = await sql<{ id: number; status: JobStatus }>`
    UPDATE jobs SET
      status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
      finished_at = CASE WHEN attempts >= max_attempts THEN ${now}::timestamptz ELSE NULL END,
      last_error = 'interrumpido: el proceso que lo ejecutaba se detuvo',
      locked_until = NULL
    WHERE status = 'running' AND locked_until < ${now}
    RETURNING id, status`.execute(db);
  return rows.map((r) => ({ id: Number(r.id), status: r.status }));
}

/** An error that retrying will not fix (invalid parameters, report not available). */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export type JobHandler = (job: Job) => Promise<Record<string, unknown>>;

export interface JobWorkerOptions {
  /** How often to look for work when idle. */
  pollMs?: number;
  lockMs?: number;
  retryBaseMs?: number;
  /** Called after a job ends (done, retry or failed), e.g. to notify its requester. */
  onFinished?(job: Job, outcome: 'done' | 'retry' | 'failed', detail: Record<string, unknown> | string): Promise<void>;
  /** Called every poll before claiming (the scheduler's tick hangs here). */
  beforePoll?(): Promise<void>;
  log?(message: string): void;
}

/** Runs queued jobs one at a time in this process, outside any request. */
export class JobWorker {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly handlers: Record<string, JobHandler>,
    private readonly opts: JobWorkerOptions = {},
  ) {}

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.wake();
  }

  /** Looks for work now instead of at the next poll. */
  wake(): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#loop(), 0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  async #loop(): Promise<void> {
    if (this.#running) return;
    const run = (async () => {
      try {
        await this.opts.beforePoll?.();
        await recoverStaleJobs(this.db);
        while (!this.#stopped && (await this.runOnce())) {
          // keep draining the queue
        }
      } catch (err) {
        this.opts.log?.(`[jobs] worker error: ${(err as Error).message}`);
      }
    })();
    this.#running = run;
    await run;
    this.#running = undefined;
    if (!this.#stopped) this.#timer = setTimeout(() => void this.#loop(), this.opts.pollMs ?? 2000);
  }

  /** Claims and runs one job; false when none was due. */
  async runOnce(): Promise<boolean> {
    const job = await claimJob(this.db, { lockMs: this.opts.lockMs });
    if (!job) return false;
    const handler = this.handlers[job.kind];
    try {
      if (!handler) throw new PermanentJobError(`no hay quien ejecute trabajos de tipo «${job.kind}»`);
      const result = await handler(job);
      await completeJob(this.db, job.id, result);
      await this.opts.onFinished?.(job, 'done', result);
    } catch (err) {
      const message = (err as Error).message || String(err);
      const permanent = err instanceof PermanentJobError || (err as { permanent?: boolean }).permanent === true;
      const outcome = await failJob(this.db, job, message, { permanent, retryBaseMs: this.opts.retryBaseMs });
      this.opts.log?.(`[jobs] job ${job.id} (${job.kind}) ${outcome === 'retry' ? 'will retry' : 'failed'}: ${message}`);
      await this.opts.onFinished?.(job, outcome, message).catch(() => {});
    }
    return true;
  }
}
