import { describe, expect, it } from 'vitest';
import { detectLayout, LAYOUT_COLUMNS, type SesnspLayout } from './layout.ts';
import { createRowValidator } from './validate.ts';

const municipal = (detectLayout(LAYOUT_COLUMNS.municipal) as { ok: true; layout: SesnspLayout }).layout;
const columns = new Map(LAYOUT_COLUMNS.municipal.map((c, i) => [c, i]));
const fieldsOf = (values: string[]) => ({ values, columns });
const row = (year: string, state: string, mun: string, months: string[]) =>
  fieldsOf([year, state, 'Entidad', mun, 'Municipio', 'El patrimonio', 'Robo', 'Robo a negocio', 'Con violencia', ...months, ...Array(12 - months.length).fill('')]);

describe('SESNSP layouts', () => {
  it('recognises both layouts whatever the case, accents and punctuation of the header', () => {
    expect(detectLayout(LAYOUT_COLUMNS.state)).toMatchObject({ ok: true, layout: { level: 'state', municipalityCode: null } });
    const loose = LAYOUT_COLUMNS.municipal.map((c) => c.toUpperCase().replace('Ñ', 'N').replace('Í', 'I').replace('. ', '_'));
    expect(detectLayout(loose)).toMatchObject({ ok: true, layout: { level: 'municipal', municipalityCode: 'CVE_MUNICIPIO', year: 'ANO' } });
  });

  it('names the missing columns', () => {
    const r = detectLayout(LAYOUT_COLUMNS.municipal.filter((c) => c !== 'Modalidad' && c !== 'Diciembre'));
    expect(r.ok).toBe(false);
    expect((r as { message: string }).message).toContain('faltan las columnas «Modalidad», «Diciembre»');
  });
});

describe('SESNSP rows', () => {
  // Mexico City (09): the SESNSP writes its codes without the leading zero.
  const validate = createRowValidator({
    layout: municipal,
    stateCode: '09',
    states: new Set(['09', '20']),
    municipalities: new Set(['09002', '09003']),
    now: { year: 2026, month: 3 },
  });

  it('pads codes the SESNSP writes as numbers and keeps empty months as not published', () => {
    expect(validate(row('2026', '9', '9002', ['4', '0']))).toEqual({
      kind: 'row',
      row: {
        level: 'municipal', stateCode: '09', municipalityCode: '09002', year: 2026,
        bienJuridico: 'El patrimonio', tipo: 'Robo', subtipo: 'Robo a negocio', modalidad: 'Con violencia',
        months: [4, 0, null, null, null, null, null, null, null, null, null, null],
      },
    });
    expect(validate(row('2025', '9', '9999', ['1']))).toMatchObject({ kind: 'row', row: { municipalityCode: '09999' } });
  });

  it('skips other states without judging them', () => {
    expect(validate(row('19x', '20', 'nada', ['?']))).toEqual({ kind: 'other_state', stateCode: '20' });
  });

  it('rejects months that have not ended, negative and decimal counts, and rows without figures', () => {
    const codes = (r: ReturnType<typeof validate>) => (r.kind === 'rejected' ? r.reasons.map((x) => x.code) : []);
    expect(codes(validate(row('2026', '9', '9002', ['1', '1', '1'])))).toEqual(['mes_no_concluido']);
    expect(codes(validate(row('2025', '9', '9002', ['-1', '1.5'])))).toEqual(['conteo_no_numerico', 'conteo_no_numerico']);
    expect(codes(validate(row('2025', '9', '9002', [])))).toEqual(['sin_cifras']);
    expect(codes(validate(row('2025', '9', '902', ['1'])))).toEqual(['municipio_invalido']);
  });
});
