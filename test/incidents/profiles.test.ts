// The built-in foreign layouts: a state CAD export (Latin-1, CNIE 2.0, municipality by name, local date and times)
// and the Mexico City C5 open data (its own incident names mapped to CNIE 3; what the map lacks is rejected).
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.ts';
import { importIncidents } from '../../src/incidents/import.ts';
import { findProfile } from '../../src/incidents/profiles.ts';
import { seedReference } from '../../src/reference/seed.ts';
import { assertRollupsMatchRaw } from '../support/rollups.ts';

const CAD_HEADER =
  'SUBCENTRO,FOLIO,STATUS,RELACIONADO,ID_TIPO INCIDENTE,DESC INCIDENTE,SUBTIPO,CORPORACION,UNIDAD,FECHA,HORARECEPCIONSEGUNDOS,' +
  'HORADESPACHO,TIEMPOARRIBOUNIDAD,HORACIERRE,TIEMPORECIBODESPACHO,TIEMPODESPACHOLLEGADA,TIEMPOLLEGADACIERRE,FECHACIERRE,OPERADOR,' +
  'DESPACHADOR,MUNICIPIO,DESCOLONIA,DIRECCION,TELEFONO,APPATERNO,NOMBREUSUARIO,NOTASUSUARIOS,MOTIVOCIERRECORPORACIONDESC,LATITUD,LONGITUD,SEXO';
const CAD_ROWS = [
  // Crosses midnight: dispatched and arrived after 00:00 of the next day.
  'CALLE OAXACA,2026001,CERRADO,,30503,VIOLENCIA FAMILIAR,,POLICIA ESTATAL,PE-12,14/03/2026,23:55:10,23:58:00,00:10:30,01:00:00,,,,15/03/2026,op1,desp1,OAXACA DE JUÁREZ,CENTRO,CALLE MACEDONIO ALCALÁ 100,951 123 4567,PÉREZ,MARÍA,SEÑORA REPORTA GRITOS,ATENDIDO,17.0606,-96.7253,FEMENINO',
  'CALLE ISTMO,2026002,CERRADO,2026001,10104,ACCIDENTE,,CRUZ ROJA,CR-3,2026-03-15,08:00,08:02,08:15,09:00,,,,2026-03-15,op2,desp2,Juchitán de Zaragoza,,,,,,,ATENDIDO,,,',
  'CALLE COSTA,2026003,CERRADO,,99999,DESCONOCIDO,,,,15/03/2026,10:00:00,,,10:05:00,,,,15/03/2026,op3,,SAN PEDRO POCHUTLA,,,,,,,,,,',
  'CALLE NORTE,2026004,CERRADO,,10104,ACCIDENTE,,,,15/03/2026,10:00:00,,,10:05:00,,,,15/03/2026,op3,,SAN PEDRO POCHUTLA,,,,,,,,,,',
];

const C5_HEADER =
  'folio,fecha_creacion,hora_creacion,dia_semana,codigo_cierre,fecha_cierre,año_cierre,mes_cierre,hora_cierre,delegacion_inicio,incidente_c4,latitud,longitud,clas_con_f_alarma,tipo_entrada,delegacion_cierre,geopoint';
const C5_ROWS = [
  'C5/260301/01,01/03/2026,08:15:00,Domingo,"(A) La unidad de atención a emergencias fue despachada, llegó al lugar de los hechos y confirmó la emergencia reportada",01/03/2026,2026,Marzo,09:00:00,CUAUHTEMOC,accidente-choque sin lesionados,19.4326,-99.1332,EMERGENCIA,LLAMADA DEL 911,CUAUHTEMOC,"19.4326,-99.1332"',
  'C5/260301/02,01/03/2026,09:00:00,Domingo,(F) Falsa alarma,01/03/2026,2026,Marzo,09:10:00,COYOACAN,lesionado-atropellado,19.35,-99.16,FALSA ALARMA,BOTÓN DE AUXILIO,COYOACAN,"19.35,-99.16"',
  'C5/260301/03,01/03/2026,10:00:00,Domingo,(A) ...,01/03/2026,2026,Marzo,10:30:00,TLALPAN,incendio-casa habitación,19.29,-99.17,EMERGENCIA,LLAMADA DEL 911,TLALPAN,"19.29,-99.17"',
];

for (const engine of testEngines()) {
  describe(`built-in profiles on ${engine}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(engine);
      await seedReference(t.db, '20');
    });
    afterAll(async () => t?.destroy());

    it('reads a Latin-1 state CAD export in catalog 2.0', async () => {
      const file = Buffer.from([CAD_HEADER, ...CAD_ROWS].join('\r\n') + '\r\n', 'latin1');
      const s = await importIncidents(t.db, {
        input: Readable.from([file]),
        fileName: 'cad.csv',
        format: 'csv',
        profile: findProfile('cad-estatal', t.dataDir),
        stateCode: '20',
        timeZone: 'America/Mexico_City',
        actor: 'test',
        now: new Date('2026-06-01T00:00:00Z'),
      });
      expect(s).toMatchObject({ read: 4, inserted: 2, rejected: 2, encoding: 'latin1' });
      expect(s.rejectedByReason).toEqual({ codigo_cnie_desconocido: 1, valor_sin_equivalencia: 1 });
      const rejects = await t.db.selectFrom('import_rejects').select(['line', 'reasons']).where('import_id', '=', s.importId).orderBy('line').execute();
      expect(rejects.map((r) => r.line)).toEqual([4, 5]);
      expect(rejects[1]!.reasons[0]).toMatch(/«CALLE NORTE».*mapa «subcentro»/);
      const row = await t.db.selectFrom('incidents').selectAll().where('folio', '=', '2026001').executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        center_code: 'OAX',
        cnie_version: '2',
        cnie_code: 30503,
        channel: '911',
        municipality_code: '20067',
        caller_phone: '9511234567',
        caller_name: 'MARÍA PÉREZ',
        victim_sex: 'mujer',
        notes: 'SEÑORA REPORTA GRITOS',
        local_date: '2026-03-14',
      });
      expect(row.received_at.toISOString()).toBe('2026-03-15T05:55:10.000Z');
      expect(row.dispatched_at!.toISOString()).toBe('2026-03-15T05:58:00.000Z');
      expect(row.arrived_at!.toISOString()).toBe('2026-03-15T06:10:30.000Z');
      expect(row.closed_at!.toISOString()).toBe('2026-03-15T07:00:00.000Z');
      const second = await t.db.selectFrom('incidents').selectAll().where('folio', '=', '2026002').executeTakeFirstOrThrow();
      expect(second).toMatchObject({ center_code: 'IST', municipality_code: '20043', related_folios: ['2026001'] });
      await assertRollupsMatchRaw(t.db);
    });
  });

  describe(`Mexico City C5 open data on ${engine}`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase(engine);
      await seedReference(t.db, '09');
    });
    afterAll(async () => t?.destroy());

    it('maps the C5 incident names to CNIE 3 and rejects the ones the map lacks', async () => {
      const s = await importIncidents(t.db, {
        input: Readable.from([Buffer.from([C5_HEADER, ...C5_ROWS].join('\n') + '\n')]),
        fileName: 'c5.csv',
        format: 'csv',
        profile: findProfile('c5-cdmx', t.dataDir),
        center: 'EST',
        stateCode: '09',
        timeZone: 'America/Mexico_City',
        actor: 'test',
        now: new Date('2026-06-01T00:00:00Z'),
      });
      expect(s).toMatchObject({ read: 3, inserted: 2, rejected: 1, rejectedByReason: { valor_sin_equivalencia: 1 } });
      const rows = await t.db.selectFrom('incidents').selectAll().orderBy('folio').execute();
      expect(rows.map((r) => [r.folio, r.cnie_code, r.channel, r.is_improper, r.municipality_code])).toEqual([
        ['C5/260301/01', 30309, '911', false, '09015'],
        ['C5/260301/02', 10116, 'panic_button', true, '09003'],
      ]);
    });
  });
}
