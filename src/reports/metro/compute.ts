// Crime incidence of a group of municipalities (by default the capital's metropolitan area), from two sources: the
// security incidents that 9-1-1 and 089 received (rollup_daily) and the crimes reported to the prosecutor that the
// SESNSP publishes (crime-statistics domain). Per municipality and crime type: counts, rates per 100,000 inhabitants
// (CONAPO), changes against the previous period and the same period a year before, and a ranking by rate.
import { sql } from 'kysely';
import { z } from 'zod';
import { monthsOf, previousPeriod, samePeriodLastYear, type Period } from '../../analytics/periods.ts';
import {
  sesnspCountsByType,
  sesnspImportFiles,
  sesnspPublishedMonths,
  type MonthRange,
  type SesnspTypeCount,
} from '../../crime-statistics/index.ts';
import { municipalityName, populationOf, stateName, statePopulation, type CnieVersion } from '../../reference/index.ts';
import { ReportError } from '../generate.ts';
import { loadGroup } from '../heatmaps/query.ts';
import type { ReportContext, Suppressed } from '../types.ts';
import { figures, rankByRate, sumOrNull, type Figures, type Populations } from './figures.ts';
import { securityCodes } from './security-codes.ts';

export const METRO_GROUP_SLUG = 'zona-metropolitana';

export const metroParams = z.object({
  group: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'la clave del grupo va en minúsculas, con guiones (p. ej. zona-metropolitana)')
    .default(METRO_GROUP_SLUG),
});
export type MetroParams = z.infer<typeof metroParams>;

/** 9-1-1 and 089: the two public lines whose security incidents the report counts. */
export const INCIDENT_CHANNELS = ['911', '089'] as const;

export interface PeriodInfo {
  key: string;
  label: string;
  firstDay: string;
  lastDay: string;
  /** Year of the CONAPO population its rates divide by. */
  populationYear: number;
}

/** One row of a municipality × crime type (or group × crime type) table. */
export interface TypeRow<S extends Suppressed = never> {
  /** Null for the group's total. */
  municipalityCode: string | null;
  municipalityName: string;
  /** CNIE subtype number for 9-1-1; «bien jurídico|tipo» for the SESNSP. */
  typeKey: string;
  typeName: string;
  /** SESNSP only: the legal interest the crime type belongs to. */
  bienJuridico: string | null;
  figures: Figures<S>;
}

export interface MunicipalityRow<S extends Suppressed = never> {
  code: string;
  name: string;
  population: number | null;
  incidents: Figures<S> & { by911: number | S; by089: number | S; rank: number | null | S };
  sesnsp: Figures & { rank: number | null };
}

/** Whether the SESNSP has published every month of a period: for all places, some, or none. */
export type Availability = 'complete' | 'partial' | 'missing';

/** S is the mark of a suppressed figure (see Figures); the SESNSP's figures are public and never carry it. */
export interface MetroData<S extends Suppressed = never> {
  period: PeriodInfo;
  previous: PeriodInfo;
  lastYear: PeriodInfo;
  cnieVersion: CnieVersion;
  stateCode: string;
  stateName: string;
  group: { slug: string; name: string; sourceCitation: string | null; sourceUrl: string | null };
  municipalities: MunicipalityRow<S>[];
  total: { population: number | null; incidents: Figures<S> & { by911: number | S; by089: number | S }; sesnsp: Figures };
  incidents: {
    /** Whether 9-1-1/089 incidents were imported for the whole of each period. */
    availability: { current: Availability; previous: Availability; lastYear: Availability };
    byMunicipality: TypeRow<S>[];
    byType: TypeRow<S>[];
    /** The group's incidents by CNIE code (detail of the types). */
    byCode: { code: number; name: string; subtype: number; subtypeName: string; count: number | null | S; previous: number | null | S; lastYear: number | null | S }[];
  };
  sesnsp: {
    municipal: {
      availability: { current: Availability; previous: Availability; lastYear: Availability };
      byMunicipality: TypeRow[];
      byType: TypeRow[];
      /** Files the figures of the period came from. */
      sources: string[];
    };
    /** The state-level series (IDEFC_NM): the state's total, shown apart; null when not imported for the period. */
    state: { population: number | null; total: Figures; byType: TypeRow[]; sources: string[] } | null;
  };
  /** Spanish warnings about missing or partial data, in the order they matter. */
  notes: string[];
}

type Slot = 0 | 1 | 2; // current, previous, same period last year
const SLOTS: Slot[] = [0, 1, 2];

const info = (p: Period): PeriodInfo => ({ key: p.key, label: p.label, firstDay: p.firstDay, lastDay: p.lastDay, populationYear: p.year });

function monthRange(p: Period): MonthRange {
  const months = monthsOf(p);
  return { year: p.year, firstMonth: months[0]!.index, lastMonth: months.at(-1)!.index };
}

export function emptyGroupMessage(groupName: string, slug: string): string {
  const example = slug === METRO_GROUP_SLUG ? ', p. ej. la delimitación de las zonas metropolitanas de SEDATU, CONAPO e INEGI' : '';
  return (
    `El grupo «${groupName}» no tiene municipios registrados, así que no hay municipios de los cuales informar. ` +
    'Un administrador debe cargar la lista oficial de sus municipios (Catálogos de referencia › Grupos de municipios › ' +
    `«Cargar o corregir municipios»: CSV con la columna clave_municipio, y registrar la cita de la fuente oficial${example}) ` +
    'y volver a generar el reporte.'
  );
}

export async function computeMetro(ctx: ReportContext): Promise<MetroData> {
  const params = ctx.params as MetroParams;
  const { db, cnieVersion } = ctx;
  const stateCode = ctx.config.stateCode;
  const group = await loadGroup(db, stateCode, params.group);
  if (!group) {
    const groups = await db.selectFrom('municipality_groups').select('slug').where('state_code', '=', stateCode).orderBy('slug').execute();
    throw new ReportError(
      'grupo_inexistente',
      `No existe el grupo de municipios «${params.group}» en esta entidad. Grupos registrados: ${groups.map((g) => g.slug).join(', ') || 'ninguno'}.`,
    );
  }
  if (group.members.length === 0) throw new ReportError('grupo_vacio', emptyGroupMessage(group.name, group.slug));
  const members = group.members;
  const nameOf = (code: string) => municipalityName(code) ?? code;

  const periods: Record<Slot, Period> = { 0: ctx.period, 1: previousPeriod(ctx.period), 2: samePeriodLastYear(ctx.period) };
  const populationOfMember = (code: string): Populations => ({
    current: populationOf(code, periods[0].year) ?? null,
    previous: populationOf(code, periods[1].year) ?? null,
    lastYear: populationOf(code, periods[2].year) ?? null,
  });
  const groupPopulation: Populations = {
    current: sumOrNull(members.map((m) => populationOfMember(m).current)),
    previous: sumOrNull(members.map((m) => populationOfMember(m).previous)),
    lastYear: sumOrNull(members.map((m) => populationOfMember(m).lastYear)),
  };
  const notes: string[] = [];
  for (const m of members) {
    if (populationOfMember(m).current === null) {
      notes.push(`CONAPO no tiene población de ${nameOf(m)} (${m}) para ${periods[0].year}: no se calcula su tasa ni entra en la clasificación.`);
    }
  }

  // ---- 9-1-1 and 089: one pass over the rollup for the three periods.
  const codes = securityCodes(cnieVersion);
  const between = (p: Period) => sql`local_date BETWEEN ${p.firstDay} AND ${p.lastDay}`;
  // A period in which the center recorded nothing at all, of any kind, anywhere, was not imported: «sin datos», not
  // zero. One whose first or last day is empty was imported in part.
  const loaded = await sql<{ slot: number; has_any: boolean; has_first: boolean; has_last: boolean }>`
    SELECT s.slot,
           EXISTS (SELECT 1 FROM rollup_daily WHERE local_date BETWEEN s.first_day AND s.last_day) AS has_any,
           EXISTS (SELECT 1 FROM rollup_daily WHERE local_date = s.first_day) AS has_first,
           EXISTS (SELECT 1 FROM rollup_daily WHERE local_date = s.last_day) AS has_last
    FROM (VALUES ${sql.join(SLOTS.map((k) => sql`(${k}::int, ${periods[k].firstDay}::date, ${periods[k].lastDay}::date)`))}) AS s(slot, first_day, last_day)
    ORDER BY s.slot`.execute(db);
  const incidentAvailability = SLOTS.map((k): Availability => {
    const r = loaded.rows.find((x) => Number(x.slot) === k)!;
    return !r.has_any ? 'missing' : r.has_first && r.has_last ? 'complete' : 'partial';
  });
  type Known = [number | null, number | null, number | null];
  const known = (v: [number, number, number]): Known => SLOTS.map((k) => (incidentAvailability[k] === 'missing' ? null : v[k])) as Known;
  const sums = await sql<{ slot: number; municipality_code: string; cnie_version: CnieVersion; cnie_code: number; channel: string; n: number }>`
    SELECT CASE WHEN ${between(periods[0])} THEN 0 WHEN ${between(periods[1])} THEN 1 ELSE 2 END AS slot,
           municipality_code, cnie_version, cnie_code, channel, sum(n)::int AS n
    FROM rollup_daily
    WHERE (${between(periods[0])} OR ${between(periods[1])} OR ${between(periods[2])})
      AND municipality_code = ANY(${members}::text[])
      AND channel = ANY(${[...INCIDENT_CHANNELS]}::text[])
      AND ((cnie_version = '2' AND cnie_code = ANY(${codes.stored['2']}::int[]))
        OR (cnie_version = '3' AND cnie_code = ANY(${codes.stored['3']}::int[])))
    GROUP BY 1, 2, 3, 4, 5`.execute(db);

  const bySubtype = new Map<string, [number, number, number]>(); // municipality|subtype → per slot
  const byCode = new Map<number, [number, number, number]>();
  const byMember = new Map<string, [number, number, number]>();
  const channelCurrent = new Map<string, { by911: number; by089: number }>();
  for (const r of sums.rows) {
    const c = codes.classify(r.cnie_version, r.cnie_code)!;
    const slot = Number(r.slot) as Slot;
    const n = Number(r.n);
    const add = <K>(map: Map<K, [number, number, number]>, key: K) => {
      const v = map.get(key) ?? [0, 0, 0];
      v[slot] += n;
      map.set(key, v);
    };
    add(bySubtype, `${r.municipality_code}|${c.subtype}`);
    add(byCode, c.code);
    add(byMember, r.municipality_code);
    if (slot === 0) {
      const ch = channelCurrent.get(r.municipality_code) ?? { by911: 0, by089: 0 };
      if (r.channel === '911') ch.by911 += n;
      else ch.by089 += n;
      channelCurrent.set(r.municipality_code, ch);
    }
  }
  const subtypes = [...new Set([...bySubtype.keys()].map((k) => Number(k.split('|')[1])))].sort((a, b) => a - b);
  const incidentRow = (mun: string | null, subtype: number, counts: [number, number, number], pop: Populations): TypeRow => {
    const v = known(counts);
    return {
      municipalityCode: mun,
      municipalityName: mun === null ? group.name : nameOf(mun),
      typeKey: String(subtype),
      typeName: codes.subtypeName(subtype),
      bienJuridico: null,
      figures: figures(v[0], v[1], v[2], pop),
    };
  };
  const incidentByMunicipality: TypeRow[] = [];
  for (const m of members) {
    for (const st of subtypes) {
      const v = bySubtype.get(`${m}|${st}`);
      if (v) incidentByMunicipality.push(incidentRow(m, st, v, populationOfMember(m)));
    }
  }
  const incidentByType = subtypes.map((st) => {
    const v: [number, number, number] = [0, 0, 0];
    for (const m of members) {
      const x = bySubtype.get(`${m}|${st}`);
      if (x) SLOTS.forEach((s) => (v[s] += x[s]));
    }
    return incidentRow(null, st, v, groupPopulation);
  });
  const codeRows = [...byCode]
    .map(([code, v]) => {
      const subtype = code === 0 ? 0 : Math.floor(code / 100);
      const [count, previous, lastYear] = known(v);
      return { code, name: codes.codeName(code), subtype, subtypeName: codes.subtypeName(subtype), count, previous, lastYear };
    })
    .sort((a, b) => (b.count ?? 0) - (a.count ?? 0) || (b.previous ?? 0) - (a.previous ?? 0) || a.code - b.code);
  if (byCode.has(0)) {
    notes.push(
      `Algunos incidentes de seguridad se registraron con claves de la otra versión del CNIE sin equivalencia en la ${cnieVersion === '2' ? '2.0' : '3'}: ` +
        'se cuentan en el tipo «Sin equivalencia».',
    );
  }

  const slotLabels = [periods[0].label, `${periods[1].label} (periodo anterior)`, `${periods[2].label} (mismo periodo del año anterior)`];
  SLOTS.forEach((k) => {
    if (incidentAvailability[k] === 'missing') {
      notes.push(`No hay incidentes de 9-1-1 ni de 089 importados para ${slotLabels[k]}: sus cifras dicen «sin datos»${k === 0 ? '' : ' y no se calcula la variación respecto de ese periodo'}.`);
    } else if (incidentAvailability[k] === 'partial') {
      notes.push(`Los incidentes de 9-1-1 y 089 importados no cubren completo el periodo ${slotLabels[k]} (su primer o su último día no tiene registros): sus cifras pueden estar incompletas.`);
    }
  });

  // ---- SESNSP, municipal level: a municipality's figure exists only when every month of the period is published.
  const ranges = SLOTS.map((s) => monthRange(periods[s]));
  const monthsNeeded = ranges.map((r) => r.lastMonth - r.firstMonth + 1);
  const slotOfMonth = (year: number, month: number): Slot | undefined =>
    SLOTS.find((s) => ranges[s]!.year === year && month >= ranges[s]!.firstMonth && month <= ranges[s]!.lastMonth);
  const municipalQuery = { level: 'municipal' as const, stateCode, municipalities: members, ranges };
  const [published, counts] = await Promise.all([sesnspPublishedMonths(db, municipalQuery), sesnspCountsByType(db, municipalQuery)]);
  const publishedCount = new Map<string, [number, number, number]>();
  const sourceImports = new Set<number>();
  for (const p of published) {
    const slot = slotOfMonth(p.year, p.month);
    if (slot === undefined) continue;
    const v = publishedCount.get(p.municipalityCode) ?? [0, 0, 0];
    v[slot]++;
    publishedCount.set(p.municipalityCode, v);
    if (slot === 0) sourceImports.add(p.importId);
  }
  const complete = (m: string, s: Slot) => (publishedCount.get(m)?.[s] ?? 0) === monthsNeeded[s];
  const availability = (s: Slot): Availability => {
    const n = members.filter((m) => complete(m, s)).length;
    return n === members.length ? 'complete' : n === 0 ? 'missing' : 'partial';
  };
  const sesnspTypes = sesnspTypeSums(counts, slotOfMonth);
  const sesnspKeys = [...new Set([...sesnspTypes.keys()].map((k) => k.slice(k.indexOf('|') + 1)))].sort((a, b) => a.localeCompare(b, 'es'));
  const sesnspRow = (mun: string | null, key: string, v: (number | null)[], pop: Populations): TypeRow => {
    const [bien, tipo] = key.split('|') as [string, string];
    return {
      municipalityCode: mun,
      municipalityName: mun === null ? group.name : nameOf(mun),
      typeKey: key,
      typeName: tipo,
      bienJuridico: bien,
      figures: figures(v[0]!, v[1]!, v[2]!, pop),
    };
  };
  const memberSesnsp = (m: string, key: string | null): (number | null)[] =>
    SLOTS.map((s) => {
      if (!complete(m, s)) return null;
      if (key !== null) return sesnspTypes.get(`${m}|${key}`)?.[s] ?? 0;
      let total = 0;
      for (const k of sesnspKeys) total += sesnspTypes.get(`${m}|${k}`)?.[s] ?? 0;
      return total;
    });
  const sesnspByMunicipality: TypeRow[] = [];
  for (const m of members) {
    if (!SLOTS.some((s) => complete(m, s))) continue;
    for (const key of sesnspKeys) sesnspByMunicipality.push(sesnspRow(m, key, memberSesnsp(m, key), populationOfMember(m)));
  }
  const sesnspByType = sesnspKeys.map((key) => {
    const perMember = members.map((m) => memberSesnsp(m, key));
    return sesnspRow(null, key, SLOTS.map((s) => sumOrNull(perMember.map((v) => v[s]!))), groupPopulation);
  });
  const municipalAvailability = { current: availability(0), previous: availability(1), lastYear: availability(2) };
  for (const s of SLOTS) {
    const label = slotLabels[s]!;
    const a = availability(s);
    if (a === 'missing') {
      notes.push(
        s === 0
          ? `No hay cifras municipales del SESNSP para ${label}. Importe el archivo de incidencia delictiva municipal del SESNSP (IDM_NM) con «npx atalaya import-sesnsp ARCHIVO» y vuelva a generar el reporte; mientras tanto las columnas del SESNSP dicen «sin datos», no cero.`
          : `No hay cifras municipales del SESNSP para ${label}: no se calcula la variación de las cifras del SESNSP respecto de ese periodo.`,
      );
    } else if (a === 'partial') {
      const lacking = members.filter((m) => !complete(m, s)).map((m) => `${nameOf(m)} (${m})`);
      notes.push(`Las cifras municipales del SESNSP de ${label} no incluyen todos los meses de: ${lacking.join(', ')}; para esos municipios dicen «sin datos» y el total del grupo no se calcula.`);
    }
  }

  // ---- SESNSP, state level: the state's own series, shown apart (it is not the sum of the municipalities).
  const stateQuery = { level: 'state' as const, stateCode, ranges };
  const [statePublished, stateCounts] = await Promise.all([sesnspPublishedMonths(db, stateQuery), sesnspCountsByType(db, stateQuery)]);
  const statePublishedCount: [number, number, number] = [0, 0, 0];
  const stateImports = new Set<number>();
  for (const p of statePublished) {
    const s = slotOfMonth(p.year, p.month);
    if (s === undefined) continue;
    statePublishedCount[s]++;
    if (s === 0) stateImports.add(p.importId);
  }
  const stateComplete = (s: Slot) => statePublishedCount[s] === monthsNeeded[s];
  let state: MetroData['sesnsp']['state'] = null;
  const statePop: Populations = {
    current: statePopulation(stateCode, periods[0].year) ?? null,
    previous: statePopulation(stateCode, periods[1].year) ?? null,
    lastYear: statePopulation(stateCode, periods[2].year) ?? null,
  };
  if (stateComplete(0)) {
    const stateTypes = sesnspTypeSums(stateCounts, slotOfMonth);
    const keys = [...new Set([...stateTypes.keys()].map((k) => k.slice(k.indexOf('|') + 1)))].sort((a, b) => a.localeCompare(b, 'es'));
    const values = (key: string | null) =>
      SLOTS.map((s) => {
        if (!stateComplete(s)) return null;
        if (key !== null) return stateTypes.get(`|${key}`)?.[s] ?? 0;
        return keys.reduce((sum, k) => sum + (stateTypes.get(`|${k}`)?.[s] ?? 0), 0);
      });
    const entity = stateName(stateCode) ?? stateCode;
    state = {
      population: statePop.current,
      total: figures(values(null)[0]!, values(null)[1]!, values(null)[2]!, statePop),
      byType: keys.map((key) => ({ ...sesnspRow(null, key, values(key), statePop), municipalityName: entity })),
      sources: [...(await sesnspImportFiles(db, [...stateImports])).values()].sort(),
    };
    if (municipalAvailability.current === 'missing') {
      notes.push(`Para ${periods[0].label} solo hay cifras estatales del SESNSP: se presentan aparte, como total de la entidad.`);
    }
  }

  // ---- Per municipality, with the ranking by rate.
  const municipalities: MunicipalityRow[] = members.map((m) => {
    const v = known(byMember.get(m) ?? [0, 0, 0]);
    const pop = populationOfMember(m);
    const s = memberSesnsp(m, null);
    return {
      code: m,
      name: nameOf(m),
      population: pop.current,
      incidents: { ...figures(v[0], v[1], v[2], pop), ...(channelCurrent.get(m) ?? { by911: 0, by089: 0 }), rank: null },
      sesnsp: { ...figures(s[0]!, s[1]!, s[2]!, pop), rank: null },
    };
  });
  const incidentRanks = rankByRate(municipalities.map((m) => m.incidents.rate));
  const sesnspRanks = rankByRate(municipalities.map((m) => m.sesnsp.rate));
  municipalities.forEach((m, i) => {
    m.incidents.rank = incidentRanks[i]!;
    m.sesnsp.rank = sesnspRanks[i]!;
  });
  const incidentTotal = SLOTS.map((s) => sumOrNull(municipalities.map((m) => [m.incidents.count, m.incidents.previous, m.incidents.lastYear][s]!)));
  const sesnspTotal = SLOTS.map((s) => sumOrNull(municipalities.map((m) => [m.sesnsp.count, m.sesnsp.previous, m.sesnsp.lastYear][s]!)));

  return {
    period: info(periods[0]),
    previous: info(periods[1]),
    lastYear: info(periods[2]),
    cnieVersion,
    stateCode,
    stateName: stateName(stateCode) ?? stateCode,
    group: { slug: group.slug, name: group.name, sourceCitation: group.sourceCitation, sourceUrl: group.sourceUrl },
    municipalities,
    total: {
      population: groupPopulation.current,
      incidents: {
        ...figures(incidentTotal[0]!, incidentTotal[1]!, incidentTotal[2]!, groupPopulation),
        by911: municipalities.reduce((s, m) => s + m.incidents.by911, 0),
        by089: municipalities.reduce((s, m) => s + m.incidents.by089, 0),
      },
      sesnsp: figures(sesnspTotal[0]!, sesnspTotal[1]!, sesnspTotal[2]!, groupPopulation),
    },
    incidents: {
      availability: { current: incidentAvailability[0]!, previous: incidentAvailability[1]!, lastYear: incidentAvailability[2]! },
      byMunicipality: incidentByMunicipality,
      byType: incidentByType,
      byCode: codeRows,
    },
    sesnsp: {
      municipal: {
        availability: municipalAvailability,
        byMunicipality: sesnspByMunicipality,
        byType: sesnspByType,
        sources: [...(await sesnspImportFiles(db, [...sourceImports])).values()].sort(),
      },
      state,
    },
    notes,
  };
}

/** SESNSP counts summed per «municipality|bien jurídico|tipo» and period slot. */
function sesnspTypeSums(counts: SesnspTypeCount[], slotOf: (year: number, month: number) => Slot | undefined): Map<string, [number, number, number]> {
  const out = new Map<string, [number, number, number]>();
  for (const c of counts) {
    const s = slotOf(c.year, c.month);
    if (s === undefined) continue;
    const key = `${c.municipalityCode}|${c.bienJuridico}|${c.tipo}`;
    const v = out.get(key) ?? [0, 0, 0];
    v[s] += c.n;
    out.set(key, v);
  }
  return out;
}
