// One error type for the distribution domain: a stable machine code, a Spanish message for people and the HTTP
// status the routes answer with, so that the functions serve the routes and the command line alike.
export class DistributionError extends Error {
  override name = 'DistributionError';
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new DistributionError('no_encontrado', `No existe ${what}.`, 404);

/** Validates input with a zod schema; the issues become one Spanish message naming each field. */
export function parseInput<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues
    .map((i) => (i.path.length ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
  throw new DistributionError('datos_invalidos', `Datos inválidos: ${detail}.`);
}
