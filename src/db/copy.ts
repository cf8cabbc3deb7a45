// The dialect both drivers share, and bulk load with COPY on both engines. Callers write
// `COPY table (cols) FROM STDIN WITH (FORMAT csv)` and pass the CSV text as the only parameter; each driver turns it
// into its engine's own COPY.
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type Dialect,
  type Driver,
  type Kysely,
} from 'kysely';

/** The PostgreSQL dialect with a driver of ours (both engines speak PostgreSQL; only the transport differs). */
export function postgresDialect(createDriver: () => Driver): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver,
    createQueryCompiler: () => new PostgresQueryCompiler(),
    createIntrospector: (db: Kysely<any>) => new PostgresIntrospector(db),
  };
}

const COPY_FROM_STDIN = /^\s*COPY\s+[\s\S]+\bFROM\s+STDIN\b/i;

export function isCopyFromStdin(sqlText: string): boolean {
  return COPY_FROM_STDIN.test(sqlText);
}

/** Quotes one value for PostgreSQL's CSV COPY format; null and undefined become the unquoted empty field. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (v instanceof Date) return v.toISOString();
  const s = typeof v === 'string' ? v : Array.isArray(v) ? pgArrayLiteral(v) : String(v);
  // Quoted: the empty string (unquoted it would be NULL), and text with a delimiter, quote, line break or edge space.
  if (s === '' || s.charCodeAt(0) <= 32 || s.charCodeAt(s.length - 1) <= 32 || SPECIAL.test(s)) return `"${s.replaceAll('"', '""')}"`;
  return s;
}

const SPECIAL = /[",\n\r]/;

function pgArrayLiteral(items: unknown[]): string {
  return `{${items.map((i) => `"${String(i).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}

/** COPYs rows (arrays in column order) into a table inside whatever transaction `db` is bound to. */
export async function copyRows(db: Kysely<any>, table: string, columns: readonly string[], rows: readonly unknown[][]) {
  if (rows.length === 0) return;
  let data = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) data += (i ? ',' : '') + csvField(row[i]);
    data += '\n';
  }
  await copyCsv(db, table, columns, data);
}

/** COPYs CSV text (one line per row, fields quoted with csvField) into a table. */
export async function copyCsv(db: Kysely<any>, table: string, columns: readonly string[], csv: string) {
  if (csv === '') return;
  const cols = columns.map((c) => `"${c}"`).join(', ');
  await db.executeQuery(CompiledQuery.raw(`COPY ${table} (${cols}) FROM STDIN WITH (FORMAT csv)`, [csv]));
}
