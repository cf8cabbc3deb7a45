// One error type for the access domain: a machine code, a Spanish message for people, and the HTTP status that
// the routes answer with, so that the functions can be used from the CLI and the routes alike.
export class AccessError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AccessError';
  }
}

/** Whether a database error is a unique violation (same SQLSTATE on PGlite and PostgreSQL). */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}
