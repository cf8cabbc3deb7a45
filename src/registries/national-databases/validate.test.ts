import { describe, expect, it } from 'vitest';
import { LocalTime } from '../../util/local-time.ts';
import { checkDefinitions, databaseNamed, nationalDatabases } from './definitions.ts';
import { createRowValidator, parseMoment } from './validate.ts';

const zone = new LocalTime('America/Mexico_City');
const record = (fields: Record<string, string>) => {
  const columns = new Map(Object.keys(fields).map((k, i) => [k, i]));
  return { columns, values: Object.values(fields) };
};

describe('supply-log rows', () => {
  it('reads dates and times in the state zone, with or without an offset', () => {
    expect(parseMoment('2026-02-01 23:30', zone)).toMatchObject({ date: '2026-02-01', hasTime: true, instant: new Date('2026-02-02T05:30:00Z') });
    expect(parseMoment('2026-02-02T04:30:00Z', zone)).toMatchObject({ date: '2026-02-01' });
    expect(parseMoment('01/02/2026', zone)).toMatchObject({ date: '2026-02-01', hasTime: false });
    expect(parseMoment('2026-02-30', zone)).toBeNull();
    expect(parseMoment('ayer', zone)).toBeNull();
  });

  it('keeps which fields a record carries and refuses bad values', () => {
    const def = databaseNamed('licencias')!;
    const validate = createRowValidator(def, { zone, today: '2026-03-15', stateCode: '20', municipalities: new Map([['20067', 'Oaxaca de Juárez']]) });
    const ok = validate(record({ folio: 'L1', fecha_evento: '2026-02-01', fecha_carga: '2026-02-04 10:00', tramite: 'Refrendo', tipo_licencia: 'A', municipio: 'oaxaca de juarez', curp: '', fotografia: 'sí', huella: 'NO', firma: 's' }));
    expect(ok.ok && ok.row).toMatchObject({ category: 'renovacion', municipalityCode: '20067', delayDays: 3 });
    // Bits follow the columns: tramite 0, tipo 1, municipio 2, curp 3, fotografia 4, huella 5, firma 6.
    expect(ok.ok && ok.row.presentMask).toBe(0b1010111);
    const bad = validate(record({ folio: 'L2', fecha_evento: '2026-02-05', fecha_carga: '2026-02-04', tramite: 'canje', fotografia: 'tal vez', municipio: '999' }));
    expect(!bad.ok && bad.reasons.map((r) => r.code)).toEqual(['evento_posterior_a_carga', 'valor_no_reconocido', 'municipio_desconocido', 'valor_no_reconocido']);
  });

  it('checks the definitions file', () => {
    expect(nationalDatabases().map((d) => d.code)).toEqual(['iph', 'licencias', 'mandamientos', 'rnip', 'rnsp', 'vehiculos']);
    const one = JSON.parse(JSON.stringify({ databases: [databaseNamed('iph')] }));
    one.databases[0].indicators.requiredFields.push('curp');
    expect(() => checkDefinitions(one)).toThrow(/campos requeridos que no están en sus columnas: curp/);
  });
});
