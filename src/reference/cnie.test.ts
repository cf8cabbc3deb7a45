import { describe, expect, it } from 'vitest';
import { cnieEntry, isImproper, loadCnieCatalogs, parseReclassificationTarget, toCatalog } from './cnie.ts';

describe('CNIE catalogs', () => {
  const { v2, v3, quirks } = loadCnieCatalogs();

  it('loads every code of both versions', () => {
    expect(v2.size).toBe(279);
    expect(v3.size).toBe(358); // 366 rows, 70101–70108 twice
    expect(loadCnieCatalogs()).toBe(loadCnieCatalogs());
  });

  it('derives type and subtype from the code, with Spanish type names', () => {
    expect(cnieEntry('3', 31201)).toMatchObject({ type: 3, typeName: 'Seguridad', subtype: 312, active: true, priority: 'alta' });
    expect(cnieEntry('2', 10101)).toMatchObject({ type: 1, typeName: 'Médicos', subtypeName: 'ACCIDENTES', priority: 'alta' });
    const typeNames = new Set([...v3.values()].map((e) => e.typeName));
    expect([...typeNames].sort()).toEqual(
      ['Asistencia', 'Improcedentes', 'Médicos', 'Otros servicios', 'Protección civil', 'Seguridad', 'Servicios públicos'].sort(),
    );
  });

  it('lets the v3 "Mal uso del servicio" sheet win over the old Improcedentes sheet, keeping the old row as a quirk', () => {
    expect(cnieEntry('3', 70101)?.name).toBe('LLAMADA DE BROMA POR MENORES DE EDAD');
    const duplicates = quirks.filter((q) => q.kind === 'duplicate_code').map((q) => q.code);
    expect(duplicates).toEqual([70101, 70102, 70103, 70104, 70105, 70106, 70107, 70108]);
    expect(quirks.find((q) => q.code === 70101 && q.kind === 'duplicate_code')?.message).toContain('LLAMADA DE BROMA POR NIÑOS');
  });

  it('names reclassified v3 rows from the old sheet instead of "Reclasificado"', () => {
    expect(cnieEntry('3', 70102)).toMatchObject({ name: 'LLAMADA DE PRUEBA', active: false, reclassifiedTo: 60201 });
    expect([...v3.values()].some((e) => /^reclasificad/i.test(e.name))).toBe(false);
  });

  it('reads "Baja" in the name column as a withdrawn code, not as a priority', () => {
    expect(cnieEntry('3', 10212)).toMatchObject({ active: false, priority: null, reclassifiedTo: null, name: 'TRAUMATISMOS MULTIPLES' });
    expect(cnieEntry('3', 30902)).toMatchObject({ active: false, priority: null, reclassifiedTo: 10112 });
    expect(quirks.filter((q) => q.kind === 'withdrawn_marker_in_name').map((q) => q.code)).toEqual([10212, 30902]);
  });

  it("records priority 'nan' as no priority", () => {
    expect(cnieEntry('3', 30304)).toMatchObject({ priority: null, active: true });
    expect(quirks.some((q) => q.code === 30304 && q.kind === 'invalid_priority')).toBe(true);
  });

  it('keeps abridged definitions and reports each one', () => {
    const abridged = quirks.filter((q) => q.kind === 'abridged_definition');
    expect(abridged).toHaveLength(12);
    expect(cnieEntry('3', abridged[0]!.code!)?.definition).toContain('...');
    expect(cnieEntry('3', 20301)?.definition).toBeNull(); // 'nan' in the source
  });

  it('notes the v2 upper-case names and the type label that contradicts the code', () => {
    expect(quirks.some((q) => q.version === '2' && q.kind === 'uppercase_names')).toBe(true);
    expect(cnieEntry('2', 60102)).toMatchObject({ type: 6, typeName: 'Otros servicios' });
    expect(quirks.filter((q) => q.version === '2' && q.kind === 'type_mismatch').map((q) => q.code)).toEqual([60102, 60103]);
  });

  it('writes every quirk in Spanish with a resolution', () => {
    for (const q of quirks) {
      expect(q.message.length).toBeGreaterThan(10);
      expect(q.resolution.length).toBeGreaterThan(10);
    }
  });

  it('parses the target of each reclassification wording', () => {
    expect(parseReclassificationTarget('Reclasificado al Tipo Seguridad, Subtipo Notificación de Hallazgo, número 31201.')).toBe(31201);
    expect(parseReclassificationTarget('Se cambia al Tipo Servicios Públicos, Subtipo Infraestructura con número 40114 (Alcantarilla Obstruida).')).toBe(40114);
    expect(parseReclassificationTarget('Reclasificado: ahora es el Tipo Médico Subtipo 10112 "Accidente…".')).toBe(10112);
    expect(parseReclassificationTarget('Traumatismo múltiple eliminado.')).toBeNull();
  });
});

describe('toCatalog', () => {
  it('maps v2 to v3: same active code, or the reclassification target', () => {
    expect(toCatalog(10101, '2', '3')).toBe(10101);
    expect(toCatalog(50201, '2', '3')).toBe(31201);
    expect(toCatalog(60101, '2', '3')).toBe(40114);
    expect(toCatalog(70102, '2', '3')).toBe(60201);
    expect(toCatalog(30902, '2', '3')).toBe(10112);
  });

  it('leaves unmapped what v3 eliminated or does not have', () => {
    expect(toCatalog(10212, '2', '3')).toBeNull();
    expect(toCatalog(20401, '2', '3')).toBeNull();
    expect(toCatalog(99999, '2', '3')).toBeNull();
  });

  it('maps v3 back to v2 only when one v2 code leads there', () => {
    expect(toCatalog(31201, '3', '2')).toBe(50201);
    expect(toCatalog(60201, '3', '2')).toBe(70102);
    expect(toCatalog(70101, '3', '2')).toBe(70101);
    expect(toCatalog(10112, '3', '2')).toBeNull(); // both v2 10112 and 30902 lead to it
    expect(toCatalog(70109, '3', '2')).toBeNull(); // new in v3
  });

  it('round-trips every v2 code that maps unambiguously', () => {
    const { v2 } = loadCnieCatalogs();
    for (const code of v2.keys()) {
      const v3 = toCatalog(code, '2', '3');
      if (v3 === null) continue;
      const back = toCatalog(v3, '3', '2');
      if (back !== null) expect(back).toBe(code);
    }
  });
});

describe('isImproper', () => {
  it('is type 7 in v2', () => {
    expect(isImproper('2', 70101)).toBe(true);
    expect(isImproper('2', 70102)).toBe(true);
    expect(isImproper('2', 60102)).toBe(false);
  });

  it('is an active "Mal uso del servicio" code in v3, judging withdrawn codes by their replacement', () => {
    const { v3 } = loadCnieCatalogs();
    const improper = [...v3.values()].filter((e) => isImproper('3', e.code)).map((e) => e.code);
    expect(improper).toEqual([70101, 70104, 70106, 70107, 70109]);
    expect(isImproper('3', 70102)).toBe(false); // now 60201, test call
    expect(isImproper('3', 12345)).toBe(false);
  });
});
