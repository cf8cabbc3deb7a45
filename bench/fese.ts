// FESE speed: the monthly FESE computed from the rollups, against the same figures computed by GROUP BY over the
// raw incidents in the same run, on a large state.
//
//   node bin/run-ts.js bench/fese.ts [--month 2025-10] [--pglite-dir .bench/heatmap-pglite-s2] [--pg-url URL]
//
// The databases are the ones bench/heatmap.ts builds (a 12-month state at scale 2, about 2.4 million incidents).
// Target: under 200 ms and at least 10× faster than the raw GROUP BY.
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../src/db/connection.ts';
import type { Database } from '../src/db/schema.ts';
import { loadConfig } from '../src/config.ts';
import { parsePeriod } from '../src/analytics/periods.ts';
import { feseGenerator } from '../src/reports/fese/index.ts';

const { values } = parseArgs({
  options: {
    month: { type: 'string', default: '2025-10' },
    'pglite-dir': { type: 'string', default: '.bench/heatmap-pglite-s2' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/atalaya_bench_heatmap_s2' },
    runs: { type: 'string', default: '7' },
  },
});
const period = parsePeriod(values.month!);
const config = loadConfig({ ATALAYA_STATE: '20' });
const runs = Number(values.runs);

/** The FESE's figures straight from the incidents: per center, by code, channel, municipality, and dispatch percentiles. */
async function rawFigures(db: Kysely<Database>) {
  const where = sql`local_date BETWEEN ${period.firstDay} AND ${period.lastDay}`;
  const byCode = await sql<{ n: number }>`SELECT center_code, cnie_version, cnie_code, is_improper, count(*)::int AS n FROM incidents WHERE ${where} GROUP BY 1, 2, 3, 4`.execute(db);
  await sql`SELECT center_code, channel, count(*) FROM incidents WHERE ${where} GROUP BY 1, 2`.execute(db);
  await sql`SELECT center_code, municipality_code, count(*) FROM incidents WHERE ${where} GROUP BY 1, 2`.execute(db);
  await sql`SELECT center_code, priority,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM dispatched_at - received_at)),
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM dispatched_at - received_at))
            FROM incidents WHERE ${where} AND NOT is_improper AND dispatched_at IS NOT NULL GROUP BY 1, 2`.execute(db);
  return byCode.rows.reduce((s, r) => s + r.n, 0);
}

async function median(f: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

const targets: { engine: string; open: () => Promise<{ db: Kysely<Database>; close(): Promise<void> }> }[] = [];
if (existsSync(`${values['pglite-dir']}/pgdata`)) targets.push({ engine: 'pglite', open: () => openDatabase({ dataDir: values['pglite-dir']! }) });
targets.push({ engine: 'postgres', open: () => openDatabase({ dataDir: '.', databaseUrl: values['pg-url'] }) });

for (const target of targets) {
  let handle;
  try {
    handle = await target.open();
  } catch (err) {
    console.log(`${target.engine}: not available (${(err as Error).message})`);
    continue;
  }
  const { db } = handle;
  const [{ n }] = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM incidents`.execute(db)).rows as [{ n: number }];
  const ctx = { db, config, period, params: feseGenerator.params.parse({}), cnieVersion: '3' as const };
  const data = await feseGenerator.compute(ctx);
  const rawTotal = await rawFigures(db);
  if (data.consolidated.total !== rawTotal) throw new Error(`totals differ: rollups ${data.consolidated.total}, raw ${rawTotal}`);
  const fromRollups = await median(() => feseGenerator.compute(ctx));
  const fromRaw = await median(() => rawFigures(db));
  console.log(
    `${target.engine.padEnd(8)} ${n.toLocaleString()} incidents, ${period.key}: ${data.consolidated.total.toLocaleString()} calls · ` +
      `FESE from rollups ${fromRollups.toFixed(0)} ms (target < 200) · raw GROUP BY ${fromRaw.toFixed(0)} ms · ` +
      `${(fromRaw / fromRollups).toFixed(1)}× faster (target ≥ 10×)`,
  );
  await handle.close();
}
