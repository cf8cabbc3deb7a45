// Import profiles: how a foreign file layout maps onto the incident model. Profiles are data (JSON files): the
// built-in ones ship in data/import-profiles, an administrator's own go in <data dir>/profiles, and any file can
// be named by path.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CHANNELS, CNIE_VERSIONS } from './tables.ts';

const column = z.string().min(1);

/** A text value: one column, several joined, or a constant; optionally translated through a value map. */
const textField = z
  .object({
    column: column.optional(),
    columns: z.array(column).min(1).optional(),
    join: z.string().default(' '),
    value: z.string().optional(),
    map: z.string().optional(),
  })
  .refine((f) => [f.column, f.columns, f.value].filter((x) => x !== undefined).length === 1, {
    message: 'indique exactamente uno de column, columns o value',
  });

/** A moment: one column or a date column plus a time column, read with the first format that matches. */
const timeField = z
  .object({
    column: column.optional(),
    date: column.optional(),
    time: column.optional(),
    formats: z.array(z.string().min(1)).min(1),
    /** A time-only column that may fall after midnight: when it reads earlier than received_at, add a day. */
    rollover: z.boolean().default(false),
  })
  .refine((f) => (f.column ? !f.date && !f.time : !!f.date), { message: 'indique column, o date con time' });

const FIELD_NAMES = [
  'center_code', 'folio', 'channel', 'cnie_version', 'cnie_code', 'priority', 'is_improper', 'closing_code',
  'municipality_code', 'municipality_name', 'locality', 'latitude', 'longitude', 'geopoint', 'corporation', 'unit',
  'related_folios', 'victim_sex', 'victim_age_group', 'reported_phone', 'extortion_modality', 'caller_phone',
  'caller_name', 'address', 'notes',
] as const;
export type TextFieldName = (typeof FIELD_NAMES)[number];
export const TIME_FIELDS = ['received_at', 'dispatched_at', 'arrived_at', 'closed_at'] as const;
export type TimeFieldName = (typeof TIME_FIELDS)[number];

export const profileSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use minúsculas, dígitos y guiones'),
  label: z.string().min(1),
  description: z.string().default(''),
  /** Time zone of local times without offset; null means the state's configured zone. */
  timeZone: z.string().nullable().default(null),
  cnieVersion: z.enum(CNIE_VERSIONS).default('3'),
  delimiter: z.string().length(1).default(','),
  fields: z
    .object({
      ...Object.fromEntries(FIELD_NAMES.map((n) => [n, textField.optional()])),
      ...Object.fromEntries(TIME_FIELDS.map((n) => [n, timeField.optional()])),
    })
    .partial()
    .refine((f) => f.folio && f.received_at && f.cnie_code, {
      message: 'un perfil debe definir al menos folio, received_at y cnie_code',
    }),
  /** Value maps by name: foreign value → Atalaya value. Keys compare without case, accents or extra spaces. */
  maps: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  /** Separator of a list column such as related_folios. */
  listSeparator: z.string().default('|'),
});

export type ImportProfile = z.infer<typeof profileSchema>;
export type TextFieldSpec = z.infer<typeof textField>;
export type TimeFieldSpec = z.infer<typeof timeField>;

export class ProfileError extends Error {}

const BUILT_IN_DIR = fileURLToPath(new URL('../../data/import-profiles/', import.meta.url));

export function parseProfile(json: unknown, source: string): ImportProfile {
  const parsed = profileSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(perfil)'}: ${i.message}`);
    throw new ProfileError(`El perfil ${source} no es válido:\n${lines.join('\n')}`);
  }
  const p = parsed.data;
  for (const [field, spec] of Object.entries(p.fields)) {
    const map = (spec as TextFieldSpec | undefined)?.map;
    if (map && !p.maps[map]) throw new ProfileError(`El perfil ${source} usa el mapa «${map}» en ${field}, pero no lo define.`);
  }
  if (p.fields.channel === undefined) p.fields.channel = { value: '911', join: ' ' };
  for (const v of Object.values(p.maps.canal ?? {})) {
    if (!(CHANNELS as readonly string[]).includes(v)) throw new ProfileError(`El perfil ${source}: canal desconocido «${v}».`);
  }
  return p;
}

function readProfileFile(path: string): ImportProfile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ProfileError(`No se pudo leer el perfil ${path}: ${(err as Error).message}`);
  }
  return parseProfile(json, basename(path));
}

function profilesIn(dir: string): ImportProfile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => readProfileFile(join(dir, f)));
}

/** Built-in profiles followed by the administrator's own (which may not reuse a built-in name). */
export function listProfiles(dataDir: string): ImportProfile[] {
  const builtIn = profilesIn(BUILT_IN_DIR);
  const own = profilesIn(join(dataDir, 'profiles')).filter((p) => !builtIn.some((b) => b.name === p.name));
  return [...builtIn, ...own];
}

/** A profile by name, or by the path of a profile file. */
export function findProfile(nameOrPath: string, dataDir: string): ImportProfile {
  if (nameOrPath.endsWith('.json') && existsSync(nameOrPath)) return readProfileFile(nameOrPath);
  const all = listProfiles(dataDir);
  const p = all.find((x) => x.name === nameOrPath);
  if (!p) {
    throw new ProfileError(
      `No existe el perfil de importación «${nameOrPath}». Perfiles disponibles: ${all.map((x) => x.name).join(', ')}.`,
    );
  }
  return p;
}

/** Normalises a value-map key: upper case, no accents, single spaces. */
export function mapKey(v: string): string {
  return v
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/\s+/g, ' ')
    .trim();
}
