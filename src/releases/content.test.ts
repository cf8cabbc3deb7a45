import { describe, expect, it } from 'vitest';
import { accountProblems, isOnNetwork } from './accounts.ts';
import { checkContent, sameContent, type ReleaseContent } from './content.ts';

const base: ReleaseContent = {
  title: '  Recomendaciones   ante la temporada de lluvias ',
  body: 'Llame al 9-1-1.\r\n',
  sourceArea: 'CEE',
  exception: false,
  exceptionReason: 'se ignora sin excepción',
  targets: [{ kind: 'press' }, { kind: 'social', accountId: 3 }],
  imageIds: [5, 2],
  productIds: [9, 4],
};

describe('release content', () => {
  it('normalises what a person typed', () => {
    const c = checkContent(base);
    expect(c).toEqual({
      ok: true,
      content: {
        title: 'Recomendaciones ante la temporada de lluvias',
        body: 'Llame al 9-1-1.',
        sourceArea: 'CEE',
        exception: false,
        exceptionReason: null,
        targets: [{ kind: 'press', accountId: null }, { kind: 'social', accountId: 3 }],
        imageIds: [5, 2],
        productIds: [4, 9],
      },
    });
  });

  it('needs the source area unless it is an exception, and a reason for an exception', () => {
    const problems = (c: Partial<ReleaseContent>) => {
      const r = checkContent({ ...base, ...c });
      return r.ok ? [] : r.problems;
    };
    expect(problems({ sourceArea: null })[0]).toMatch(/^Elija el área que proporcionó la información/);
    expect(problems({ sourceArea: 'COMSOC' })[0]).toMatch(/^El área «COMSOC» no proporciona información para comunicados/);
    expect(problems({ sourceArea: null, exception: true, exceptionReason: 'corto' })[0]).toMatch(/^Explique por qué la directiva no contempla este caso/);
    expect(problems({ sourceArea: null, exception: true, exceptionReason: 'Comunicado conjunto con otra dependencia.' })).toEqual([]);
    expect(problems({ title: ' ', body: '' })).toHaveLength(2);
  });

  it('checks the targets, images and products', () => {
    const problems = (c: Partial<ReleaseContent>) => {
      const r = checkContent({ ...base, ...c });
      return r.ok ? [] : r.problems;
    };
    expect(problems({ targets: [] })).toEqual(['Elija al menos un destino: prensa, radio y televisión, o una cuenta oficial.']);
    expect(problems({ targets: [{ kind: 'social' }] })).toEqual(['Elija la cuenta oficial en la que se publicará.']);
    expect(problems({ targets: [{ kind: 'radio_tv', accountId: 3 }] })).toEqual(['El destino «Radio y televisión» no lleva cuenta de red social.']);
    expect(problems({ targets: [{ kind: 'press' }, { kind: 'press' }] })).toEqual(['Hay destinos repetidos.']);
    expect(problems({ imageIds: [1, 2, 3, 4, 5] })).toEqual(['Adjunte a lo más 4 imágenes.']);
    expect(problems({ productIds: [1, 1] })).toEqual(['Hay productos repetidos.']);
  });

  it('sees an edit that changes nothing, and one that reorders images as a change', () => {
    const a = (checkContent(base) as { content: ReleaseContent }).content;
    expect(sameContent(a, { ...a, productIds: [9, 4] })).toBe(true);
    expect(sameContent(a, { ...a, imageIds: [2, 5] })).toBe(false);
    expect(sameContent(a, { ...a, targets: [{ kind: 'press', accountId: null }] })).toBe(false);
  });
});

describe('official accounts', () => {
  it('accepts only addresses on the account’s own network, over https', () => {
    expect(isOnNetwork('https://x.com/C4Oaxaca/status/1', 'x')).toBe(true);
    expect(isOnNetwork('https://mobile.twitter.com/C4Oaxaca/status/1', 'x')).toBe(true);
    expect(isOnNetwork('http://x.com/C4Oaxaca/status/1', 'x')).toBe(false);
    expect(isOnNetwork('https://x.com.example.net/C4Oaxaca', 'x')).toBe(false);
    expect(isOnNetwork('https://www.facebook.com/C4Oaxaca/posts/1', 'x')).toBe(false);
    expect(isOnNetwork('https://www.facebook.com/C4Oaxaca/posts/1', 'facebook')).toBe(true);
    expect(isOnNetwork('no es una dirección', 'facebook')).toBe(false);
  });

  it('explains what is wrong with an account to register', () => {
    expect(accountProblems({ network: 'x', name: 'C4 Oaxaca', handle: '@C4Oaxaca', url: 'https://x.com/C4Oaxaca' })).toEqual([]);
    expect(accountProblems({ network: 'myspace', name: 'C4', handle: 'c4', url: 'https://myspace.com/c4' })[0]).toMatch(/^La red «myspace» no está entre las admitidas/);
    expect(accountProblems({ network: 'x', name: 'C4', handle: '@una_cuenta_demasiado_larga', url: 'https://facebook.com/c4' })).toEqual([
      'Escriba el nombre de la cuenta como aparece en la red (de 3 a 200 caracteres).',
      'El usuario de X (antes Twitter) debe llevar @ y hasta 15 letras, números o guiones bajos.',
      'La dirección de la cuenta debe ser https en x.com o twitter.com.',
    ]);
  });
});
