// `atalaya import-sesnsp FILE` as a person runs it: a Spanish summary, or with --json the counts on the last line;
// running it twice changes nothing; a bad file gets a Spanish error and a non-zero exit.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.ts';
import { MUNICIPAL_HEADER, latin1File, months } from '../support/sesnsp.ts';

function atalaya(t: TestDatabase, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['bin/atalaya.js', ...args], {
      env: { ...process.env, ATALAYA_DATA_DIR: t.dataDir, ATALAYA_STATE: '20', DATABASE_URL: t.databaseUrl ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => resolveRun({ code, stdout, stderr }));
  });
}

for (const engine of testEngines()) {
  describe(`atalaya import-sesnsp on ${engine}`, () => {
    let t: TestDatabase;
    let file: string;

    beforeAll(async () => {
      t = await createTestDatabase(engine);
      await t.close(); // the CLI process opens the database itself
      file = join(t.dataDir, 'IDM_NM_dic25.csv');
      writeFileSync(
        file,
        latin1File(MUNICIPAL_HEADER, [
          `2025,20,Oaxaca,20067,Oaxaca de Juárez,El patrimonio,Robo,Robo a negocio,Con violencia,${months(5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6)}`,
          `2025,20,Oaxaca,20385,Santa Cruz Xoxocotlán,El patrimonio,Robo,Robo a negocio,Con violencia,${months(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)}`,
          `2025,15,México,15033,Ecatepec de Morelos,El patrimonio,Robo,Robo a negocio,Con violencia,${months(90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 90, 91)}`,
          `2025,20,Oaxaca,20067,Oaxaca de Juárez,El patrimonio,Robo,Robo a negocio,Sin violencia,${months(1, 'muchos')}`,
        ]),
      );
    });
    afterAll(async () => t?.destroy());

    it('prints a Spanish summary, then the same counts as JSON with nothing new', async () => {
      const first = await atalaya(t, ['import-sesnsp', file]);
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('nivel municipal (IDM_NM) · latin1: 4 filas leídas');
      expect(first.stdout).toContain('Oaxaca: 2 filas guardadas (nuevas 2 · actualizadas 0 · sin cambios 0)');
      expect(first.stdout).toContain('de otras entidades (omitidas, no rechazadas): 1');
      expect(first.stdout).toContain('conteo_no_numerico: 1');
      expect(first.stdout).toContain('npx atalaya sesnsp-rejects 1 --out rechazadas.csv');

      const second = await atalaya(t, ['import-sesnsp', file, '--json']);
      expect(second.code).toBe(0);
      expect(JSON.parse(second.stdout.trim().split('\n').at(-1)!)).toEqual({
        read: 4, inserted: 0, updated: 0, unchanged: 2, otherState: 1, rejected: 1, rejectedByReason: { conteo_no_numerico: 1 },
        importId: 2, layout: 'municipal', stored: 2, firstMonth: '2025-01', lastMonth: '2025-12',
      });

      const rejects = await atalaya(t, ['sesnsp-rejects', '2']);
      expect(rejects.stdout).toContain('Febrero: «muchos» no es un número entero de delitos.');
    });

    it('gives a Spanish error for a file that is not the SESNSP layout', async () => {
      const other = join(t.dataDir, 'otro.csv');
      writeFileSync(other, 'folio,fecha\n1,2025-01-01\n');
      const r = await atalaya(t, ['import-sesnsp', other]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('El archivo no tiene el formato de datos abiertos del SESNSP');
      expect(r.stderr).not.toContain('    at ');
    });
  });
}
