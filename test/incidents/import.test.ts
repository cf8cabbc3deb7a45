// Import pipeline on every engine: counts, rejections with their reasons, idempotency, corrections, and rollups
// that always equal a GROUP BY over the raw rows.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.ts';
import { importIncidents, type ImportOptions } from '../../src/incidents/import.ts';
import { findProfile } from '../../src/incidents/profiles.ts';
import { seedReference } from '../../src/reference/seed.ts';
import { assertRollupsMatchRaw } from '../support/rollups.ts';

const HEADER =
  'centro,folio,canal,recibido,despachado,arribo,cerrado,cnie_codigo,municipio,latitud,longitud,telefono_llamante,nombre_llamante,notas';
const good = [
  'OAX,F-1,911,2026-03-10T08:15:00-06:00,2026-03-10T08:17:00-06:00,2026-03-10T08:30:00-06:00,2026-03-10T09:00:00-06:00,10104,,17.0606,-96.7253,951 123 4567,Ana López,choque',
  'OAX,F-2,911,2026-03-10T23:50:00,,,2026-03-10T23:51:00,70101,20067,,,+52 951 765 4321,,',
  'MIX,M-1,089,2026-03-11 10:00:00,,,,30407,20039,,,9531112233,Juan Pérez,extorsión',
];
const bad = [
  'OAX,F-3,911,2026-03-12T10:00:00,,,,99999,20067,,,,,', // unknown CNIE code
  'OAX,F-4,911,31/02/2026,,,,10104,20067,,,,,', // unparseable date
  'OAX,F-5,911,2030-01-01T00:00:00,,,,10104,20067,,,,,', // future
  'OAX,F-6,911,2026-03-12T10:00:00,,,2026-03-12T09:00:00,10104,20067,,,,,', // closed before received
  'OAX,F-7,911,2026-03-12T10:00:00,,,,10104,,20.5,-94.5,,,', // Gulf of Mexico
  'OAX,F-8,911,2026-03-12T10:00:00,,,,10104,99999,,,,,', // unknown municipality
  'OAX,F-1,911,2026-03-10T08:15:00-06:00,,,,10104,20067,,,,,', // duplicate folio in the file
  'OAX,,911,2026-03-12T10:00:00,,,,10104,20067,,,,,', // missing folio
  'OAX,F-9,911', // wrong column count
];

function csv(lines: string[]) {
  return [HEADER, ...lines].join('\n') + '\n';
}

for (const engine of testEngines()) {
  describe(`import on ${engine}`, () => {
    let t: TestDatabase;
    const run = (text: string, extra: Partial<ImportOptions> = {}) =>
      importIncidents(t.db, {
        input: Readable.from([Buffer.from(text, 'utf8')]),
        fileName: 'prueba.csv',
        format: 'csv',
        profile: findProfile('atalaya', t.dataDir),
        stateCode: '20',
        timeZone: 'America/Mexico_City',
        actor: 'test',
        now: new Date('2026-06-01T00:00:00Z'),
        batchSize: 4,
        ...extra,
      });

    beforeAll(async () => {
      t = await createTestDatabase(engine);
      await seedReference(t.db, '20');
    });
    afterAll(async () => t?.destroy());

    it('imports good rows and rejects bad ones with specific reasons', async () => {
      const s = await run(csv([...good, ...bad]));
      expect(s.read).toBe(good.length + bad.length);
      expect(s.inserted).toBe(3);
      expect(s.rejected).toBe(bad.length);
      expect(s.read).toBe(s.inserted + s.updated + s.unchanged + s.rejected);
      expect(s.rejectedByReason).toMatchObject({
        codigo_cnie_desconocido: 1,
        fecha_invalida: 1,
        fecha_futura: 1,
        cierre_antes_de_recepcion: 1,
        coordenadas_fuera_del_estado: 1,
        municipio_desconocido: 1,
        folio_duplicado_en_archivo: 1,
        folio_faltante: 1,
        columnas_incorrectas: 1,
      });
      const rejects = await t.db.selectFrom('import_rejects').selectAll().where('import_id', '=', s.importId).orderBy('line').execute();
      expect(rejects).toHaveLength(bad.length);
      expect(rejects[0]).toMatchObject({ line: 5, raw: bad[0] });
      expect(rejects[0]!.reasons[0]).toMatch(/^codigo_cnie_desconocido: El código 99999 no existe/);
    });

    it('stores what the rows say, located and normalised', async () => {
      const rows = await t.db.selectFrom('incidents').selectAll().orderBy('folio').execute();
      const f1 = rows.find((r) => r.folio === 'F-1')!;
      expect(f1.municipality_code).toBe('20067');
      expect(f1.caller_phone).toBe('9511234567');
      expect(f1.local_date).toBe('2026-03-10');
      expect(f1.is_improper).toBe(false);
      expect(f1.priority).toBe('alta');
      const f2 = rows.find((r) => r.folio === 'F-2')!;
      expect(f2.is_improper).toBe(true);
      expect(f2.received_at.toISOString()).toBe('2026-03-11T05:50:00.000Z');
      expect(f2.local_date).toBe('2026-03-10');
      const tip = rows.find((r) => r.folio === 'M-1')!;
      expect(tip.caller_phone).toBeNull();
      expect(tip.caller_name).toBeNull();
    });

    it('is idempotent: the same file again inserts nothing', async () => {
      const s = await run(csv([...good, ...bad]));
      expect(s).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, rejected: bad.length });
      const { n } = await t.db.selectFrom('incidents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(n)).toBe(3);
    });

    it('updates a corrected row and moves it in the rollups', async () => {
      const corrected = good[0]!.replace(',10104,', ',10103,');
      const s = await run(csv([corrected, ...good.slice(1)]));
      expect(s).toMatchObject({ inserted: 0, updated: 1, unchanged: 2, rejected: 0 });
      const r = await t.db.selectFrom('rollup_daily').selectAll().where('local_date', '=', '2026-03-10').orderBy('cnie_code').execute();
      expect(r.map((x) => [x.cnie_code, x.n])).toEqual([
        [10103, 1],
        [70101, 1],
      ]);
      await assertRollupsMatchRaw(t.db);
    });

    it('never stores a caller identity for an 089 tip, even written directly', async () => {
      await expect(
        sql`INSERT INTO incidents (center_code, folio, channel, received_at, local_date, local_hour, cnie_version, cnie_code,
             is_improper, caller_phone) VALUES ('OAX', 'X-1', '089', now(), '2026-01-01', 0, '3', 30407, false, '9511111111')`.execute(t.db),
      ).rejects.toThrow(/anonymous_089/);
    });

    it('reads Latin-1 files', async () => {
      const latin = Buffer.from(csv(['OAX,L-1,911,2026-03-12T10:00:00,,,,10104,20067,,,,José Núñez,señal débil']), 'latin1');
      const s = await run('', { input: Readable.from([latin]) });
      expect(s).toMatchObject({ inserted: 1, encoding: 'latin1' });
      const row = await t.db.selectFrom('incidents').select(['caller_name', 'notes']).where('folio', '=', 'L-1').executeTakeFirstOrThrow();
      expect(row).toEqual({ caller_name: 'José Núñez', notes: 'señal débil' });
    });
  });
}
