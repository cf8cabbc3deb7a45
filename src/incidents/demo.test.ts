import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvRecords } from '../util/csv.ts';
import { latLngToCell } from 'h3-js';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngines } from '../../test/support/databases.ts';
import { defaultCoverage } from '../reference/call-centers.ts';
import { cnieEntry, loadCnieCatalogs } from '../reference/cnie.ts';
import { loadStateGeography } from '../reference/geography.ts';
import { seedReference } from '../reference/seed.ts';
import { LocalTime } from '../util/local-time.ts';
import { EXTORTION_MODALITIES } from './demo-catalog.ts';
import { defaultEndMonth, demoMonths, generateDemo, loadDemo, loadDemoCenters, writeDemoCsv, type DemoOptions } from './demo.ts';
import { CELL_RESOLUTION, createNormalizer, type IncidentRecord } from './normalize.ts';
import { mapKey, parseProfile } from './profiles.ts';

const TZ = 'America/Mexico_City';

function centersFor(stateCode: string): DemoOptions['centers'] {
  const byCenter = new Map<string, string[]>();
  for (const [mun, center] of defaultCoverage(stateCode)) byCenter.set(center, [...(byCenter.get(center) ?? []), mun]);
  return [...byCenter].map(([code, municipalities]) => ({ code, municipalities }));
}

function options(over: Partial<DemoOptions> = {}): DemoOptions {
  const stateCode = over.stateCode ?? '20';
  return { stateCode, timeZone: TZ, months: 1, scale: 0.01, seed: 42, endMonth: '2026-02', centers: centersFor(stateCode), ...over };
}

function all(opts: DemoOptions): IncidentRecord[] {
  return [...generateDemo(opts)].flat();
}

const oaxaca = all(options({ scale: 0.05, months: 2 }));

describe('demo periods', () => {
  it('ends with the month before the current one by default', () => {
    expect(defaultEndMonth(new Date('2026-03-15T12:00:00Z'), TZ)).toBe('2026-02');
    // 00:30 UTC on 1 March is still February in Mexico City.
    expect(defaultEndMonth(new Date('2026-03-01T00:30:00Z'), TZ)).toBe('2026-01');
    expect(demoMonths('2026-02', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
  });
});

describe('generateDemo', () => {
  it('is deterministic for a seed and differs for another seed', () => {
    const first = generateDemo(options()).next().value;
    const again = generateDemo(options()).next().value;
    const other = generateDemo(options({ seed: 43 })).next().value;
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('gives a month the same records whatever range it is generated in', () => {
    const february = oaxaca.filter((r) => r.local_date.startsWith('2026-02'));
    expect(all(options({ scale: 0.05, months: 1 }))).toEqual(february);
  });

  it('produces ~1,000 calls a month at scale 0.01, in batches, in order of reception', () => {
    const batches = [...generateDemo(options({ batchSize: 300 }))];
    const records = batches.flat();
    expect(records.length).toBeGreaterThan(800);
    expect(records.length).toBeLessThan(1200);
    expect(batches.slice(0, -1).every((b) => b.length === 300)).toBe(true);
    for (let i = 1; i < oaxaca.length; i++) expect(oaxaca[i]!.received_at >= oaxaca[i - 1]!.received_at).toBe(true);
  });

  it('keeps improper calls at 70–80 %, with active type-7 codes and no dispatch', () => {
    const { v3 } = loadCnieCatalogs();
    const improper = oaxaca.filter((r) => r.is_improper);
    const share = improper.length / oaxaca.length;
    expect(share).toBeGreaterThan(0.7);
    expect(share).toBeLessThan(0.8);
    for (const r of oaxaca) {
      const entry = v3.get(r.cnie_code);
      expect(entry?.active).toBe(true);
      expect(r.cnie_version).toBe('3');
      expect(r.is_improper).toBe(entry!.type === 7);
      expect(r.priority).toBe(entry!.priority);
    }
    for (const r of improper) {
      expect(r.dispatched_at).toBeNull();
      expect(r.arrived_at).toBeNull();
      expect(r.closed_at!.getTime() - r.received_at.getTime()).toBeLessThanOrEqual(120_000);
    }
    // A mix of real incidents, not a handful of codes.
    expect(new Set(oaxaca.filter((r) => !r.is_improper).map((r) => r.cnie_code)).size).toBeGreaterThan(60);
  });

  it('keeps 089 tips anonymous and records extortion numbers', () => {
    const tips = oaxaca.filter((r) => r.channel === '089');
    expect(tips.length / oaxaca.length).toBeGreaterThan(0.03);
    expect(tips.length / oaxaca.length).toBeLessThan(0.05);
    for (const r of tips) {
      expect(r.caller_phone).toBeNull();
      expect(r.caller_name).toBeNull();
    }
    const extortion = oaxaca.filter((r) => r.cnie_code === 30407);
    expect(extortion.some((r) => r.channel === '089')).toBe(true);
    for (const r of extortion) {
      expect(EXTORTION_MODALITIES).toContain(r.extortion_modality);
      expect(r.reported_phone).toMatch(/^[2-9]\d{9}$/);
    }
    // Heavy tail: the most reported number comes up several times.
    const counts = new Map<string, number>();
    for (const r of extortion) counts.set(r.reported_phone!, (counts.get(r.reported_phone!) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeGreaterThan(3);
  });

  it('uses 10-digit phones and a few repeat prank callers', () => {
    const phones = oaxaca.flatMap((r) => (r.caller_phone ? [r.caller_phone] : []));
    for (const p of phones) expect(p).toMatch(/^(951|953|954|958|971|287)[2-9]\d{6}$/);
    const pranks = new Map<string, number>();
    for (const r of oaxaca) if (r.is_improper && r.caller_phone) pranks.set(r.caller_phone, (pranks.get(r.caller_phone) ?? 0) + 1);
    expect(Math.max(...pranks.values())).toBeGreaterThan(20);
  });

  it('places every incident in a municipality of the state, every point inside it', () => {
    const geo = loadStateGeography('20');
    const codes = new Set(geo.municipalities.map((m) => m.code));
    const located = oaxaca.filter((r) => r.latitude !== null);
    expect(located.length / oaxaca.length).toBeGreaterThan(0.6);
    for (const r of oaxaca) expect(codes.has(r.municipality_code!)).toBe(true);
    for (const r of located) {
      expect(geo.locate(r.latitude!, r.longitude!)).toBe(r.municipality_code);
      expect(Math.round(r.latitude! * 1e5) / 1e5).toBe(r.latitude);
      expect(r.cell).toBe(latLngToCell(r.latitude!, r.longitude!, CELL_RESOLUTION));
    }
    // Population weighting: the capital gets far more calls than the average municipality.
    const capital = oaxaca.filter((r) => r.municipality_code === '20067').length;
    expect(capital / oaxaca.length).toBeGreaterThan(0.03);
  });

  it('answers each incident from the center covering its municipality, with unique folios', () => {
    const coverage = defaultCoverage('20');
    const folios = new Set<string>();
    for (const r of oaxaca) {
      expect(r.center_code).toBe(coverage.get(r.municipality_code!));
      expect(r.folio).toMatch(new RegExp(`^${r.center_code}-\\d{4}-\\d{2}-\\d{6}$`));
      folios.add(`${r.center_code}/${r.folio}`);
    }
    expect(folios.size).toBe(oaxaca.length);
  });

  it('orders the times of each incident and cuts local day and hour in the state zone', () => {
    const local = new LocalTime(TZ);
    for (const r of oaxaca) {
      const { date, hour } = local.dayAndHour(r.received_at);
      expect(r.local_date).toBe(date);
      expect(r.local_hour).toBe(hour);
      const steps = [r.received_at, r.dispatched_at, r.arrived_at, r.closed_at].filter((d): d is Date => d !== null);
      for (let i = 1; i < steps.length; i++) expect(steps[i]!.getTime()).toBeGreaterThanOrEqual(steps[i - 1]!.getTime());
      if (r.arrived_at) expect(r.dispatched_at).not.toBeNull();
      expect(r.closed_at).not.toBeNull();
    }
    // Alta-priority dispatches take minutes, not hours.
    const alta = oaxaca.filter((r) => r.priority === 'alta' && r.dispatched_at);
    const median = alta.map((r) => r.dispatched_at!.getTime() - r.received_at.getTime()).sort((a, b) => a - b)[alta.length >> 1]!;
    expect(median).toBeGreaterThan(60_000);
    expect(median).toBeLessThan(180_000);
  });

  it('has a daily cycle: fewer calls at 3–6 am than in the evening', () => {
    const byHour = new Array<number>(24).fill(0);
    for (const r of oaxaca) byHour[r.local_hour]!++;
    expect(byHour[4]! * 2).toBeLessThan(byHour[19]!);
  });

  it('works for other states', () => {
    for (const stateCode of ['09', '14']) {
      const records = all(options({ stateCode }));
      const geo = loadStateGeography(stateCode);
      const codes = new Set(geo.municipalities.map((m) => m.code));
      expect(records.length).toBeGreaterThan(800);
      for (const r of records) {
        expect(codes.has(r.municipality_code!)).toBe(true);
        if (r.latitude !== null) expect(geo.locate(r.latitude, r.longitude!)).toBe(r.municipality_code);
        expect(r.center_code).toBe('EST');
      }
    }
  });
});

describe('writeDemoCsv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atalaya-demo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the native layout, which the importer reads back into the same records', async () => {
    const path = join(dir, 'demo.csv');
    const opts = options();
    const rows = await writeDemoCsv(path, opts);
    const expected = all(opts);
    expect(rows).toBe(expected.length);

    const profile = parseProfile(JSON.parse(readFileSync(new URL('../../data/import-profiles/atalaya.json', import.meta.url), 'utf8')), 'atalaya');
    const geo = loadStateGeography('20');
    const normalize = createNormalizer({
      profile,
      catalogs: { entry: (version, code) => cnieEntry(version, code) },
      geography: {
        stateName: geo.stateName,
        bbox: geo.bbox,
        municipalityCodes: new Set(geo.municipalities.map((m) => m.code)),
        municipalityByName: new Map(geo.municipalities.map((m) => [mapKey(m.name), m.code])),
        locate: (lat, lon) => geo.locate(lat, lon),
      },
      centers: new Set(opts.centers.map((c) => c.code)),
      timeZone: TZ,
      now: new Date('2100-01-01T00:00:00Z'),
    });
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n', 1)[0]).toMatch(/^centro,folio,canal,recibido,despachado,arribo,cerrado,cnie_version,cnie_codigo/);
    const parsed = csvRecords(text);
    expect(parsed).toHaveLength(expected.length);
    parsed.forEach((row, i) => {
      const result = normalize({ values: Object.values(row), columns: new Map(Object.keys(row).map((k, j) => [k, j])) });
      if (!result.ok) throw new Error(`row ${i}: ${JSON.stringify(result.reasons)}`);
      expect(result.incident).toEqual(expected[i]);
    });
    expect(text).toMatch(/T\d{2}:\d{2}:\d{2}-06:00,/);
  });
});

describe.each(testEngines())('loadDemo on %s', (engine) => {
  it('stores the demo with matching rollups and adds nothing the second time', async () => {
    const db = await createTestDatabase(engine);
    try {
      await seedReference(db.db, '20');
      const centers = await loadDemoCenters(db.db, '20');
      expect(centers.map((c) => c.code)).toEqual(['COS', 'CUE', 'IST', 'MIX', 'OAX']);
      expect(centers.reduce((s, c) => s + c.municipalities.length, 0)).toBe(570);

      const opts = { stateCode: '20', timeZone: TZ, months: 1, scale: 0.01, seed: 7, endMonth: '2026-02', batchSize: 400 };
      const progress: number[] = [];
      const first = await loadDemo(db.db, { ...opts, onProgress: (p) => progress.push(p.records) });
      expect(first.inserted).toBeGreaterThan(800);
      expect(first).toMatchObject({ updated: 0, unchanged: 0, months: 1, firstDate: '2026-02-01', lastDate: '2026-02-28' });
      expect(progress.at(-1)).toBe(first.inserted);

      const count = await sql<{ n: number | string }>`SELECT count(*) AS n FROM incidents`.execute(db.db);
      const rolled = await sql<{ n: number | string }>`SELECT coalesce(sum(n), 0) AS n FROM rollup_daily`.execute(db.db);
      expect(Number(count.rows[0]!.n)).toBe(first.inserted);
      expect(Number(rolled.rows[0]!.n)).toBe(first.inserted);

      const second = await loadDemo(db.db, opts);
      expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: first.inserted });
    } finally {
      await db.destroy();
    }
  });
});
