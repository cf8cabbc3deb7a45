import { describe, expect, it } from 'vitest';
import { changeDays, columnName, kilometreText, parseDay, parseKilometre, parseStatus, statusOn, validateSite, type Registry } from './rules.ts';

const ctx = (registry: Registry) => ({
  registry,
  // A square "state" around Oaxaca city.
  locate: (lat: number, lon: number) => (lat > 16.9 && lat < 17.2 && lon > -96.9 && lon < -96.5 ? '20067' : null),
  stateName: 'Oaxaca',
  today: '2026-03-15',
});
const reader = (fields: Record<string, string>) => (c: string) => fields[c];

describe('site rules', () => {
  it('reads statuses as people write them', () => {
    expect(['En operación', 'OPERANDO', 'funcionando', 'con falla', 'Fuera de servicio', 'en_mantenimiento', 'Dado de baja', 'retirado'].map(parseStatus)).toEqual([
      'operando', 'operando', 'operando', 'falla', 'falla', 'mantenimiento', 'baja', 'baja',
    ]);
    expect(parseStatus('prendido')).toBeNull();
  });

  it('folds headers to the layout and reads days and kilometre posts', () => {
    expect(['Último mantenimiento', 'LATITUD', 'lng', 'Cámaras PTZ', 'Km'].map(columnName)).toEqual(['ultimo_mantenimiento', 'latitud', 'longitud', 'camaras_ptz', 'kilometro']);
    expect([parseDay('2026-02-29'), parseDay('2024-02-29'), parseDay('05/03/2026'), parseDay('2026-03-05 10:00')]).toEqual([null, '2024-02-29', '2026-03-05', '2026-03-05']);
    expect([parseKilometre('12+400'), parseKilometre('km 12.4'), parseKilometre('12,4'), parseKilometre('-3'), parseKilometre('doce')]).toEqual([12.4, 12.4, 12.4, null, null]);
    expect(kilometreText(215.3)).toBe('215+300');
  });

  it('validates a site and names every problem, with hints for swapped or unsigned coordinates', () => {
    const ok = validateSite(reader({ clave: 'pmi-1', nombre: 'A', latitud: '17.06', longitud: '-96.72', estatus: 'operando', camaras_fijas: '2', camaras_ptz: '0' }), ctx('pmi'));
    expect(ok.ok && [ok.site.code, ok.site.cameras, ok.municipalityCode]).toEqual(['PMI-1', { fija: 2 }, '20067']);
    const swapped = validateSite(reader({ clave: 'X', nombre: 'A', latitud: '-96.72', longitud: '17.06', estatus: 'operando' }), ctx('pmi'));
    expect(!swapped.ok && swapped.reasons[0]!.message).toMatch(/Parecen invertidas/);
    const unsigned = validateSite(reader({ clave: 'X', nombre: 'A', latitud: '17.06', longitud: '96.72', estatus: 'operando' }), ctx('pmi'));
    expect(!unsigned.ok && unsigned.reasons[0]!.message).toMatch(/falta el signo negativo/);
    const arch = validateSite(reader({ clave: 'A-1', nombre: 'Arco', latitud: '17.06', longitud: '-96.72', estatus: 'baja', fecha_instalacion: '2030-01-01' }), ctx('repuve'));
    expect(!arch.ok && arch.reasons.map((r) => r.code)).toEqual(['fecha_futura', 'falta_carretera', 'falta_kilometro', 'falta_sentido']);
  });

  it('tells the status of a site on any day from its history', () => {
    const t = {
      installedOn: '2025-01-10',
      changes: [
        { status: 'operando' as const, effectiveOn: '2025-01-10', seq: 1 },
        { status: 'falla' as const, effectiveOn: '2026-01-16', seq: 2 },
        { status: 'operando' as const, effectiveOn: '2026-02-01', seq: 4 },
        { status: 'mantenimiento' as const, effectiveOn: '2026-02-01', seq: 3 },
      ],
    };
    expect(['2025-01-09', '2025-06-01', '2026-01-16', '2026-01-31', '2026-02-01'].map((d) => statusOn(t, d))).toEqual([null, 'operando', 'falla', 'falla', 'operando']);
    // Without an installation date the first recorded status holds before it was recorded.
    expect(statusOn({ installedOn: null, changes: [{ status: 'falla', effectiveOn: '2026-03-15', seq: 1 }] }, '2026-01-01')).toBe('falla');
    expect(changeDays([t], '2026-01-01', '2026-01-31')).toEqual(['2026-01-01', '2026-01-16']);
  });
});
