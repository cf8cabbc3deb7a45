// The national databases the state supplies to Plataforma México, as data (data/national-databases/databases.json):
// each one's supply-log layout (the columns after folio, fecha_evento and fecha_carga), the column that classifies
// its records, and the definitions of its indicators — which fields a complete record carries and the deadline in
// days between the event and the load. Read and checked once; a mistake in the file stops with a Spanish message.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** The columns every supply log has, before the database's own. */
export const COMMON_COLUMNS = ['folio', 'fecha_evento', 'fecha_carga'] as const;

export const COLUMN_KINDS = ['text', 'category', 'municipality', 'integer', 'latitude', 'longitude', 'flag'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

const columnSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/),
  label: z.string().min(1),
  kind: z.enum(COLUMN_KINDS),
  values: z.array(z.object({ code: z.string().regex(/^[a-z_]+$/), label: z.string(), aliases: z.array(z.string()).default([]) })).optional(),
});

const databaseSchema = z.object({
  code: z.string().regex(/^[a-z_]+$/),
  name: z.string(),
  shortName: z.string(),
  eventLabel: z.string(),
  category: z.string(),
  columns: z.array(columnSchema).min(1).max(30),
  indicators: z.object({ deadlineDays: z.number().int().min(0).max(365), requiredFields: z.array(z.string()).min(1) }),
});

const fileSchema = z.object({ description: z.string().optional(), databases: z.array(databaseSchema).min(1) });

export type ColumnDefinition = z.infer<typeof columnSchema>;
export type DatabaseDefinition = z.infer<typeof databaseSchema>;

/** A definitions file that cannot be used; Spanish, it names what to fix. */
export class DefinitionsError extends Error {
  override name = 'DefinitionsError';
}

const FILE = new URL('../../../data/national-databases/databases.json', import.meta.url);

/** Checks a parsed definitions file: unique codes and columns, a category column with values, known required fields. */
export function checkDefinitions(raw: unknown): DatabaseDefinition[] {
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new DefinitionsError(`data/national-databases/databases.json no es válido: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`);
  }
  const codes = new Set<string>();
  for (const d of parsed.data.databases) {
    const where = `data/national-databases/databases.json, «${d.code}»`;
    if (codes.has(d.code)) throw new DefinitionsError(`${where}: la base está repetida.`);
    codes.add(d.code);
    const names = new Set<string>(COMMON_COLUMNS);
    for (const c of d.columns) {
      if (names.has(c.name)) throw new DefinitionsError(`${where}: la columna «${c.name}» está repetida o es una de las comunes (folio, fecha_evento, fecha_carga).`);
      names.add(c.name);
      if (c.kind === 'category' && !c.values?.length) throw new DefinitionsError(`${where}: la columna «${c.name}» es de categorías y no lista sus valores.`);
    }
    const category = d.columns.find((c) => c.name === d.category);
    if (!category || category.kind !== 'category') throw new DefinitionsError(`${where}: «category» debe nombrar una columna de tipo category.`);
    const unknown = d.indicators.requiredFields.filter((f) => !d.columns.some((c) => c.name === f));
    if (unknown.length) throw new DefinitionsError(`${where}: campos requeridos que no están en sus columnas: ${unknown.join(', ')}.`);
  }
  return parsed.data.databases;
}

let cache: DatabaseDefinition[] | undefined;

export function nationalDatabases(): DatabaseDefinition[] {
  cache ??= checkDefinitions(JSON.parse(readFileSync(FILE, 'utf8')));
  return cache;
}

export function databaseNamed(code: string): DatabaseDefinition | undefined {
  return nationalDatabases().find((d) => d.code === code);
}

/** Every column of a database's supply log, in file order. */
export const layoutOf = (d: DatabaseDefinition): string[] => [...COMMON_COLUMNS, ...d.columns.map((c) => c.name)];

/** Bit of each column in a record's mask of present fields (the position in `columns`). */
export const fieldBit = (d: DatabaseDefinition, name: string): number => 1 << d.columns.findIndex((c) => c.name === name);

/** The mask a complete record covers. */
export const requiredMask = (d: DatabaseDefinition): number => d.indicators.requiredFields.reduce((m, f) => m | fieldBit(d, f), 0);

export function categoryLabel(d: DatabaseDefinition, code: string): string {
  if (code === '') return 'Sin clasificar';
  return d.columns.find((c) => c.name === d.category)?.values?.find((v) => v.code === code)?.label ?? code;
}
