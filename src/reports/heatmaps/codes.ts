// The CNIE code sets of the heat maps, as data: the violence-against-women set of the AVGM report
// (data/reports/violence-against-women-codes.json) and the presets of the police maps (data/reports/heatmap-presets.json).
// Sets are defined in catalog v3; incidents stored with catalog 2.0 join through the v2→v3 mapping, so a set selects
// the same incidents whichever catalog each center used.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { cnieEntry, loadCnieCatalogs, toCatalog } from '../../reference/cnie.ts';

const DATA = new URL('../../../data/reports/', import.meta.url);

/** A set of v3 codes with the stored (version, code) pairs that select it in the rollups. */
export interface CodeSelection {
  /** Active v3 codes of the set, sorted. */
  v3: number[];
  /** v2 codes whose v3 equivalent is in the set, sorted. */
  v2: number[];
}

export interface NamedCode {
  code: number;
  name: string;
}

export interface Preset {
  id: string;
  label: string;
  description: string;
  codes: NamedCode[];
}

/** A configuration file or parameter that names codes the catalog does not have; Spanish, it reaches the user. */
export class CodeSetError extends Error {
  override name = 'CodeSetError';
}

let v2ByV3: Map<number, number[]> | undefined;

/** Expands v3 codes to the selection of stored codes of both versions. */
export function selectionOf(v3Codes: Iterable<number>): CodeSelection {
  if (!v2ByV3) {
    v2ByV3 = new Map();
    for (const v2 of loadCnieCatalogs().v2.keys()) {
      const v3 = toCatalog(v2, '2', '3');
      if (v3 === null) continue;
      const list = v2ByV3.get(v3) ?? [];
      list.push(v2);
      v2ByV3.set(v3, list);
    }
  }
  const v3 = [...new Set(v3Codes)].sort((a, b) => a - b);
  const v2 = [...new Set(v3.flatMap((c) => v2ByV3!.get(c) ?? []))].sort((a, b) => a - b);
  return { v3, v2 };
}

/**
 * Turns codes given in a catalog version into active v3 codes: a v2 code goes through the mapping, a withdrawn v3
 * code through its reclassification. Unknown codes are an error that names them.
 */
export function toV3Codes(codes: readonly number[], version: '2' | '3'): number[] {
  const out = new Set<number>();
  const unknown: number[] = [];
  for (const c of codes) {
    const v3 = toCatalog(c, version, '3');
    if (v3 === null || !cnieEntry('3', v3)?.active) unknown.push(c);
    else out.add(v3);
  }
  if (unknown.length > 0) {
    throw new CodeSetError(
      `${unknown.length === 1 ? 'El código' : 'Los códigos'} ${unknown.join(', ')} no ${unknown.length === 1 ? 'existe' : 'existen'} ` +
        `o no ${unknown.length === 1 ? 'tiene' : 'tienen'} equivalente vigente en el catálogo CNIE ${version === '2' ? '2.0' : '3'}.`,
    );
  }
  return [...out].sort((a, b) => a - b);
}

const named = (code: number): NamedCode => ({ code, name: cnieEntry('3', code)?.name ?? String(code) });

const violenceFile = z.object({
  description: z.string().optional(),
  catalogVersion: z.literal('3'),
  codes: z.array(z.object({ code: z.number().int(), name: z.string() })).min(1),
});

let violenceCache: NamedCode[] | undefined;

/** The violence-against-women set, with the names the file gives; every code must be active in v3. */
export function violenceAgainstWomenCodes(): NamedCode[] {
  if (violenceCache) return violenceCache;
  const file = violenceFile.parse(JSON.parse(readFileSync(new URL('violence-against-women-codes.json', DATA), 'utf8')));
  const bad = file.codes.filter((c) => !cnieEntry('3', c.code)?.active).map((c) => c.code);
  if (bad.length > 0) {
    throw new CodeSetError(`data/reports/violence-against-women-codes.json: códigos sin entrada vigente en CNIE 3: ${bad.join(', ')}.`);
  }
  violenceCache = [...file.codes].sort((a, b) => a.code - b.code);
  return violenceCache;
}

const presetFile = z.object({
  description: z.string().optional(),
  catalogVersion: z.literal('3'),
  default: z.string(),
  presets: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z_]+$/),
        label: z.string(),
        description: z.string(),
        types: z.array(z.number().int().min(1).max(7)).optional(),
        subtypes: z.array(z.number().int().min(100).max(799)).optional(),
        codes: z.array(z.number().int()).optional(),
        excludeSubtypes: z.array(z.number().int()).optional(),
        excludeCodes: z.array(z.number().int()).optional(),
      }),
    )
    .min(1),
});

let presetCache: { presets: Preset[]; defaultId: string } | undefined;

/** The police presets with their expanded v3 code lists. */
export function heatmapPresets(): { presets: Preset[]; defaultId: string } {
  if (presetCache) return presetCache;
  const file = presetFile.parse(JSON.parse(readFileSync(new URL('heatmap-presets.json', DATA), 'utf8')));
  const active = [...loadCnieCatalogs().v3.values()].filter((e) => e.active);
  const presets = file.presets.map((p) => {
    const bad = (p.codes ?? []).filter((c) => !cnieEntry('3', c)?.active);
    if (bad.length > 0) throw new CodeSetError(`data/reports/heatmap-presets.json, «${p.id}»: códigos sin entrada vigente en CNIE 3: ${bad.join(', ')}.`);
    const codes = new Set<number>(p.codes ?? []);
    for (const e of active) {
      if (p.types?.includes(e.type) || p.subtypes?.includes(e.subtype)) codes.add(e.code);
    }
    for (const e of active) {
      if (p.excludeSubtypes?.includes(e.subtype) || p.excludeCodes?.includes(e.code)) codes.delete(e.code);
    }
    return { id: p.id, label: p.label, description: p.description, codes: [...codes].sort((a, b) => a - b).map(named) };
  });
  if (!presets.some((p) => p.id === file.default)) throw new CodeSetError(`data/reports/heatmap-presets.json: el conjunto por omisión «${file.default}» no existe.`);
  presetCache = { presets, defaultId: file.default };
  return presetCache;
}

export function presetById(id: string): Preset {
  const found = heatmapPresets().presets.find((p) => p.id === id);
  if (!found) {
    throw new CodeSetError(`El conjunto «${id}» no existe; use ${heatmapPresets().presets.map((p) => `«${p.id}»`).join(', ')}.`);
  }
  return found;
}

/** Short Spanish description of a code list for titles: the preset's label or the first names. */
export function codesLabel(codes: readonly number[], preset?: Preset): string {
  if (preset) return preset.label;
  const names = codes.slice(0, 3).map((c) => `${c} ${named(c).name}`);
  return codes.length > 3 ? `${names.join('; ')} y ${codes.length - 3} más` : names.join('; ');
}
