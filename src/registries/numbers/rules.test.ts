import { describe, expect, it } from 'vitest';
import { allowedTransitions, checkAction, checkTransition, onMonthlyList, reachesThreshold, registryPhone, reopensOnSighting } from './rules.ts';

describe('registryPhone', () => {
  it.each([
    ['+52 951 123 4567', '9511234567'],
    ['52 1 951 123 4567', '9511234567'],
    ['044 951 123 4567', '9511234567'],
    ['045 951 123 4567', '9511234567'],
    ['01 951 123 4567', '9511234567'],
  ])('normalises %s', (input, phone) => expect(registryPhone(input)).toEqual({ ok: true, phone }));

  it.each([
    ['PRIVADO', /no es un número/],
    ['951 123', /tiene 6 dígitos/],
    ['0951123456', /no empieza con 0/],
  ])('refuses %s with a reason', (input, reason) => {
    const r = registryPhone(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

describe('status workflow', () => {
  it('lets analysts start a verification and only the verifier decide', () => {
    expect(allowedTransitions('reportado', false)).toEqual(['en_verificacion']);
    expect(allowedTransitions('reportado', true)).toEqual(['en_verificacion', 'descartado']);
    expect(allowedTransitions('en_verificacion', false)).toEqual([]);
    expect(checkTransition('en_verificacion', 'confirmado', '  Verificado con la Fiscalía ', true)).toBe('Verificado con la Fiscalía');
    expect(() => checkTransition('en_verificacion', 'confirmado', 'Verificado', false)).toThrow(/Solo la dirección/);
    expect(() => checkTransition('reportado', 'confirmado', 'Verificado', true)).toThrow(/no puede pasar a confirmado/);
    expect(() => checkTransition('reportado', 'en_verificacion', 'no', true)).toThrow(/motivo/);
  });

  it('keeps discarded numbers off the lists until they are seen after the discard', () => {
    expect(onMonthlyList('descartado', true)).toBe(false);
    expect(onMonthlyList('confirmado', false)).toBe(true);
    expect(onMonthlyList('reportado', false)).toBe(false);
    expect(onMonthlyList('en_verificacion', true)).toBe(true);
    const discarded = new Date('2026-10-10T00:00:00Z');
    expect(reopensOnSighting('descartado', discarded, new Date('2026-10-09T00:00:00Z'))).toBe(false);
    expect(reopensOnSighting('descartado', discarded, new Date('2026-10-11T00:00:00Z'))).toBe(true);
    expect(reopensOnSighting('confirmado', discarded, new Date('2026-10-11T00:00:00Z'))).toBe(false);
  });
});

describe('mitigation', () => {
  it('counts the calls inside the window, today included', () => {
    const t = { calls: 3, days: 30 };
    expect(reachesThreshold(['2026-10-02', '2026-10-15', '2026-10-31'], t, '2026-10-31')).toBe(true);
    expect(reachesThreshold(['2026-10-01', '2026-10-15', '2026-10-31'], t, '2026-10-31')).toBe(false);
    expect(reachesThreshold(['2026-10-15', '2026-10-31'], t, '2026-10-31')).toBe(false);
  });

  it('takes the staged actions in order, each with its date and requirements', () => {
    expect(checkAction('abierto', '2026-10-01', '2026-10-01', { action: 'aviso', actedOn: '2026-10-02' }, '2026-10-03')).toBe('aviso');
    expect(() => checkAction('abierto', '2026-10-01', '2026-10-01', { action: 'canalizacion', actedOn: '2026-10-02', destination: 'IFT' }, '2026-10-03')).toThrow(/sigue con/);
    expect(() => checkAction('segundo_aviso', '2026-10-01', '2026-10-05', { action: 'canalizacion', actedOn: '2026-10-06' }, '2026-10-07')).toThrow(/a quién se canaliza/);
    expect(() => checkAction('aviso', '2026-10-01', '2026-10-05', { action: 'segundo_aviso', actedOn: '2026-10-04' }, '2026-10-07')).toThrow(/anterior a la última acción/);
    expect(() => checkAction('canalizado', '2026-10-01', '2026-10-05', { action: 'cierre', actedOn: '2026-10-06' }, '2026-10-07')).toThrow(/resultado/);
    expect(checkAction('canalizado', '2026-10-01', '2026-10-05', { action: 'cierre', actedOn: '2026-10-06', outcome: 'cesaron' }, '2026-10-07')).toBe('cerrado');
    expect(() => checkAction('cerrado', '2026-10-01', '2026-10-05', { action: 'cierre', actedOn: '2026-10-06', outcome: 'cesaron' }, '2026-10-07')).toThrow(/ya está cerrado/);
  });
});
