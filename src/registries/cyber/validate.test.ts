import { describe, expect, it } from 'vitest';
import { cyberCatalogs, looseKey, parseCyberCatalogs } from './settings.ts';
import { ageGroupOf, mapCsvHeader, parseAmount, parseDay, validateCyberIncident, type ValidationContext } from './validate.ts';

const ctx: ValidationContext = {
  catalogs: cyberCatalogs(),
  stateCode: '20',
  municipalityCodes: new Set(['20067', '20390']),
  municipalityByName: (name) => (looseKey(name) === 'oaxaca_de_juarez' ? '20067' : undefined),
  today: '2026-03-31',
  requireFolio: true,
};
const good = {
  folio: 'CIB-001',
  reportedOn: '15/03/2026',
  intakeChannel: 'Denuncia presencial',
  victimSex: 'Femenino',
  victimAge: '34',
  municipality: 'Oaxaca de Juárez',
  type: 'SEXTORSION',
  platform: 'Facebook Messenger',
  amountLost: '$12,500.50',
  status: 'En atención',
  referred: 'sí',
  referralReference: 'FGEO/UECD/123/2026',
  referralDate: '2026-03-20',
};

describe('cyber incident validation', () => {
  it('normalises a row written the way people write it', () => {
    const r = validateCyberIncident(good, ctx);
    expect(r).toEqual({
      ok: true,
      row: {
        folio: 'CIB-001', reported_on: '2026-03-15', intake_channel: 'denuncia_presencial', victim_sex: 'mujer', victim_age_group: '30-44',
        municipality_code: '20067', type_code: 'sextorsion', platform: 'facebook', amount_lost: 12500.5, status: 'en_atencion',
        referred: true, referral_reference: 'FGEO/UECD/123/2026', referral_date: '2026-03-20',
      },
    });
  });

  it('reports every problem with a stable code', () => {
    const r = validateCyberIncident(
      { folio: '', reportedOn: '2026-04-02', intakeChannel: 'paloma mensajera', victimSex: 'M', victimAge: '130', municipality: '07001', type: 'hackeo de nasa', platform: 'MySpace', amountLost: '-5', status: 'perdido', referred: 'no', referralReference: 'X/1' },
      ctx,
    );
    expect(r.ok).toBe(false);
    const codes = !r.ok ? r.reasons.map((x) => x.code) : [];
    expect(codes).toEqual([
      'folio_faltante', 'fecha_futura', 'medio_desconocido', 'sexo_invalido', 'edad_invalida', 'municipio_fuera_del_estado', 'tipo_desconocido',
      'plataforma_desconocida', 'monto_invalido', 'estatus_desconocido', 'canalizacion_incongruente',
    ]);
    expect(!r.ok && r.reasons.find((x) => x.code === 'sexo_invalido')!.message).toContain('ambigua');
  });

  it('requires the reference and day of a referral, not before the report', () => {
    const r = validateCyberIncident({ ...good, referralReference: '', referralDate: '2026-03-01' }, ctx);
    expect(!r.ok && r.reasons.map((x) => x.code)).toEqual(['referencia_faltante', 'fecha_canalizacion_invalida']);
    const implied = validateCyberIncident({ ...good, referred: '' }, ctx);
    expect(implied.ok && implied.row.referred).toBe(true);
    const none = validateCyberIncident({ ...good, referred: '', referralReference: '', referralDate: '' }, ctx);
    expect(none.ok && none.row).toMatchObject({ referred: false, referral_reference: null, referral_date: null });
  });

  it('lets the form leave the folio to the server and defaults what may be unknown', () => {
    const r = validateCyberIncident({ ...good, folio: '', victimSex: '', victimAge: '', municipality: '', amountLost: '', status: '' }, { ...ctx, requireFolio: false });
    expect(r.ok && r.row).toMatchObject({ folio: null, victim_sex: 'no_especificado', victim_age_group: 'no_especificado', municipality_code: null, amount_lost: null, status: 'registrado' });
  });

  it('reads Mexican amounts, dates and ages', () => {
    expect(parseAmount('1,250,000.00')).toBe(1250000);
    expect(parseAmount('850 MXN')).toBe(850);
    expect(parseAmount('12.345,00')).toBeNull();
    expect(parseDay('31/02/2026')).toBeNull();
    expect(parseDay('2026-3-5')).toBe('2026-03-05');
    expect(ageGroupOf('17')).toBe('12-17');
    expect(ageGroupOf('60+')).toBe('60+');
    expect(ageGroupOf('18-29')).toBe('18-29');
    expect(ageGroupOf('adulto')).toBeNull();
  });

  it('maps CSV headers loosely and names the missing required columns', () => {
    const { columns, missing } = mapCsvHeader(['Folio', 'Fecha de registro', 'Tipo de incidente', 'Monto (MXN)']);
    expect(columns).toMatchObject({ folio: 'Folio', reportedOn: 'Fecha de registro', type: 'Tipo de incidente' });
    expect(missing).toEqual(['medio_entrada', 'plataforma']);
  });

  it('refuses a catalog whose indicator names an unknown type', () => {
    const bad = { types: [{ code: 'fraude', label: 'Fraude' }], otherType: 'fraude', channels: [{ code: 'a', label: 'A' }], platforms: [{ code: 'otra', label: 'Otra' }], otherPlatform: 'otra', indicators: [{ code: 'x', label: 'X', types: ['sextorsion'] }] };
    expect(() => parseCyberCatalogs(bad, 'prueba.json')).toThrow(/indicador «x» nombra tipos que no existen: sextorsion/);
  });
});
