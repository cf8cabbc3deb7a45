// Import throughput: the full pipeline (read CSV → profile → validate → locate → store + rollups) on ~1 million
// demo rows, against a plain COPY of the same file into an unindexed table, on the same engine in the same run.
//
//   node bin/run-ts.js bench/import.ts [--engine pglite|postgres|both] [--rows 1000000]
//
// PostgreSQL uses BENCH_DATABASE_URL or TEST_DATABASE_URL (a scratch database is created and dropped).
// Targets: pipeline ≥ 50 % of the COPY rate on PostgreSQL, ≥ 40 % on PGlite.
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { CompiledQuery } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../test/support/databases.ts';
import { importBatchSize, importIncidents } from '../src/incidents/import.ts';
import { findProfile } from '../src/incidents/profiles.ts';
import { writeDemoCsv } from '../src/incidents/demo.ts';
import { defaultCallCenters, defaultCoverage, seedReference } from '../src/reference/index.ts';
import type { Engine } from '../src/db/connection.ts';

const { values } = parseArgs({
  options: { engine: { type: 'string', default: 'both' }, rows: { type: 'string', default: '1000000' } },
});
const STATE = '20';
const TZ = 'America/Mexico_City';
const targetRows = Number(values.rows);
const engines: Engine[] =
  values.engine === 'both' ? (process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL ? ['postgres', 'pglite'] : ['pglite']) : [values.engine as Engine];
if (engines.includes('postgres')) process.env.TEST_DATABASE_URL ??= process.env.BENCH_DATABASE_URL;

const dir = resolve('.bench');
mkdirSync(dir, { recursive: true });
const file = join(dir, `demo-${targetRows}.csv`);
if (!existsSync(file)) {
  const coverage = defaultCoverage(STATE);
  const centers = defaultCallCenters(STATE).map((c) => ({
    code: c.code,
    municipalities: [...coverage].filter(([, center]) => center === c.code).map(([m]) => m),
  }));
  const t = performance.now();
  const n = await writeDemoCsv(file, {
    stateCode: STATE,
    timeZone: TZ,
    months: 12,
    scale: targetRows / 1_200_000,
    seed: 7,
    endMonth: '2026-01',
    centers,
  });
  console.log(`wrote ${n.toLocaleString()} demo rows to ${file} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
const header = readFileSync(file, 'utf8').slice(0, 4096).split('\n')[0]!.replace(/^\uFEFF/, '').split(',');
const bytes = statSync(file).size;

/** Baseline: the same CSV file COPYed as is into a table with the file's columns and no index or constraint. */
async function copyBaseline(t: TestDatabase): Promise<{ rows: number; seconds: number }> {
  const types: Record<string, string> = { recibido: 'timestamptz', despachado: 'timestamptz', arribo: 'timestamptz', cerrado: 'timestamptz', latitud: 'float8', longitud: 'float8', cnie_codigo: 'int' };
  const cols = header.map((h) => `"${h}" ${types[h] ?? 'text'}`).join(', ');
  await t.db.executeQuery(CompiledQuery.raw(`CREATE UNLOGGED TABLE bench_copy (${cols})`));
  const start = performance.now();
  // Fed in chunks of whole lines so that both engines hold similar amounts in memory.
  let rows = 0;
  let pending = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 8 << 20 })) {
    const text = pending + chunk;
    const cut = text.lastIndexOf('\n') + 1;
    pending = text.slice(cut);
    const body = rows === 0 ? text.slice(text.indexOf('\n') + 1, cut) : text.slice(0, cut);
    rows += body.split('\n').length - 1;
    await t.db.executeQuery(CompiledQuery.raw(`COPY bench_copy FROM STDIN WITH (FORMAT csv)`, [body]));
  }
  const seconds = (performance.now() - start) / 1000;
  await t.db.executeQuery(CompiledQuery.raw('DROP TABLE bench_copy'));
  return { rows, seconds };
}

async function pipeline(t: TestDatabase): Promise<{ rows: number; seconds: number; inserted: number; rejected: number }> {
  const start = performance.now();
  const s = await importIncidents(t.db, {
    input: createReadStream(file, { highWaterMark: 1 << 20 }),
    fileName: 'demo.csv',
    bytesTotal: bytes,
    format: 'csv',
    profile: findProfile('atalaya', dir),
    stateCode: STATE,
    timeZone: TZ,
    actor: 'bench',
    batchSize: importBatchSize(t.engine),
  });
  return { rows: s.read, seconds: (performance.now() - start) / 1000, inserted: s.inserted, rejected: s.rejected };
}

console.log(`file: ${(bytes / 1e6).toFixed(0)} MB, engines: ${engines.join(', ')}`);
for (const engine of engines) {
  const base = await createTestDatabase(engine);
  const copy = await copyBaseline(base);
  await base.destroy();
  const t = await createTestDatabase(engine);
  await seedReference(t.db, STATE);
  const imp = await pipeline(t);
  const rss = process.memoryUsage().rss;
  await t.destroy();
  const copyRate = copy.rows / copy.seconds;
  const impRate = imp.rows / imp.seconds;
  const target = engine === 'postgres' ? 0.5 : 0.4;
  console.log(
    `${engine.padEnd(8)} COPY baseline ${Math.round(copyRate).toLocaleString()} rows/s (${copy.seconds.toFixed(1)} s) · ` +
      `import pipeline ${Math.round(impRate).toLocaleString()} rows/s (${imp.seconds.toFixed(1)} s, ${imp.inserted.toLocaleString()} inserted, ${imp.rejected} rejected) · ` +
      `ratio ${(impRate / copyRate).toFixed(2)} (target ≥ ${target}) · rss ${(rss / 1e6).toFixed(0)} MB`,
  );
}
