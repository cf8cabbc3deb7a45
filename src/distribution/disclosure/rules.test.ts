import { describe, expect, it } from 'vitest';
import { reportCatalog } from '../../reports/catalog.ts';
import { fieldEntry, legalBasisOf, reportFields, reportRequiresCallerPhones } from './registry.ts';
import { classificationChangeRefusal, disclosureRules, productDisclosure, releaseKey, releaseRefusal, releaseSeriesKey, type ReleaseSource } from './rules.ts';

const source = (over: Partial<ReleaseSource> = {}): ReleaseSource => ({
  id: 12,
  version: 1,
  reportCode: 'fese',
  reportName: 'FESE',
  classification: 'restricted',
  derivedFromId: null,
  replacedBy: null,
  canDisclose: true,
  ...over,
});

describe('release rules', () => {
  it('lets restricted and public products out as either version, and nothing internal', () => {
    expect(releaseRefusal(source(), { audience: 'public' })).toBeNull();
    expect(releaseRefusal(source(), { audience: 'restricted', agencyId: 3 })).toBeNull();
    expect(releaseRefusal(source({ classification: 'public' }), { audience: 'restricted' })).toBeNull();
    const internal = releaseRefusal(source({ classification: 'internal' }), { audience: 'restricted', agencyId: 3 });
    expect(internal).toMatchObject({ code: 'producto_de_uso_interno', status: 409 });
    expect(internal!.message).toMatch(/uso interno y no puede salir del centro.*Dirección General/);
  });

  it('refuses a release of a release, a superseded product and a report without a disclosure pass', () => {
    expect(releaseRefusal(source({ derivedFromId: 3 }), { audience: 'public' })?.code).toBe('ya_es_version_divulgable');
    expect(releaseRefusal(source({ replacedBy: { id: 40, version: 2 } }), { audience: 'public' })?.message).toMatch(/reemplazado por la versión 2 \(producto 40\)/);
    expect(releaseRefusal(source({ canDisclose: false }), { audience: 'public' })?.code).toBe('sin_control_de_divulgacion');
  });

  it('keeps callers\' phones only in a restricted version for an agency, of a report that needs them', () => {
    const phones = source({ reportCode: 'numeros-maliciosos', reportName: 'Números maliciosos' });
    expect(reportRequiresCallerPhones('numeros-maliciosos')).toBe(true);
    expect(releaseRefusal(phones, { audience: 'restricted', agencyId: 3, allowPhones: true })).toBeNull();
    expect(releaseRefusal(phones, { audience: 'public', allowPhones: true })?.code).toBe('telefonos_en_version_publica');
    expect(releaseRefusal(phones, { audience: 'restricted', allowPhones: true })?.code).toBe('telefonos_sin_dependencia');
    expect(releaseRefusal(source(), { audience: 'restricted', agencyId: 3, allowPhones: true })?.code).toBe('telefonos_no_requeridos');
    expect(disclosureRules({ audience: 'public', allowPhones: true }).allowPhones).toBe(false);
    expect(disclosureRules({ audience: 'restricted', agencyId: 3, allowPhones: true }).allowPhones).toBe(true);
  });

  it('applies the thresholds of data/disclosure/rules.json, stricter in public', () => {
    const pub = disclosureRules({ audience: 'public' });
    const res = disclosureRules({ audience: 'restricted' });
    expect(pub.minCount).toBeGreaterThanOrEqual(res.minCount);
    expect(res.minCount).toBeGreaterThanOrEqual(3);
    expect(pub.mapResolution).toBe(7);
    expect(res.mapResolution).toBeNull();
  });

  it('keys a request by product, audience, agency and phones, so that the same one is prepared once', () => {
    const a = releaseKey(12, { audience: 'restricted', agencyId: 3 });
    expect(releaseKey(12, { audience: 'restricted', agencyId: 3, allowPhones: false })).toBe(a);
    expect(releaseKey(12, { audience: 'restricted', agencyId: 4 })).not.toBe(a);
    expect(releaseKey(13, { audience: 'restricted', agencyId: 3 })).not.toBe(a);
    expect(releaseKey(12, { audience: 'public', agencyId: 3 })).toBe(releaseKey(12, { audience: 'public' }));
    expect(releaseSeriesKey('{"x":1}', { audience: 'public', agencyId: 3 })).toBe('{"x":1}#public');
    expect(releaseSeriesKey('{"x":1}', { audience: 'restricted', agencyId: 3 })).toBe('{"x":1}#restricted:dependencia-3');
  });

  it('cites the legal basis of each redaction, and the public-version article for a versión pública', () => {
    const d = productDisclosure(
      {
        redactions: [
          { field: 'count', action: 'suprimido', what: 'Llamadas', where: 'por municipio', item: '20001 Abejones', why: 'x' },
          { field: 'incident.location', action: 'generalizado', what: 'Ubicación', where: 'mapa', item: '', why: 'y' },
        ],
        methodology: ['m'],
      },
      { audience: 'public', sourceId: 12, sourceVersion: 2, stateCode: '20', allowPhones: false },
    );
    expect(d.mark).toBe('Versión pública');
    expect(d.redactions[0]!.legalBasis).toEqual(expect.arrayContaining(['lgtaip-116', 'lgpdppso-3-ix', 'oax-datos-personales']));
    expect(d.redactions[1]!.legalBasis).toEqual(expect.arrayContaining(['lgtaip-113-i', 'lgtaip-113-vii']));
    expect(d.legalBasis.map((b) => b.id)).toContain('lgtaip-111');
    expect(d.methodology[0]).toMatch(/no contiene teléfonos, nombres, domicilios ni notas/);
    // Another state cites the general laws only.
    expect(legalBasisOf('count', '14')).not.toContain('oax-datos-personales');
    const restricted = productDisclosure({ redactions: [], methodology: [] }, { audience: 'restricted', sourceId: 1, sourceVersion: 1, stateCode: '20', allowPhones: false });
    expect(restricted.legalBasis.map((b) => b.id)).not.toContain('lgtaip-111');
  });

  it('classifies every field of the registry and lists the fields of every report that leaves the center', () => {
    expect(fieldEntry('incident.caller_phone')?.classification).toBe('personal');
    expect(fieldEntry('incident.caller_name')?.classification).toBe('personal');
    expect(fieldEntry('incident.address')?.classification).toBe('personal');
    expect(fieldEntry('incident.notes')?.classification).toBe('personal');
    expect(fieldEntry('incident.reported_phone')?.classification).toBe('reserved');
    expect(fieldEntry('incident.location')?.classification).toBe('reserved');
    for (const t of reportCatalog().reportTypes.filter((r) => r.generator && r.external)) {
      expect(reportFields(t.code).length, t.code).toBeGreaterThan(0);
    }
    expect(() => legalBasisOf('no.such.field', '20')).toThrow(/registro de clasificación/);
  });
});

describe('classification changes', () => {
  const p = { id: 5, classification: 'restricted' as const, derivedFromId: null };

  it('needs a recorded reason and a different classification', () => {
    expect(classificationChangeRefusal(p, 'public', 'Se publica en el portal de transparencia.')).toBeNull();
    expect(classificationChangeRefusal(p, 'public', '  corto  ')?.code).toBe('motivo_requerido');
    expect(classificationChangeRefusal(p, 'restricted', 'Motivo suficientemente largo.')?.code).toBe('clasificacion_sin_cambio');
    expect(classificationChangeRefusal(p, 'secreto', 'Motivo suficientemente largo.')?.code).toBe('clasificacion_invalida');
  });

  it('leaves a released version classified by its preparation', () => {
    expect(classificationChangeRefusal({ ...p, derivedFromId: 2 }, 'internal', 'Motivo suficientemente largo.')?.message).toMatch(/producto original 2/);
  });
});
