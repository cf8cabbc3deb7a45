// The cyber unit's catalogs and rules kept as data, so that the unit changes them without touching code:
//   data/registries/cyber/catalogs.json       incident types, intake channels, platforms, the monthly indicators
//   data/registries/cyber/hotline-alerts.json  international hotlines, the deadline of each step of an alert,
//                                              referral destinations and discard reasons
// A copy of either file in $ATALAYA_DATA_DIR/ciber/ replaces the bundled one (read again when it changes). Values
// typed by people or CSV files are matched loosely (case, accents, spaces and punctuation ignored) against each
// entry's code, label and aliases.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export interface CatalogEntry {
  code: string;
  label: string;
}

export interface Catalog {
  entries: CatalogEntry[];
  /** Normalised code, label or alias → code. */
  index: ReadonlyMap<string, string>;
}

export interface Indicator {
  code: string;
  label: string;
  description: string;
  /** Incident types the indicator counts. */
  types: string[];
  /** When set, only incidents whose victim has one of these sexes count. */
  victimSex: string[] | null;
}

export interface CyberCatalogs {
  types: Catalog;
  otherType: string;
  channels: Catalog;
  platforms: Catalog;
  otherPlatform: string;
  indicators: Indicator[];
}

export type AlertStep = 'intake' | 'assignment' | 'investigation' | 'referral';
export const ALERT_STEPS: readonly AlertStep[] = ['intake', 'assignment', 'investigation', 'referral'];

export interface AlertSettings {
  hotlines: { code: string; name: string }[];
  deadlines: Record<AlertStep, { label: string; hours: number; description: string }>;
  referralDestinations: string[];
  discardReasons: CatalogEntry[];
}

/** Victim sexes and age groups: the same values as the incidents of the call centers. */
export const VICTIM_SEXES = ['mujer', 'hombre', 'no_especificado'] as const;
export type VictimSex = (typeof VICTIM_SEXES)[number];
export const SEX_LABELS: Record<VictimSex, string> = { mujer: 'Mujer', hombre: 'Hombre', no_especificado: 'No especificado' };
export const AGE_GROUPS = ['0-11', '12-17', '18-29', '30-44', '45-59', '60+', 'no_especificado'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];
export const AGE_GROUP_LABELS: Record<AgeGroup, string> = {
  '0-11': '0 a 11 años',
  '12-17': '12 a 17 años',
  '18-29': '18 a 29 años',
  '30-44': '30 a 44 años',
  '45-59': '45 a 59 años',
  '60+': '60 años o más',
  no_especificado: 'No especificada',
};

/** A settings file that cannot be used; the message is Spanish and names the file and its problem. */
export class CyberSettingsError extends Error {
  override name = 'CyberSettingsError';
  readonly code = 'configuracion_invalida';
}

/** The form in which values are compared: 'Sextorsión' and 'SEXTORSION ' both give 'sextorsion'. */
export function looseKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

const code = z.string().regex(/^[a-z0-9_]+$/, 'los códigos van en minúsculas, sin acentos, con guion bajo');
const entry = z.object({ code, label: z.string().min(1), aliases: z.array(z.string().min(1)).default([]) });

const catalogsSchema = z.object({
  source: z.string().optional(),
  types: z.array(entry).min(1),
  otherType: code,
  channels: z.array(entry).min(1),
  platforms: z.array(entry).min(1),
  otherPlatform: code,
  indicators: z
    .array(
      z.object({
        code,
        label: z.string().min(1),
        description: z.string().default(''),
        types: z.array(code).min(1, 'un indicador necesita al menos un tipo de incidente'),
        victimSex: z.array(z.enum(VICTIM_SEXES)).min(1).optional(),
      }),
    )
    .min(1),
});

const hours = z.number().positive('los plazos van en horas, mayores que cero').max(24 * 365);
const step = z.object({ label: z.string().min(1), hours, description: z.string().default('') });
const alertsSchema = z.object({
  source: z.string().optional(),
  hotlines: z.array(z.object({ code: z.string().regex(/^[A-Z0-9_]+$/, 'las claves de línea van en mayúsculas'), name: z.string().min(1) })).min(1),
  deadlines: z.object({ intake: step, assignment: step, investigation: step, referral: step }),
  referralDestinations: z.array(z.string().min(1)).min(1),
  discardReasons: z.array(z.object({ code, label: z.string().min(1) })).min(1),
});

function issues(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.join('.') || 'archivo'}: ${i.message}`).join('; ');
}

function buildCatalog(entries: z.infer<typeof entry>[], what: string, source: string): Catalog {
  const index = new Map<string, string>();
  const codes = new Set<string>();
  for (const e of entries) {
    if (codes.has(e.code)) throw new CyberSettingsError(`${source}: ${what} «${e.code}» aparece dos veces.`);
    codes.add(e.code);
    for (const name of [e.code, e.label, ...e.aliases]) {
      const key = looseKey(name);
      if (key === '') throw new CyberSettingsError(`${source}: el alias «${name}» de «${e.code}» queda vacío.`);
      const taken = index.get(key);
      if (taken !== undefined && taken !== e.code) {
        throw new CyberSettingsError(`${source}: «${name}» nombra a la vez ${what} «${taken}» y «${e.code}».`);
      }
      index.set(key, e.code);
    }
  }
  return { entries: entries.map(({ code, label }) => ({ code, label })), index };
}

/** Validates the content of catalogs.json; `source` names the file in the messages. */
export function parseCyberCatalogs(json: unknown, source: string): CyberCatalogs {
  const parsed = catalogsSchema.safeParse(json);
  if (!parsed.success) throw new CyberSettingsError(`${source}: catálogos inválidos (${issues(parsed.error)}).`);
  const f = parsed.data;
  const types = buildCatalog(f.types, 'el tipo', source);
  const channels = buildCatalog(f.channels, 'el medio de entrada', source);
  const platforms = buildCatalog(f.platforms, 'la plataforma', source);
  const typeCodes = new Set(types.entries.map((t) => t.code));
  if (!typeCodes.has(f.otherType)) throw new CyberSettingsError(`${source}: «otherType» (${f.otherType}) no es un tipo del catálogo.`);
  if (!platforms.entries.some((p) => p.code === f.otherPlatform)) {
    throw new CyberSettingsError(`${source}: «otherPlatform» (${f.otherPlatform}) no es una plataforma del catálogo.`);
  }
  const seen = new Set<string>();
  for (const ind of f.indicators) {
    if (seen.has(ind.code)) throw new CyberSettingsError(`${source}: el indicador «${ind.code}» aparece dos veces.`);
    seen.add(ind.code);
    const unknown = ind.types.filter((t) => !typeCodes.has(t));
    if (unknown.length) throw new CyberSettingsError(`${source}: el indicador «${ind.code}» nombra tipos que no existen: ${unknown.join(', ')}.`);
  }
  return {
    types,
    otherType: f.otherType,
    channels,
    platforms,
    otherPlatform: f.otherPlatform,
    indicators: f.indicators.map((i) => ({ code: i.code, label: i.label, description: i.description, types: i.types, victimSex: i.victimSex ?? null })),
  };
}

/** Validates the content of hotline-alerts.json. */
export function parseAlertSettings(json: unknown, source: string): AlertSettings {
  const parsed = alertsSchema.safeParse(json);
  if (!parsed.success) throw new CyberSettingsError(`${source}: configuración de alertas inválida (${issues(parsed.error)}).`);
  const f = parsed.data;
  const codes = new Set<string>();
  for (const h of f.hotlines) {
    if (codes.has(h.code)) throw new CyberSettingsError(`${source}: la línea «${h.code}» aparece dos veces.`);
    codes.add(h.code);
  }
  return { hotlines: f.hotlines, deadlines: f.deadlines, referralDestinations: f.referralDestinations, discardReasons: f.discardReasons };
}

/** The code a typed value names in a catalog, or undefined. */
export function lookup(catalog: Catalog, value: string): string | undefined {
  return catalog.index.get(looseKey(value));
}

export function labelOf(catalog: Catalog, code: string): string {
  return catalog.entries.find((e) => e.code === code)?.label ?? code;
}

const BUNDLED = new URL('../../../data/registries/cyber/', import.meta.url);
const cache = new Map<string, { mtimeMs: number; value: unknown }>();

/** The override in the data folder when there is one, else the bundled file; parsed again when the file changes. */
function load<T>(name: string, dataDir: string | undefined, parse: (json: unknown, source: string) => T): T {
  const own = dataDir ? join(dataDir, 'ciber', name) : undefined;
  let path = new URL(name, BUNDLED).pathname;
  let source = `data/registries/cyber/${name}`;
  let mtimeMs: number;
  try {
    if (!own) throw new Error('no override');
    mtimeMs = statSync(own).mtimeMs;
    path = own;
    source = own;
  } catch {
    mtimeMs = statSync(path).mtimeMs;
  }
  const hit = cache.get(path);
  if (hit && hit.mtimeMs === mtimeMs) return hit.value as T;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new CyberSettingsError(`${source}: no se pudo leer como JSON (${(err as Error).message}).`);
  }
  const value = parse(json, source);
  cache.set(path, { mtimeMs, value });
  return value;
}

export function cyberCatalogs(dataDir?: string): CyberCatalogs {
  return load('catalogs.json', dataDir, parseCyberCatalogs);
}

export function alertSettings(dataDir?: string): AlertSettings {
  return load('hotline-alerts.json', dataDir, parseAlertSettings);
}
