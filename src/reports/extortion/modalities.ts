// The extortion modalities of the 089 report, kept as data (data/reports/extortion-modalities.json) so that the
// center can change the list without touching code. Imports store the modality as the source wrote it, so a recorded
// value is matched loosely (case, accents, spaces and dashes ignored) against each modality's code and aliases.
// A value the list does not know is never dropped: it counts under the list's catch-all modality and the report
// names it; a tip with an extortion code but no modality counts as "sin modalidad registrada".
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** What the rollup stores when a tip records no modality. */
export const NO_MODALITY = '';
export const NO_MODALITY_LABEL = 'Sin modalidad registrada';

export interface Modality {
  code: string;
  label: string;
}

export interface ModalityList {
  modalities: Modality[];
  /** Code of the modality that takes recorded values not in the list. */
  otherCode: string;
  /** Normalised code or alias → code. */
  index: ReadonlyMap<string, string>;
}

/** A modality file that cannot be used; the message is Spanish and names the file's problem. */
export class ModalityListError extends Error {
  override name = 'ModalityListError';
}

const fileSchema = z.object({
  description: z.string().optional(),
  otherCode: z.string().min(1),
  modalities: z
    .array(
      z.object({
        code: z.string().regex(/^[a-z0-9_]+$/, 'los códigos de modalidad van en minúsculas, sin acentos, con guion bajo'),
        label: z.string().min(1),
        aliases: z.array(z.string().min(1)).default([]),
      }),
    )
    .min(1),
});

/** The form a recorded modality is compared in: 'Cobro de Piso' and 'cobro-de-piso' both give 'cobro_de_piso'. */
export function modalityKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Validates a modality file's content; `source` names it in the messages. */
export function parseModalityList(json: unknown, source: string): ModalityList {
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ModalityListError(`${source}: lista de modalidades inválida (${detail}).`);
  }
  const file = parsed.data;
  const codes = new Set<string>();
  const index = new Map<string, string>();
  for (const m of file.modalities) {
    if (codes.has(m.code)) throw new ModalityListError(`${source}: la modalidad «${m.code}» aparece dos veces.`);
    codes.add(m.code);
    for (const name of [m.code, ...m.aliases]) {
      const key = modalityKey(name);
      if (key === '') throw new ModalityListError(`${source}: el alias «${name}» de «${m.code}» queda vacío.`);
      const taken = index.get(key);
      if (taken !== undefined && taken !== m.code) {
        throw new ModalityListError(`${source}: «${name}» nombra a la vez las modalidades «${taken}» y «${m.code}».`);
      }
      index.set(key, m.code);
    }
  }
  if (!file.modalities.some((m) => m.code === file.otherCode)) {
    throw new ModalityListError(`${source}: «otherCode» (${file.otherCode}) debe ser una de las modalidades de la lista.`);
  }
  return { modalities: file.modalities.map(({ code, label }) => ({ code, label })), otherCode: file.otherCode, index };
}

let bundled: ModalityList | undefined;

/** The list the report uses (data/reports/extortion-modalities.json), read once. */
export function extortionModalities(): ModalityList {
  bundled ??= parseModalityList(
    JSON.parse(readFileSync(new URL('../../../data/reports/extortion-modalities.json', import.meta.url), 'utf8')),
    'data/reports/extortion-modalities.json',
  );
  return bundled;
}

export interface Classified {
  /** A code of the list, or NO_MODALITY. */
  code: string;
  /** False when the recorded value is not in the list and was counted under the catch-all modality. */
  listed: boolean;
}

/** The modality a recorded value counts under. */
export function classifyModality(recorded: string, list: ModalityList): Classified {
  const key = modalityKey(recorded);
  if (key === '') return { code: NO_MODALITY, listed: true };
  const code = list.index.get(key);
  return code === undefined ? { code: list.otherCode, listed: false } : { code, listed: true };
}
