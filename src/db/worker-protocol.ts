// Messages between a database client thread and the thread that hosts PGlite (see pglite-host.ts).
export type HostRequest =
  | { id: number; op: 'query'; tx?: number; sql: string; params: readonly unknown[] }
  | { id: number; op: 'copy'; tx?: number; sql: string; data: string }
  | { id: number; op: 'begin' }
  | { id: number; op: 'commit' | 'rollback'; tx: number };

export interface SerializedDbError {
  message: string;
  code?: string;
  detail?: string;
  constraint?: string;
  table?: string;
  column?: string;
}

export type HostResponse =
  | { id: number; ok: true; rows?: Record<string, unknown>[]; affectedRows?: number; tx?: number }
  | { id: number; ok: false; error: SerializedDbError };

/** An Error carrying the PostgreSQL fields that callers branch on (code, constraint), whatever the engine. */
export class DatabaseError extends Error {
  code?: string;
  detail?: string;
  constraint?: string;
  table?: string;
  column?: string;
  constructor(e: SerializedDbError) {
    super(e.message);
    this.name = 'DatabaseError';
    Object.assign(this, e);
  }
}

export function serializeDbError(err: unknown): SerializedDbError {
  if (err && typeof err === 'object') {
    const e = err as Record<string, unknown>;
    const pick = (k: string) => (typeof e[k] === 'string' ? (e[k] as string) : undefined);
    return {
      message: pick('message') ?? String(err),
      code: pick('code'),
      detail: pick('detail'),
      constraint: pick('constraint'),
      table: pick('table'),
      column: pick('column'),
    };
  }
  return { message: String(err) };
}
