// The registry of field classifications (data/disclosure/fields.json) and the legal basis cited for each redaction
// (data/disclosure/legal-basis.json): data that the legal area can correct without touching the program. Read once
// and checked: a field naming an unknown classification, or a basis naming an article that no law lists, is an
// error at start, not a citation missing from an official document.
import { readFileSync } from 'node:fs';

export type FieldClassification = 'personal' | 'reserved' | 'public';

export interface FieldEntry {
  id: string;
  label: string;
  classification: FieldClassification;
  /** The group of articles a redaction of this field rests on; its classification when not given. */
  basis?: 'personal' | 'reserved';
  treatment?: string;
}

export interface LegalArticle {
  id: string;
  /** e.g. 'LGTAIP, art. 116', for the list of redactions. */
  short: string;
  citation: string;
  text: string;
}

interface FieldsFile {
  classifications: Record<FieldClassification, string>;
  fields: FieldEntry[];
  reports: Record<string, string[]>;
  callerPhonesRequiredBy: string[];
}

interface LegalFile {
  articles: LegalArticle[];
  states: Record<string, LegalArticle[]>;
  bases: { personal: string[]; reserved: string[]; publicVersion: string[] };
}

const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../../../data/disclosure/${name}`, import.meta.url), 'utf8')) as T;

function load() {
  const fields = read<FieldsFile>('fields.json');
  const legal = read<LegalFile>('legal-basis.json');
  const problems: string[] = [];
  const byId = new Map<string, FieldEntry>();
  for (const f of fields.fields) {
    if (byId.has(f.id)) problems.push(`campo repetido ${f.id}`);
    if (!(f.classification in fields.classifications)) problems.push(`${f.id}: clasificación desconocida ${f.classification}`);
    byId.set(f.id, f);
  }
  for (const [report, list] of Object.entries(fields.reports)) {
    for (const id of list) if (!byId.has(id)) problems.push(`${report}: campo desconocido ${id}`);
  }
  const everyArticle = new Set([...legal.articles, ...Object.values(legal.states).flat()].map((a) => a.id));
  for (const [basis, ids] of Object.entries(legal.bases)) {
    for (const id of ids) if (!everyArticle.has(id)) problems.push(`fundamento ${basis}: artículo desconocido ${id}`);
  }
  if (problems.length > 0) throw new Error(`data/disclosure no es válido: ${problems.join('; ')}.`);
  return { fields, legal, byId };
}

const REGISTRY = load();

export function fieldEntry(id: string): FieldEntry | undefined {
  return REGISTRY.byId.get(id);
}

export const CLASSIFICATION_NAMES = REGISTRY.fields.classifications;

/** The fields a report's products can carry, with their classification (empty for a report not listed). */
export function reportFields(reportCode: string): FieldEntry[] {
  return (REGISTRY.fields.reports[reportCode] ?? []).map((id) => REGISTRY.byId.get(id)!);
}

/** Whether the report needs callers' phone numbers (e.g. the list of malicious numbers). */
export function reportRequiresCallerPhones(reportCode: string): boolean {
  return REGISTRY.fields.callerPhonesRequiredBy.includes(reportCode);
}

/** The articles that apply in a state: the general laws' and that state's own. */
function articlesOf(stateCode: string): Map<string, LegalArticle> {
  return new Map([...REGISTRY.legal.articles, ...(REGISTRY.legal.states[stateCode] ?? [])].map((a) => [a.id, a]));
}

/** The basis of a redaction of `fieldId`, as article ids valid in the state. */
export function legalBasisOf(fieldId: string, stateCode: string): string[] {
  const field = REGISTRY.byId.get(fieldId);
  if (!field) throw new Error(`El campo «${fieldId}» no está en el registro de clasificación (data/disclosure/fields.json).`);
  const group = field.basis ?? (field.classification === 'public' ? 'personal' : field.classification);
  const valid = articlesOf(stateCode);
  return REGISTRY.legal.bases[group].filter((id) => valid.has(id));
}

/** The articles under which a public version is made (the versión pública itself). */
export function publicVersionBasis(stateCode: string): string[] {
  const valid = articlesOf(stateCode);
  return REGISTRY.legal.bases.publicVersion.filter((id) => valid.has(id));
}

export function legalArticles(ids: Iterable<string>, stateCode: string): LegalArticle[] {
  const valid = articlesOf(stateCode);
  return [...new Set(ids)].map((id) => valid.get(id)).filter((a): a is LegalArticle => a !== undefined);
}

/** The registry's own text, hashed into the key of a release: corrected law or rules make a new version. */
export function registryText(): string {
  return JSON.stringify([REGISTRY.fields, REGISTRY.legal]);
}
