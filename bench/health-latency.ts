// Does a long import freeze the HTTP server? Measures /api/health latency from a separate process while the server
// imports ~1 million rows in the background (the same path as the upload page), against the idle latency of the
// same server measured first in the same run.
//
//   node bin/run-ts.js bench/health-latency.ts [--engine pglite|postgres|both] [--rows 1000000]
//
// Target: p99 under 200 ms during the import, on both engines. Needs .bench/demo-<rows>.csv (bench/import.ts
// writes it) and, for PostgreSQL, BENCH_DATABASE_URL or TEST_DATABASE_URL.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase } from '../test/support/databases.ts';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/runtime.ts';
import { buildApp } from '../src/server/app.ts';
import { ImportJobs } from '../src/incidents/import-jobs.ts';
import { findProfile } from '../src/incidents/profiles.ts';
import type { Engine } from '../src/db/connection.ts';

const { values } = parseArgs({ options: { engine: { type: 'string', default: 'both' }, rows: { type: 'string', default: '1000000' } } });
if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL ??= process.env.BENCH_DATABASE_URL;
const engines: Engine[] = values.engine === 'both' ? (process.env.TEST_DATABASE_URL ? ['postgres', 'pglite'] : ['pglite']) : [values.engine as Engine];
const file = resolve('.bench', `demo-${values.rows}.csv`);
if (!existsSync(file)) {
  console.error(`missing ${file}: run bench/import.ts --rows ${values.rows} first`);
  process.exit(2);
}

/** A child process that GETs the URL every 20 ms until its stdin closes, then prints the latencies (ms) as JSON. */
function startProbe(url: string) {
  const code = `
    const lat = []; let stop = false;
    process.stdin.on('end', () => (stop = true)); process.stdin.resume();
    (async () => {
      while (!stop) {
        const t = performance.now();
        try { const r = await fetch(${JSON.stringify(url)}); await r.arrayBuffer(); } catch { lat.push(-1); continue; }
        lat.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 20));
      }
      process.stdout.write(JSON.stringify(lat));
    })();`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  return {
    async stop(): Promise<number[]> {
      child.stdin.end();
      await new Promise((r) => child.on('exit', r));
      return JSON.parse(out) as number[];
    },
  };
}

function stats(lat: number[]) {
  const ok = lat.filter((x) => x >= 0).sort((a, b) => a - b);
  const q = (p: number) => ok[Math.min(ok.length - 1, Math.floor(p * ok.length))] ?? NaN;
  return { n: ok.length, failed: lat.length - ok.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: ok.at(-1) ?? NaN };
}
const fmt = (s: ReturnType<typeof stats>) =>
  `n=${s.n} failed=${s.failed} p50=${s.p50.toFixed(1)} p95=${s.p95.toFixed(1)} p99=${s.p99.toFixed(1)} max=${s.max.toFixed(1)} ms`;

for (const engine of engines) {
  const t = await createTestDatabase(engine);
  await t.close();
  const config = loadConfig({ ...process.env, ATALAYA_DATA_DIR: t.dataDir, DATABASE_URL: t.databaseUrl ?? '', PORT: '0' });
  const { database } = await openRuntime(config);
  const app = await buildApp({ config, database, webDir: '/nonexistent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/health`;

  const idleProbe = startProbe(url);
  await sleep(5000);
  const idle = stats(await idleProbe.stop());

  const upload = join(t.dataDir, 'upload.csv');
  copyFileSync(file, upload);
  const jobs = new ImportJobs(database, config);
  const started = performance.now();
  const busyProbe = startProbe(url);
  const importId = await jobs.start(upload, {
    fileName: 'demo.csv',
    bytesTotal: statSync(file).size,
    format: 'csv',
    encoding: 'auto',
    profile: findProfile('atalaya', config.dataDir),
    stateCode: config.stateCode,
    timeZone: config.timeZone,
    actor: 'bench',
  });
  let run;
  for (;;) {
    await sleep(1000);
    run = await database.db.selectFrom('import_runs').select(['status', 'read', 'error']).where('id', '=', importId).executeTakeFirstOrThrow();
    if (run.status !== 'running') break;
  }
  const busy = stats(await busyProbe.stop());
  const seconds = (performance.now() - started) / 1000;
  await jobs.close();
  await app.close();
  await database.close();
  await t.destroy();

  console.log(`${engine}: import of ${run.read.toLocaleString()} rows ${run.status} in ${seconds.toFixed(0)} s${run.error ? ` (${run.error})` : ''}`);
  console.log(`  idle   /api/health ${fmt(idle)}`);
  console.log(`  import /api/health ${fmt(busy)}`);
  console.log(`  p99 during import ${busy.p99.toFixed(1)} ms (target < 200 ms) · ratio to idle p99 ${(busy.p99 / idle.p99).toFixed(1)}×`);
}
