// Heat-map speed on a large state: a month's police heat map (cell rollup query + KDE + Gi* over every hexagon of
// the state) and the viewer's cells query, against the same cell counts computed by GROUP BY over the raw incidents
// in the same run (checked equal). Target: < 300 ms for the month, and a cost that does not grow with raw rows.
//
//   node bin/run-ts.js bench/heatmap.ts [--engine pglite|postgres|both] [--scale 2] [--month 2025-10]
//
// Scale 1 is ~100,000 calls a month (demo generator); 12 months at scale 2 is ~2.4 million incidents. The database
// is built once and kept: PGlite in .bench/heatmap-pglite-s<scale>/, PostgreSQL in the database
// atalaya_bench_heatmap_s<scale> of BENCH_DATABASE_URL or TEST_DATABASE_URL.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { openDatabase, type DatabaseHandle, type Engine } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { Database } from '../src/db/schema.ts';
import { seedReference } from '../src/reference/seed.ts';
import { loadDemo } from '../src/incidents/demo.ts';
import { loadConfig } from '../src/config.ts';
import { parsePeriod } from '../src/analytics/periods.ts';
import type { CellCount } from '../src/analytics/hexgrid.ts';
import { chooseBandwidth } from '../src/analytics/kde.ts';
import { computePolice } from '../src/reports/heatmaps/police.ts';
import { heatmapPresets, selectionOf, type CodeSelection } from '../src/reports/heatmaps/codes.ts';
import { cellCounts } from '../src/reports/heatmaps/query.ts';
import { centreOf, hotSpots, studyArea, toResolution } from '../src/reports/heatmaps/hotspots.ts';
import { densitySurface, areaGeometry } from '../src/reports/heatmaps/common.ts';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'both' },
    scale: { type: 'string', default: '2' },
    month: { type: 'string', default: '2025-10' },
    runs: { type: 'string', default: '7' },
  },
});
const STATE = '20';
const TZ = 'America/Mexico_City';
const END_MONTH = '2026-03';
const scale = Number(values.scale);
const runs = Number(values.runs);
const period = parsePeriod(values.month!);
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const engines: Engine[] = values.engine === 'both' ? (pgUrl ? ['pglite', 'postgres'] : ['pglite']) : [values.engine as Engine];
const config = loadConfig({ ATALAYA_STATE: STATE, ATALAYA_TZ: TZ, ATALAYA_DATA_DIR: resolve('.bench') });
const tag = `s${String(scale).replace('.', '_')}`;

async function build(db: Kysely<Database>) {
  await migrateToLatest(db);
  await seedReference(db, STATE);
  const t = performance.now();
  let last = 0;
  const r = await loadDemo(db, {
    stateCode: STATE, timeZone: TZ, months: 12, scale, seed: 2026, endMonth: END_MONTH,
    onProgress: (p) => {
      if (p.records - last >= 200_000) {
        last = p.records;
        console.log(`  … ${p.records.toLocaleString()} incidents (${p.lastDate}), ${((performance.now() - t) / 1000).toFixed(0)} s`);
      }
    },
  });
  console.log(`  loaded ${r.inserted.toLocaleString()} incidents in ${((performance.now() - t) / 1000).toFixed(0)} s`);
}

async function open(engine: Engine): Promise<DatabaseHandle> {
  if (engine === 'pglite') {
    const dir = resolve('.bench', `heatmap-pglite-${tag}`);
    const ready = join(dir, 'READY');
    if (!existsSync(ready)) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      console.log(`building ${dir} (scale ${scale}, 12 months)`);
      const h = await openDatabase({ dataDir: dir });
      await build(h.db);
      await h.close();
      writeFileSync(ready, new Date().toISOString());
    }
    return openDatabase({ dataDir: dir });
  }
  if (!pgUrl) throw new Error('PostgreSQL needs BENCH_DATABASE_URL or TEST_DATABASE_URL');
  const name = `atalaya_bench_heatmap_${tag}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount! > 0;
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  let ready = false;
  if (exists) {
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    ready = (await c.query(`SELECT 1 FROM pg_tables WHERE tablename = 'bench_ready'`)).rowCount! > 0;
    await c.end();
    if (!ready) await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  }
  if (!ready) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const dataDir = resolve('.bench', `heatmap-pg-${tag}`);
  mkdirSync(dataDir, { recursive: true });
  const h = await openDatabase({ dataDir, databaseUrl: url.toString() });
  if (!ready) {
    console.log(`building database ${name} (scale ${scale}, 12 months)`);
    await build(h.db);
    await sql`CREATE TABLE bench_ready (at timestamptz)`.execute(h.db);
    await sql`ANALYZE`.execute(h.db);
  }
  return h;
}

/** The baseline: the same counts per cell from the raw incidents. */
async function rawCellCounts(db: Kysely<Database>, from: string, to: string, sel: CodeSelection): Promise<CellCount[]> {
  const r = await sql<{ cell: string; n: number }>`
    SELECT cell, count(*)::int AS n FROM incidents
    WHERE local_date >= ${from} AND local_date <= ${to} AND NOT is_improper AND cell IS NOT NULL
      AND ((cnie_version = '3' AND cnie_code = ANY(${sel.v3}::int[])) OR (cnie_version = '2' AND cnie_code = ANY(${sel.v2}::int[])))
    GROUP BY cell ORDER BY cell`.execute(db);
  return r.rows.map((row) => ({ cell: row.cell, n: Number(row.n) }));
}

/** KDE + Gi* on given res-9 counts, as the report does. */
function analyse(counts: CellCount[]) {
  const area = studyArea(STATE, null, 8);
  const gi = hotSpots(area, counts);
  const points = counts.map((c) => ({ ...centreOf(c.cell), weight: c.n }));
  const bw = chooseBandwidth(points, { minMeters: 500, maxMeters: 5000 });
  const grid = densitySurface(points, areaGeometry(STATE, null).bbox, bw);
  return { hot: gi.hot, cells: grid?.cols ?? 0 };
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

async function median(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await time(fn)).ms);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const fmt = (ms: number) => `${ms.toFixed(1).padStart(8)} ms`;

for (const engine of engines) {
  const h = await open(engine);
  const db = h.db;
  try {
    const raw = await sql<{ n: number }>`SELECT count(*)::int AS n FROM incidents`.execute(db);
    const rollup = await sql<{ n: number }>`SELECT count(*)::int AS n FROM rollup_cells WHERE local_date BETWEEN ${period.firstDay} AND ${period.lastDay}`.execute(db);
    const preset = heatmapPresets().presets.find((p) => p.id === heatmapPresets().defaultId)!;
    const sel = selectionOf(preset.codes.map((c) => c.code));
    console.log(`\n== ${engine}: ${Number(raw.rows[0]!.n).toLocaleString()} incidents, ${Number(rollup.rows[0]!.n).toLocaleString()} rollup_cells rows in ${period.key}; set «${preset.label}»`);

    // Equal counts from both paths.
    const fromRollup = await cellCounts(db, { from: period.firstDay, to: period.lastDay, selection: sel });
    const fromRaw = await rawCellCounts(db, period.firstDay, period.lastDay, sel);
    const same = JSON.stringify(fromRollup) === JSON.stringify(fromRaw);
    const n = fromRollup.reduce((s, c) => s + c.n, 0);
    console.log(`cells: ${fromRollup.length.toLocaleString()} res-9 cells, ${n.toLocaleString()} incidents; rollup = raw: ${same ? 'yes' : 'NO'}`);
    if (!same) process.exitCode = 1;

    const cold = await time(() => computePolice({ db, config, period, params: {}, cnieVersion: '3' }));
    console.log(`report, first run (builds the state's study area, ${cold.value.studyCells.toLocaleString()} hexagons): ${fmt(cold.ms)}`);

    const ctx = { db, config, period, params: {}, cnieVersion: '3' as const };
    const report = await median(() => computePolice(ctx));
    const rollupPath = await median(async () => analyse(await cellCounts(db, { from: period.firstDay, to: period.lastDay, selection: sel })));
    const rawPath = await median(async () => analyse(await rawCellCounts(db, period.firstDay, period.lastDay, sel)));
    const queryRollup = await median(() => cellCounts(db, { from: period.firstDay, to: period.lastDay, selection: sel }));
    const queryRaw = await median(() => rawCellCounts(db, period.firstDay, period.lastDay, sel));
    const api7 = await median(async () => toResolution(await cellCounts(db, { from: period.firstDay, to: period.lastDay, selection: sel }), 7));
    const api9 = await median(async () => toResolution(await cellCounts(db, { from: period.firstDay, to: period.lastDay, selection: sel, hourFrom: 20, hourTo: 5 }), 9));
    const compute = await median(async () => analyse(fromRollup));

    console.log(`median of ${runs} runs:`);
    console.log(`  police heat-map report (rollup query + hour/weekday + KDE + Gi*)  ${fmt(report)}   target < 300 ms: ${report < 300 ? 'met' : 'NOT MET'}`);
    console.log(`  cells query + KDE + Gi*, from rollup_cells                        ${fmt(rollupPath)}`);
    console.log(`  cells query + KDE + Gi*, from raw incidents (baseline)            ${fmt(rawPath)}   ratio ${(rawPath / rollupPath).toFixed(1)}×`);
    console.log(`  KDE + Gi* alone (no query)                                        ${fmt(compute)}`);
    console.log(`  cells query alone: rollup ${fmt(queryRollup)}, raw ${fmt(queryRaw)}   ratio ${(queryRaw / queryRollup).toFixed(1)}×`);
    console.log(`  viewer API cells: month at res 7 ${fmt(api7)}; month 20–05 h at res 9 ${fmt(api9)}`);
  } finally {
    await h.close();
  }
}
