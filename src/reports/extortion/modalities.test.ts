import { describe, expect, it } from 'vitest';
import { EXTORTION_MODALITIES } from '../../incidents/demo-catalog.ts';
import { ModalityListError, NO_MODALITY, classifyModality, extortionModalities, modalityKey, parseModalityList } from './modalities.ts';

describe('extortion modalities', () => {
  const list = extortionModalities();

  it('ships the seven modalities of the issue, with the catch-all among them', () => {
    expect(list.modalities.map((m) => m.code)).toEqual([
      'secuestro_virtual', 'familiar_en_problemas', 'premio_o_sorteo', 'amenaza_cobro_de_piso', 'cobranza_ilegal',
      'suplantacion_de_funcionario', 'otra',
    ]);
    expect(list.otherCode).toBe('otra');
    expect(list.modalities.find((m) => m.code === 'suplantacion_de_funcionario')?.label).toBe('Suplantación de funcionario o autoridad');
  });

  it('recognises every value the demo generator writes', () => {
    for (const value of EXTORTION_MODALITIES) expect(classifyModality(value, list)).toEqual({ code: value, listed: true });
  });

  it('matches recorded text loosely and by alias', () => {
    expect(modalityKey('  Suplantación de Funcionario ')).toBe('suplantacion_de_funcionario');
    expect(classifyModality('SECUESTRO VIRTUAL', list)).toEqual({ code: 'secuestro_virtual', listed: true });
    expect(classifyModality('Cobro de piso', list)).toEqual({ code: 'amenaza_cobro_de_piso', listed: true });
    expect(classifyModality('premio-o-sorteo', list)).toEqual({ code: 'premio_o_sorteo', listed: true });
  });

  it('counts unknown values under the catch-all, flagged, and an empty value as no modality', () => {
    expect(classifyModality('Venta de protección en línea', list)).toEqual({ code: 'otra', listed: false });
    expect(classifyModality('', list)).toEqual({ code: NO_MODALITY, listed: true });
    expect(classifyModality(' - ', list)).toEqual({ code: NO_MODALITY, listed: true });
  });

  it('refuses files that would count one value twice or have no catch-all', () => {
    const m = (code: string, aliases: string[] = []) => ({ code, label: code, aliases });
    expect(() => parseModalityList({ otherCode: 'otra', modalities: [m('a', ['x']), m('b', ['X']), m('otra')] }, 'f.json')).toThrow(
      'f.json: «X» nombra a la vez las modalidades «a» y «b».',
    );
    expect(() => parseModalityList({ otherCode: 'otra', modalities: [m('a'), m('a'), m('otra')] }, 'f.json')).toThrow('aparece dos veces');
    expect(() => parseModalityList({ otherCode: 'resto', modalities: [m('a')] }, 'f.json')).toThrow(ModalityListError);
    expect(() => parseModalityList({ otherCode: 'a', modalities: [m('A b')] }, 'f.json')).toThrow('minúsculas');
  });
});
