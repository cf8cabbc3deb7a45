// Killing `atalaya import` with SIGKILL leaves no partial batch, and running the same command again completes the
// file: the committed rows come back unchanged and the rest are inserted.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.ts';
import { assertRollupsMatchRaw } from '../support/rollups.ts';
import { openDatabase } from '../../src/db/connection.ts';
import { importBatchSize } from '../../src/incidents/import.ts';

const ROWS = 100_000;

const CODES = [10104, 30502, 30421, 70101, 70104, 20103];

function writeFile(path: string) {
  const lines = ['centro,folio,canal,recibido,cnie_codigo,latitud,longitud'];
  for (let i = 0; i < ROWS; i++) {
    const t = new Date(Date.UTC(2026, 0, 1) + i * 40_000).toISOString();
    const lat = (17.03 + (i % 97) * 0.0006).toFixed(5);
    const lon = (-96.75 + (i % 89) * 0.0006).toFixed(5);
    lines.push(`OAX,K-${i},911,${t},${CODES[i % CODES.length]},${lat},${lon}`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

function runImport(t: TestDatabase, file: string, killAfterProgress: boolean): Promise<{ code: number | null; signal: string | null; stdout: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['bin/atalaya.js', 'import', file, '--profile', 'atalaya', ...(killAfterProgress ? [] : ['--json'])], {
      env: {
        ...process.env,
        ATALAYA_DATA_DIR: t.dataDir,
        ATALAYA_STATE: '20',
        ...(t.databaseUrl ? { DATABASE_URL: t.databaseUrl } : { DATABASE_URL: '' }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      const m = /progreso: (\d+) filas/.exec(stderr);
      if (killAfterProgress && m) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code && code !== 0) reject(new Error(`import failed (${code}): ${stderr}`));
      else resolveRun({ code, signal, stdout });
    });
  });
}

for (const engine of testEngines()) {
  describe(`interrupted import on ${engine}`, () => {
    let t: TestDatabase;
    let file: string;

    beforeAll(async () => {
      t = await createTestDatabase(engine);
      await t.close(); // the CLI process opens the database itself
      file = join(t.dataDir, 'grande.csv');
      writeFile(file);
    });
    afterAll(async () => t?.destroy());

    it('keeps whole batches only, and the rerun completes the file', async () => {
      const killed = await runImport(t, file, true);
      expect(killed.signal).toBe('SIGKILL');

      let h = await openDatabase({ dataDir: t.dataDir, databaseUrl: t.databaseUrl });
      let committed: number;
      try {
        const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM incidents`.execute(h.db);
        committed = rows[0]!.n;
        const run = await h.db.selectFrom('import_runs').select(['read', 'inserted', 'rejected', 'status']).executeTakeFirstOrThrow();
        // The killed run recorded whole batches only, and exactly the rows that are in the table.
        expect(run.status).toBe('running');
        expect(run.read % importBatchSize(engine)).toBe(0);
        expect(run.read).toBeGreaterThan(0);
        expect(run.read).toBeLessThan(ROWS);
        expect(run.inserted).toBe(committed);
        expect(run.rejected).toBe(0);
        await assertRollupsMatchRaw(h.db);
      } finally {
        await h.close();
      }

      const rerun = await runImport(t, file, false);
      const summary = JSON.parse(rerun.stdout.trim().split('\n').at(-1)!);
      expect(summary).toEqual({ read: ROWS, inserted: ROWS - committed, updated: 0, unchanged: committed, rejected: 0, rejectedByReason: {} });

      h = await openDatabase({ dataDir: t.dataDir, databaseUrl: t.databaseUrl });
      try {
        const after = await sql<{ n: number }>`SELECT count(*)::int AS n FROM incidents`.execute(h.db);
        expect(after.rows[0]!.n).toBe(ROWS);
        await assertRollupsMatchRaw(h.db);
      } finally {
        await h.close();
      }
    });
  });
}
