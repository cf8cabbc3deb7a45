// The mitigation thresholds and referral destinations, kept as data (data/registries/numbers/mitigation.json) so
// that the emergency center changes them without touching code. A copy in $ATALAYA_DATA_DIR/numeros/ replaces the
// bundled file; it is read again when it changes.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { NumbersError } from './rules.ts';

export interface Threshold {
  /** Improper calls from one number … */
  calls: number;
  /** … within this many days (today included) open a case. */
  days: number;
}

export interface MitigationSettings {
  source: string;
  threshold: Threshold;
  /** Center code → its own threshold. */
  centerThresholds: Record<string, Threshold>;
  referralDestinations: string[];
}

const threshold = z.object({
  calls: z.number().int().min(2, 'el umbral necesita al menos 2 llamadas').max(1000),
  days: z.number().int().min(1, 'la ventana es de al menos 1 día').max(366, 'la ventana es de a lo más 366 días'),
});
const schema = z.object({
  source: z.string().default(''),
  threshold,
  centerThresholds: z.record(z.string().regex(/^[A-Z0-9_]+$/, 'las claves de centro van en mayúsculas'), threshold).default({}),
  referralDestinations: z.array(z.string().min(1)).min(1),
});

export function parseMitigationSettings(json: unknown, source: string): MitigationSettings {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new NumbersError('configuracion_invalida', `${source}: configuración inválida (${parsed.error.issues.map((i) => `${i.path.join('.') || 'archivo'}: ${i.message}`).join('; ')}).`);
  }
  return parsed.data;
}

export const thresholdFor = (s: MitigationSettings, center: string): Threshold => s.centerThresholds[center] ?? s.threshold;

const BUNDLED = new URL('../../../data/registries/numbers/mitigation.json', import.meta.url).pathname;
let cache: { path: string; mtimeMs: number; value: MitigationSettings } | undefined;

export function mitigationSettings(dataDir?: string): MitigationSettings {
  const own = dataDir ? join(dataDir, 'numeros', 'mitigation.json') : undefined;
  let path = BUNDLED;
  let mtimeMs: number;
  try {
    if (!own) throw new Error('no override');
    mtimeMs = statSync(own).mtimeMs;
    path = own;
  } catch {
    mtimeMs = statSync(BUNDLED).mtimeMs;
  }
  if (cache && cache.path === path && cache.mtimeMs === mtimeMs) return cache.value;
  const source = path === BUNDLED ? 'data/registries/numbers/mitigation.json' : path;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new NumbersError('configuracion_invalida', `${source}: no se pudo leer como JSON (${(err as Error).message}).`);
  }
  const value = parseMitigationSettings(json, source);
  cache = { path, mtimeMs, value };
  return value;
}

/**
 * Saves new thresholds as the data folder's copy (the bundled file stays as shipped), validated as the file would be;
 * written to a temporary file and renamed, so a reader never sees half a file. Returns the settings before and after.
 */
export function saveThresholds(dataDir: string, change: { threshold: Threshold; centerThresholds: Record<string, Threshold> }) {
  const before = mitigationSettings(dataDir);
  const path = join(dataDir, 'numeros', 'mitigation.json');
  const after = parseMitigationSettings({ ...before, ...change }, path);
  mkdirSync(join(dataDir, 'numeros'), { recursive: true });
  writeFileSync(`${path}.tmp`, `${JSON.stringify(after, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
  cache = undefined;
  return { before, after };
}
