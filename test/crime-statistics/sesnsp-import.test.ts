// SESNSP import on every engine: both layouts from Latin-1 files, other states skipped, rejected rows kept with
// their reasons, idempotent re-import, corrections, and a header that is not the SESNSP's.
import { rejectsCsv } from '../../src/db/rejects-csv.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.ts';
import { MUNICIPAL_HEADER, STATE_HEADER, latin1File, months, streamOf } from '../support/sesnsp.ts';
import { importSesnsp, type SesnspImportOptions } from '../../src/crime-statistics/index.ts';

const ROBO = 'El patrimonio,Robo,Robo a casa habitación,Con violencia';
const HOMICIDIO = 'La vida y la Integridad corporal,Homicidio,Homicidio doloso,Con arma de fuego';
const FAMILIAR = 'La familia,Violencia familiar,Violencia familiar,Violencia familiar';

const goodMunicipal = [
  `2025,20,Oaxaca,20067,Oaxaca de Juárez,${ROBO},${months(3, 2, 0, 1, 4, 0, 2, 1, 0, 0, 5, 1)}`,
  `2025,20,Oaxaca,20067,Oaxaca de Juárez,${HOMICIDIO},${months(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)}`,
  `2026,20,Oaxaca,20067,Oaxaca de Juárez,${ROBO},${months(2, 3, 1, 0, 2)}`,
  `2025,20,Oaxaca,20390,Santa Lucía del Camino,${FAMILIAR},${months(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)}`,
  `2025,20,Oaxaca,20999,Otros Municipios,${ROBO},${months(0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)}`,
];
const otherState = [
  `2025,9,Ciudad de México,9002,Azcapotzalco,${ROBO},${months(40, 38, 41, 39, 45, 50, 47, 44, 39, 42, 41, 40)}`,
  `2025,21,Puebla,21114,Puebla,${ROBO},${months(30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41)}`,
];
const badMunicipal: [string, string][] = [
  [`20x5,20,Oaxaca,20067,Oaxaca de Juárez,${FAMILIAR},${months(1)}`, 'anio_invalido'],
  [`2012,20,Oaxaca,20067,Oaxaca de Juárez,${FAMILIAR},${months(1)}`, 'anio_fuera_de_rango'],
  [`2025,33,Oaxaca,20067,Oaxaca de Juárez,${FAMILIAR},${months(1)}`, 'entidad_desconocida'],
  [`2025,20,Oaxaca,20777,Inexistente,${FAMILIAR},${months(1)}`, 'municipio_desconocido'],
  [`2025,20,Oaxaca,21001,Acajete,${FAMILIAR},${months(1)}`, 'municipio_de_otra_entidad'],
  [`2025,20,Oaxaca,20390,Santa Lucía del Camino,${HOMICIDIO},${months(1, '3a', 0)}`, 'conteo_no_numerico'],
  [`2025,20,Oaxaca,20390,Santa Lucía del Camino,${ROBO},1,,2,,,,,,,,,`, 'mes_vacio_intermedio'],
  [`2026,20,Oaxaca,20390,Santa Lucía del Camino,${ROBO},${months(1, 1, 1, 1, 1, 1)}`, 'mes_no_concluido'],
  [`2025,20,Oaxaca,20067,Oaxaca de Juárez,El patrimonio,,Robo a negocio,Sin violencia,${months(1)}`, 'delito_incompleto'],
  [`2025,20,Oaxaca,20067,Oaxaca de Juárez,${ROBO},${months(9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9)}`, 'fila_duplicada_en_archivo'],
  [`2025,20,Oaxaca,20067`, 'columnas_incorrectas'],
];

for (const engine of testEngines()) {
  describe(`SESNSP import on ${engine}`, () => {
    let t: TestDatabase;
    const run = (bytes: Buffer, extra: Partial<SesnspImportOptions> = {}) =>
      importSesnsp(t.db, {
        input: streamOf(bytes),
        fileName: 'IDM_NM_may26.csv',
        stateCode: '20',
        timeZone: 'America/Mexico_City',
        actor: 'test',
        now: new Date('2026-06-15T12:00:00Z'),
        batchSize: 3,
        ...extra,
      });
    const snapshot = async () => ({
      counts: (await sql`SELECT * FROM sesnsp_counts ORDER BY level, municipality_code, year, month, tipo`.execute(t.db)).rows,
      coverage: (await sql`SELECT * FROM sesnsp_coverage ORDER BY level, municipality_code, year, month`.execute(t.db)).rows,
    });
    const monthly = async (level: string, mun: string, year: number, tipo: string) =>
      (
        await sql<{ month: number; n: number }>`SELECT month::int AS month, n FROM sesnsp_counts
          WHERE level = ${level} AND municipality_code = ${mun} AND year = ${year} AND tipo = ${tipo} ORDER BY month`.execute(t.db)
      ).rows.map((r) => [r.month, r.n]);

    beforeAll(async () => {
      t = await createTestDatabase(engine);
    });
    afterAll(async () => t?.destroy());

    it('imports the municipal layout from Latin-1, skips other states and rejects bad rows with Spanish reasons', async () => {
      const lines = [...goodMunicipal, ...otherState, ...badMunicipal.map(([l]) => l)];
      const s = await run(latin1File(MUNICIPAL_HEADER, lines));
      expect(s.layout).toBe('municipal');
      expect(s.encoding).toBe('latin1');
      expect(s.read).toBe(lines.length);
      expect(s).toMatchObject({ inserted: goodMunicipal.length, updated: 0, unchanged: 0, stored: goodMunicipal.length, otherState: otherState.length });
      expect(s.rejected).toBe(badMunicipal.length);
      expect(s.rejectedByReason).toEqual(Object.fromEntries(badMunicipal.map(([, code]) => [code, 1])));
      expect(s.firstMonth).toBe('2025-01');
      expect(s.lastMonth).toBe('2026-05');

      // Zeros are not stored: the published months say they are zeros.
      expect(await monthly('municipal', '20067', 2025, 'Robo')).toEqual([[1, 3], [2, 2], [4, 1], [5, 4], [7, 2], [8, 1], [11, 5], [12, 1]]);
      expect(await monthly('municipal', '20999', 2025, 'Robo')).toEqual([[2, 1]]);
      const coverage = await sql<{ municipality_code: string; year: number; n: number }>`
        SELECT municipality_code, year::int AS year, count(*)::int AS n FROM sesnsp_coverage GROUP BY 1, 2 ORDER BY 1, 2`.execute(t.db);
      expect(coverage.rows).toEqual([
        { municipality_code: '20067', year: 2025, n: 12 },
        { municipality_code: '20067', year: 2026, n: 5 },
        { municipality_code: '20390', year: 2025, n: 12 },
        { municipality_code: '20999', year: 2025, n: 12 },
      ]);
      const others = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sesnsp_counts WHERE state_code <> '20'`.execute(t.db);
      expect(others.rows[0]!.n).toBe(0);

      const rejects = await t.db.selectFrom('sesnsp_rejects').selectAll().where('import_id', '=', s.importId).orderBy('line').execute();
      expect(rejects.map((r) => Number(r.line))).toEqual(badMunicipal.map((_, i) => goodMunicipal.length + otherState.length + i + 2));
      rejects.forEach((r, i) => {
        expect(r.raw).toBe(badMunicipal[i]![0]);
        expect(r.reasons[0]).toMatch(new RegExp(`^${badMunicipal[i]![1]}: `));
      });
      expect(rejects[0]!.raw).toContain('Oaxaca de Juárez'); // decoded from Latin-1, not mangled
      expect(rejects.find((r) => r.reasons[0]!.startsWith('anio_fuera'))!.reasons[0]).toContain('El año 2012 está fuera del periodo');
      expect(rejects.find((r) => r.reasons[0]!.startsWith('conteo'))!.reasons[0]).toContain('Febrero: «3a» no es un número entero');
      let csv = '';
      for await (const chunk of rejectsCsv(t.db, 'sesnsp_rejects', s.importId)) csv += chunk;
      expect(csv.split('\n')[0]).toBe('\uFEFFlinea,motivos,contenido_original');
      expect(csv).toContain('municipio_desconocido: La clave de municipio 20777 no está en el catálogo');

      const runRow = await t.db.selectFrom('sesnsp_imports').selectAll().where('id', '=', s.importId).executeTakeFirstOrThrow();
      expect(runRow).toMatchObject({ status: 'done', layout: 'municipal', state_code: '20', first_month: '2025-01', last_month: '2026-05' });
      expect(Number(runRow.other_state)).toBe(2);
      const audit = await t.db.selectFrom('audit_log').select(['action', 'entity_id']).where('entity', '=', 'sesnsp_import').orderBy('seq').execute();
      expect(audit).toEqual([
        { action: 'crime_statistics.sesnsp_import.start', entity_id: String(s.importId) },
        { action: 'crime_statistics.sesnsp_import.finish', entity_id: String(s.importId) },
      ]);
    });

    it('changes nothing when the same file is imported again', async () => {
      const before = await snapshot();
      const s = await run(latin1File(MUNICIPAL_HEADER, [...goodMunicipal, ...otherState]));
      expect(s).toMatchObject({ inserted: 0, updated: 0, unchanged: goodMunicipal.length, otherState: 2, rejected: 0 });
      expect(await snapshot()).toEqual(before);
    });

    it('updates the counts a corrected file changes, including a count that becomes zero', async () => {
      const corrected = [
        `2025,20,Oaxaca,20067,Oaxaca de Juárez,${ROBO},${months(4, 0, 0, 1, 4, 0, 2, 1, 0, 0, 5, 1)}`,
        `2026,20,Oaxaca,20067,Oaxaca de Juárez,${ROBO},${months(2, 3, 1, 0, 2)}`,
      ];
      const s = await run(latin1File(MUNICIPAL_HEADER, corrected), { fileName: 'IDM_NM_may26_corregido.csv' });
      expect(s).toMatchObject({ inserted: 0, updated: 1, unchanged: 1, rejected: 0 });
      expect(await monthly('municipal', '20067', 2025, 'Robo')).toEqual([[1, 4], [4, 1], [5, 4], [7, 2], [8, 1], [11, 5], [12, 1]]);
      // A file that publishes fewer months leaves the later ones as they were.
      const shorter = await run(latin1File(MUNICIPAL_HEADER, [`2026,20,Oaxaca,20067,Oaxaca de Juárez,${ROBO},${months(2, 3)}`]));
      expect(shorter).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
      expect(await monthly('municipal', '20067', 2026, 'Robo')).toEqual([[1, 2], [2, 3], [3, 1], [5, 2]]);
    });

    it('imports the state layout, counting other states as skipped', async () => {
      const s = await run(
        latin1File(STATE_HEADER, [
          `2026,20,Oaxaca,${ROBO},${months(120, 110, 130, 125, 118)}`,
          `2026,20,Oaxaca,${HOMICIDIO},${months(60, 55, 58, 61, 0)}`,
          `2026,9,Ciudad de México,${ROBO},${months(900, 880, 910, 905, 899)}`,
          `2026,20,Oaxaca,${FAMILIAR},${months(80, 'x', 82, 90, 85)}`,
        ]),
        { fileName: 'IDEFC_NM_may26.csv' },
      );
      expect(s).toMatchObject({ layout: 'state', read: 4, inserted: 2, otherState: 1, rejected: 1, rejectedByReason: { conteo_no_numerico: 1 } });
      expect(await monthly('state', '', 2026, 'Homicidio')).toEqual([[1, 60], [2, 55], [3, 58], [4, 61]]);
      const cov = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sesnsp_coverage WHERE level = 'state' AND municipality_code = ''`.execute(t.db);
      expect(cov.rows[0]!.n).toBe(5);
    });

    it('reads a UTF-8 file too', async () => {
      const text = [STATE_HEADER, `2025,20,Oaxaca,${ROBO},${months(100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100)}`].join('\n');
      const s = await run(Buffer.from(text, 'utf8'), { fileName: 'IDEFC_NM_dic25.csv' });
      expect(s).toMatchObject({ encoding: 'utf-8', layout: 'state', inserted: 1, rejected: 0 });
    });

    it('refuses a file that is not a SESNSP layout and stores nothing', async () => {
      const before = await snapshot();
      const bytes = latin1File('Año,Clave_Ent,Entidad,Tipo de delito,Enero', ['2025,20,Oaxaca,Robo,3']);
      await expect(run(bytes, { fileName: 'otro.csv' })).rejects.toThrow(/no tiene el formato de datos abiertos del SESNSP.*faltan las columnas «Bien jurídico afectado»/);
      const failed = await t.db.selectFrom('sesnsp_imports').select(['status', 'error']).where('file_name', '=', 'otro.csv').executeTakeFirstOrThrow();
      expect(failed.status).toBe('failed');
      expect(await snapshot()).toEqual(before);
      await expect(run(latin1File(MUNICIPAL_HEADER, []), { fileName: 'vacio.csv' })).rejects.toThrow(/no tiene filas de datos/);
    });
  });
}
