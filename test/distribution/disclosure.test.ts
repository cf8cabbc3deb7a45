// Versiones públicas and reservadas of every buildable report, on every engine, from demo months plus incidents
// with recognisable callers: (a) no figure under the threshold is visible, (b) no suppressed figure can be
// recomputed from the totals the product shows (the attacker of test/support/disclosure-audit.ts, with the sums a
// reader can see, checked to hold on the internal product), (c) the redaction list is in the metadata and in every
// file, (d) the files are the same bytes each time they are prepared, (e) no file carries a phone number, name,
// address or note of the incidents in the database (issue 4 §7, scanned with test/support/disclosure-scan.ts).
// And the refusals: an internal product, a superseded one, one whose data changed, phones in a public version.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.ts';
import { PublishedTables, recoverSuppressed, type Shown } from '../support/disclosure-audit.ts';
import { fileText, incidentNeedles, scanFiles, type ScanFile } from '../support/disclosure-scan.ts';
import { MUNICIPAL_HEADER, latin1File, months, streamOf } from '../support/sesnsp.ts';
import { seedReference } from '../../src/reference/seed.ts';
import { loadDemo, loadDemoCenters } from '../../src/incidents/demo.ts';
import { importIncidents } from '../../src/incidents/import.ts';
import { findProfile } from '../../src/incidents/profiles.ts';
import { importSesnsp } from '../../src/crime-statistics/index.ts';
import { loadConfig } from '../../src/config.ts';
import { parsePeriod } from '../../src/analytics/periods.ts';
import { CLI_ACTOR } from '../../src/access/users.ts';
import { ensureReportCatalog, generateProduct, getProduct, getProductFile, generatorNamed, type Product } from '../../src/reports/index.ts';
import { disclosureRules, prepareForRelease, prepareRelease, releaseOfProduct } from '../../src/distribution/disclosure/index.ts';
import { recordClassificationChange } from '../../src/distribution/disclosure/store.ts';
import type { PoliceHeatmapData } from '../../src/reports/heatmaps/index.ts';

const STATE = '20';
const TZ = 'America/Mexico_City';
const MONTH = '2026-03';
const MIN = disclosureRules({ audience: 'public' }).minCount;
const config = loadConfig({ ATALAYA_STATE: STATE, ATALAYA_TZ: TZ });
const METRO = ['20067', '20174', '20385', '20390'];
const AVGM = ['20067', '20390', '20385', '20043'];
const REPORTS = ['fese', 'extorsion-089', 'incidencia-conurbados', 'mapa-calor-avgm', 'mapa-calor-policia'] as const;
type Report = (typeof REPORTS)[number];

/** Callers nobody else is called like, with numbers and notes written the way operators type them. */
const PLANTED = [
  {
    folio: 'DIV-1', canal: '911', code: 30503, lat: 17.0654, lng: -96.7236, phone: '951 555 0199',
    name: 'Eufrosina Tlacuilo Mixcóatl', address: 'Callejón del Tecolote Azul 4417, Col. Mirasol de Abajo',
    notes: 'La denunciante Eufrosina vive en el Callejón del Tecolote Azul y teme represalias del agresor.',
  },
  {
    folio: 'DIV-2', canal: '911', code: 31101, lat: 17.0701, lng: -96.7102, phone: '(951) 555-0142',
    name: 'Zacarías Ixtlahuaca Quetzalli', address: 'Privada Xicoténcatl 88, Barrio de la Soledad Chica',
    notes: 'Reporta Zacarías que su vecino Anacleto Huitzilin Ocelotl golpea la puerta con un machete.',
  },
];
const PLANTED_TIP = { folio: 'DIV-3', reported: '55 4821 7730', modality: 'Cobro de piso a Zacarías Ixtlahuaca, tel. 951 555 0199' };

const sha = (p: Product, format: string) => p.files.find((f) => f.format === format)!.sha256;

async function filesOf(t: TestDatabase, p: Product): Promise<ScanFile[]> {
  const out: ScanFile[] = [];
  for (const f of p.files) out.push({ format: f.format, fileName: f.file_name, content: (await getProductFile(t.db, p.id, f.format))!.content });
  return out;
}

async function jsonOf(t: TestDatabase, p: Product, format = 'json'): Promise<any> {
  return JSON.parse(new TextDecoder().decode((await getProductFile(t.db, p.id, format))!.content));
}

// ---- What a reader of each report can add up: figures by id and the sums between them --------------------------

interface Reading {
  figures: Map<string, Shown>;
  sums: { total: string; parts: string[] }[];
}

function reading(): Reading & { f(id: string, v: unknown): string; sum(total: string, parts: string[]): void } {
  const r = {
    figures: new Map<string, Shown>(),
    sums: [] as { total: string; parts: string[] }[],
    f(id: string, v: unknown) {
      if (typeof v === 'number' || v === '*') r.figures.set(id, v);
      return id;
    },
    sum(total: string, parts: string[]) {
      const present = parts.filter((p) => r.figures.has(p));
      if (r.figures.has(total) && present.length > 0) r.sums.push({ total, parts: present });
    },
  };
  return r;
}

function readFese(d: any): Reading {
  const r = reading();
  const sections = [d.consolidated, ...d.centers];
  for (const s of sections) {
    const k = s.code;
    r.f(`${k}|total`, s.total);
    r.f(`${k}|real`, s.real);
    r.f(`${k}|improper`, s.improper);
    for (const x of s.incidents) r.f(`${k}|code|${x.code}`, x.count);
    for (const x of s.improperByKind) r.f(`${k}|kind|${x.code}`, x.count);
    for (const x of s.byChannel) r.f(`${k}|channel|${x.channel}`, x.count);
    for (const x of s.byMunicipality) r.f(`${k}|mun|${x.code}`, x.count);
    for (const x of s.serviceTimes) r.f(`${k}|time|${x.priority}|${x.measure}`, x.measured);
    r.sum(`${k}|total`, s.incidents.map((x: any) => `${k}|code|${x.code}`));
    r.sum(`${k}|total`, s.byChannel.map((x: any) => `${k}|channel|${x.channel}`));
    r.sum(`${k}|total`, s.byMunicipality.map((x: any) => `${k}|mun|${x.code}`));
    r.sum(`${k}|total`, [`${k}|real`, `${k}|improper`]);
    r.sum(`${k}|improper`, s.improperByKind.map((x: any) => `${k}|kind|${x.code}`));
    r.sum(`${k}|real`, s.incidents.filter((x: any) => !x.improper).map((x: any) => `${k}|code|${x.code}`));
    for (const x of s.improperByKind) r.sum(`${k}|kind|${x.code}`, [`${k}|code|${x.code}`]);
  }
  // The state is the sum of its call centers, figure by figure.
  const whole = d.consolidated.code;
  for (const id of [...r.figures.keys()].filter((x) => x.startsWith(`${whole}|`))) {
    r.sum(id, d.centers.map((c: any) => id.replace(`${whole}|`, `${c.code}|`)));
  }
  d.unmapped.forEach((u: any, i: number) => r.f(`unmapped|${i}`, u.count));
  r.sum(`${whole}|code|0`, d.unmapped.map((_: any, i: number) => `unmapped|${i}`));
  return r;
}

function readExtortion(d: any): Reading {
  const r = reading();
  const periods = [d.period.key, ...d.comparisons.map((c: any) => c.period.key)];
  for (const m of ['reports', 'withNumber'] as const) {
    const rows = (section: string, list: any[]) =>
      list.forEach((row: any) => [row.current, ...row.compared].forEach((f: any, i: number) => r.f(`${m}|${periods[i]}|${section}|${row.key}`, f[m])));
    rows('total', [d.total]);
    rows('modality', d.byModality);
    rows('municipality', d.byMunicipality);
    rows('channel', d.byChannel);
    for (const mo of d.byMonth) {
      r.f(`${m}|month|${mo.key}`, mo.current[m]);
      r.f(`${m}|month|${mo.yearAgoKey}`, mo.yearAgo[m]);
    }
    periods.forEach((p) => {
      for (const [section, list] of [['modality', d.byModality], ['municipality', d.byMunicipality], ['channel', d.byChannel]] as const) {
        r.sum(`${m}|${p}|total|total`, list.map((row: any) => `${m}|${p}|${section}|${row.key}`));
      }
    });
    if (d.byMonth.length > 0) {
      r.sum(`${m}|${periods[0]}|total|total`, d.byMonth.map((mo: any) => `${m}|month|${mo.key}`));
      const ago = d.comparisons.find((c: any) => c.role === 'year_ago')?.period.key ?? periods[1];
      r.sum(`${m}|${ago}|total|total`, d.byMonth.map((mo: any) => `${m}|month|${mo.yearAgoKey}`));
    }
  }
  return r;
}

function readMetro(d: any): Reading {
  const r = reading();
  for (const s of ['count', 'previous', 'lastYear']) {
    r.f(`${s}|group`, d.total.incidents[s]);
    for (const m of d.municipalities) r.f(`${s}|mun|${m.code}`, m.incidents[s]);
    for (const x of d.incidents.byMunicipality) r.f(`${s}|mun|${x.municipalityCode}|${x.typeKey}`, x.figures[s]);
    for (const x of d.incidents.byType) r.f(`${s}|type|${x.typeKey}`, x.figures[s]);
    for (const c of d.incidents.byCode) r.f(`${s}|code|${c.code}`, c[s]);
    for (const m of d.municipalities) r.sum(`${s}|mun|${m.code}`, d.incidents.byMunicipality.filter((x: any) => x.municipalityCode === m.code).map((x: any) => `${s}|mun|${m.code}|${x.typeKey}`));
    for (const x of d.incidents.byType) {
      r.sum(`${s}|type|${x.typeKey}`, d.incidents.byMunicipality.filter((y: any) => y.typeKey === x.typeKey).map((y: any) => `${s}|mun|${y.municipalityCode}|${y.typeKey}`));
      r.sum(`${s}|type|${x.typeKey}`, d.incidents.byCode.filter((c: any) => String(c.subtype) === x.typeKey).map((c: any) => `${s}|code|${c.code}`));
    }
    r.sum(`${s}|group`, d.municipalities.map((m: any) => `${s}|mun|${m.code}`));
    r.sum(`${s}|group`, d.incidents.byType.map((x: any) => `${s}|type|${x.typeKey}`));
    r.sum(`${s}|group`, d.incidents.byCode.map((c: any) => `${s}|code|${c.code}`));
  }
  for (const line of ['by911', 'by089']) {
    r.f(`line|${line}`, d.total.incidents[line]);
    for (const m of d.municipalities) r.f(`line|${line}|${m.code}`, m.incidents[line]);
    r.sum(`line|${line}`, d.municipalities.map((m: any) => `line|${line}|${m.code}`));
  }
  for (const m of d.municipalities) r.sum(`count|mun|${m.code}`, [`line|by911|${m.code}`, `line|by089|${m.code}`]);
  r.sum('count|group', ['line|by911', 'line|by089']);
  return r;
}

function readPolice(d: PoliceHeatmapData<'*'>): Reading {
  const r = reading();
  r.f('total', d.total);
  d.byHour.forEach((v, h) => r.f(`hour|${h}`, v));
  d.byWeekday.forEach((v, i) => r.f(`day|${i}`, v));
  r.sum('total', d.byHour.map((_, h) => `hour|${h}`));
  r.sum('total', d.byWeekday.map((_, i) => `day|${i}`));
  for (const h of d.hotSpots) r.f(`hot|${h.cell}`, h.n);
  return r;
}

/** The sums that hold on the internal product, applied to what the released version shows. */
function attack(internal: Reading, released: Reading) {
  const shown = new PublishedTables();
  for (const [id, v] of released.figures) shown.figure(id, v);
  const failing: string[] = [];
  for (const s of internal.sums) {
    const hold = internal.figures.get(s.total) === s.parts.reduce((a, p) => a + (internal.figures.get(p) as number), 0);
    if (!hold) failing.push(s.total);
    else if (shown.values.has(s.total) && s.parts.every((p) => shown.values.has(p))) shown.sum(s.total, s.parts);
  }
  return { shown, recovered: recoverSuppressed(shown), failing };
}

for (const engine of testEngines()) {
  describe(`versiones públicas y reservadas on ${engine}`, () => {
    let t: TestDatabase;
    const sources = new Map<Report, Product>();
    const publics = new Map<Report, Product>();
    const restricted = new Map<Report, Product>();

    beforeAll(async () => {
      t = await createTestDatabase(engine);
      await seedReference(t.db, STATE);
      await ensureReportCatalog(t.db);
      const centers = await loadDemoCenters(t.db, STATE);
      await loadDemo(t.db, { stateCode: STATE, timeZone: TZ, months: 13, scale: 0.02, seed: 5, endMonth: MONTH, centers });
      const csv = [
        'centro,folio,canal,recibido,cnie_version,cnie_codigo,municipio,latitud,longitud,telefono_llamante,nombre_llamante,domicilio,notas,telefono_reportado,modalidad_extorsion',
        ...PLANTED.map((p) => `OAX,${p.folio},${p.canal},2026-03-14T21:30:00,3,${p.code},20067,${p.lat},${p.lng},"${p.phone}","${p.name}","${p.address}","${p.notes}",,`),
        `OAX,${PLANTED_TIP.folio},089,2026-03-15T10:00:00,3,30406,20067,,,,,,,"${PLANTED_TIP.reported}","${PLANTED_TIP.modality}"`,
      ].join('\n');
      const imported = await importIncidents(t.db, {
        input: Readable.from([Buffer.from(csv)]),
        fileName: 'recognisable.csv',
        format: 'csv',
        profile: findProfile('atalaya', t.dataDir),
        stateCode: STATE,
        timeZone: TZ,
        actor: 'test',
        now: new Date('2026-06-01T00:00:00Z'),
      });
      expect(imported.rejected).toBe(0);
      for (const [slug, members] of [['zona-metropolitana', METRO], ['avgm', AVGM]] as const) {
        const group = await t.db.selectFrom('municipality_groups').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
        await t.db.insertInto('municipality_group_members').values(members.map((m) => ({ group_id: group.id, municipality_code: m }))).execute();
      }
      const sesnsp = latin1File(MUNICIPAL_HEADER, METRO.flatMap((m, i) => [2025, 2026].map((y) => `${y},20,Oaxaca,${m},Municipio ${m},El patrimonio,Robo,Robo a negocio,Sin violencia,${y === 2025 ? months(...Array(12).fill(i + 1)) : months(2, 1, 4)}`)));
      await importSesnsp(t.db, { input: streamOf(sesnsp), fileName: 'IDM_NM_mar26.csv', stateCode: STATE, timeZone: TZ, actor: 'test', now: new Date('2026-06-15T12:00:00Z') });

      for (const type of REPORTS) {
        const source = await generateProduct(t.db, config, { type, period: MONTH, userId: null, actor: CLI_ACTOR });
        sources.set(type, source);
        publics.set(type, (await getProduct(t.db, await prepareForRelease(t.db, source.id, { audience: 'public', config })))!);
        restricted.set(type, (await getProduct(t.db, await prepareForRelease(t.db, source.id, { audience: 'restricted', agencyId: 7, config })))!);
      }
    });
    afterAll(async () => t?.destroy());

    it('stores each release as an immutable product of its own that names its source, classified by its audience', async () => {
      for (const type of REPORTS) {
        const source = sources.get(type)!;
        for (const [audience, p] of [['public', publics.get(type)!], ['restricted', restricted.get(type)!]] as const) {
          expect(p.derived_from_id).toBe(source.id);
          expect(p.classification).toBe(audience);
          expect(p.files.map((f) => f.format)).toEqual(source.files.map((f) => f.format));
          for (const f of p.files) expect(f.sha256).not.toBe(sha(source, f.format));
        }
      }
      await expect(t.db.updateTable('products').set({ classification: 'internal' }).where('id', '=', publics.get('fese')!.id).execute()).rejects.toThrow(/inmutables/);
      await expect(t.db.deleteFrom('product_releases').execute()).rejects.toThrow(/no se modifican/);
    });

    it('shows no figure under the threshold', async () => {
      const small = (r: Reading) => [...r.figures].filter(([, v]) => typeof v === 'number' && v > 0 && v < MIN);
      const fese = readFese(await jsonOf(t, publics.get('fese')!));
      const extortion = readExtortion(await jsonOf(t, publics.get('extorsion-089')!));
      const metro = readMetro(await jsonOf(t, publics.get('incidencia-conurbados')!));
      for (const r of [fese, extortion, metro]) {
        expect([...r.figures.values()].filter((v) => v === '*').length).toBeGreaterThan(0);
        expect(small(r)).toEqual([]);
      }
      // The internal products do have them: the check can fail.
      expect(small(readFese(await jsonOf(t, sources.get('fese')!))).length).toBeGreaterThan(0);
      // Maps: every published hexagon holds at least the minimum.
      for (const type of ['mapa-calor-avgm', 'mapa-calor-policia'] as const) {
        const geo = await jsonOf(t, publics.get(type)!, 'geojson');
        for (const feature of geo.features) {
          const n = feature.properties.n ?? feature.properties.incidentes;
          expect(n).toBeGreaterThanOrEqual(MIN);
          expect(feature.properties.incidentes_vecindad ?? '*').toBe('*');
          expect(feature.geometry.type).toBe('Polygon');
        }
        expect(JSON.stringify(geo)).not.toMatch(/"(lat|lng|latitude|longitude)"/);
      }
    });

    it('lets no suppressed figure be recomputed from the totals shown, across rows, columns and shared margins', async () => {
      const police = policeHeatmapData();
      const pairs: [string, Reading, Reading][] = [
        ['fese', readFese(await jsonOf(t, sources.get('fese')!)), readFese(await jsonOf(t, publics.get('fese')!))],
        ['fese reservado', readFese(await jsonOf(t, sources.get('fese')!)), readFese(await jsonOf(t, restricted.get('fese')!))],
        ['extorsión', readExtortion(await jsonOf(t, sources.get('extorsion-089')!)), readExtortion(await jsonOf(t, publics.get('extorsion-089')!))],
        ['conurbados', readMetro(await jsonOf(t, sources.get('incidencia-conurbados')!)), readMetro(await jsonOf(t, publics.get('incidencia-conurbados')!))],
        ['policía', readPolice(await police.internal), readPolice(await police.released)],
      ];
      for (const [name, internal, released] of pairs) {
        const { shown, recovered, failing } = attack(internal, released);
        // Every sum the reader is credited with holds on the figures: a wrong reading would prove nothing.
        expect(failing, name).toEqual([]);
        expect(shown.sums.length, name).toBeGreaterThan(0);
        expect(shown.inconsistent(), name).toEqual([]);
        expect([...recovered.keys()], name).toEqual([]);
      }
      // The attacker is not blind: with the complementary cells of the FESE published again, small figures come back.
      const internal = readFese(await jsonOf(t, sources.get('fese')!));
      const released = readFese(await jsonOf(t, publics.get('fese')!));
      const naive = { sums: released.sums, figures: new Map([...internal.figures].map(([id, v]) => [id, typeof v === 'number' && v > 0 && v < MIN ? ('*' as const) : v])) };
      const { recovered } = attack(internal, naive);
      expect(recovered.size).toBeGreaterThan(0);
      for (const [id, v] of recovered) expect(internal.figures.get(id)).toBe(v);
    });

    /** The police map's figures as computed and as released (its files hold no JSON of them). */
    function policeHeatmapData() {
      const compute = async () => {
        const generator = (await generatorNamed('heatmap_police'))!;
        return generator.compute({ db: t.db, config, period: parsePeriod(MONTH), params: generator.params.parse({}), cnieVersion: '3' }) as Promise<PoliceHeatmapData<'*'>>;
      };
      const internal = compute();
      const released = internal.then(async (d) => ((await generatorNamed('heatmap_police'))!.disclose!(d, disclosureRules({ audience: 'public' })).data as PoliceHeatmapData<'*'>));
      return { internal, released };
    }

    it('lists the redactions with their legal basis in the metadata and in every file', async () => {
      for (const type of REPORTS) {
        for (const p of [publics.get(type)!, restricted.get(type)!]) {
          const release = (await releaseOfProduct(t.db, p.id))!;
          const mark = p === publics.get(type) ? 'Versión pública' : 'Reservado';
          expect(release.sourceProductId).toBe(sources.get(type)!.id);
          expect(release.disclosure.mark).toBe(mark);
          expect(release.disclosure.redactions.length).toBeGreaterThan(0);
          for (const r of release.disclosure.redactions) {
            expect(r.what && r.where && r.why).toBeTruthy();
            expect(r.legalBasis.length).toBeGreaterThan(0);
          }
          const cited = release.disclosure.legalBasis.map((b) => b.short);
          expect(cited).toEqual(expect.arrayContaining(['LGTAIP, art. 116', 'LGPDPPSO, art. 3, fr. IX']));
          if (mark === 'Versión pública') expect(cited).toContain('LGTAIP, art. 111');
          // No list says which suppressed figures were the small ones.
          expect(JSON.stringify(release.disclosure)).not.toMatch(/primari|complementaria de|secundari/i);
          for (const f of await filesOf(t, p)) {
            if (f.format === 'png') continue;
            const text = fileText(f.format, f.content).replace(/\s+/g, ' ');
            for (const expected of [mark, /json/.test(f.format) ? 'fundamento_legal' : 'Fundamento legal', 'LGPDPPSO, art. 3, fr. IX', /json/.test(f.format) ? `"producto_de_origen": ${sources.get(type)!.id}` : `producto ${sources.get(type)!.id}`]) {
              expect(text.includes(expected), `${f.fileName}: ${expected}`).toBe(true);
            }
          }
          for (const format of ['json', 'geojson']) {
            if (!p.files.some((f) => f.format === format)) continue;
            const json = await jsonOf(t, p, format);
            const notes = json.divulgacion ?? json.metadata.divulgacion;
            expect(notes.redacciones).toHaveLength(release.disclosure.redactions.length);
          }
          if (p.files.some((f) => f.format === 'xlsx')) {
            const wb = new ExcelJS.Workbook();
            await wb.xlsx.load(Buffer.from((await getProductFile(t.db, p.id, 'xlsx'))!.content) as unknown as ArrayBuffer);
            const sheet = wb.getWorksheet(mark)!;
            expect(sheet.rowCount).toBeGreaterThan(release.disclosure.redactions.length);
          }
        }
      }
    });

    it('prepares a request once and gives the same bytes every time', async () => {
      for (const type of REPORTS) {
        const source = sources.get(type)!;
        const again = await prepareRelease(t.db, source.id, { audience: 'public', config });
        expect(again).toEqual({ productId: publics.get(type)!.id, reused: true });
        // Another agency's restricted version is prepared anew, from scratch, into the same bytes.
        const other = (await getProduct(t.db, await prepareForRelease(t.db, source.id, { audience: 'restricted', agencyId: 8, config })))!;
        expect(other.id).not.toBe(restricted.get(type)!.id);
        for (const f of other.files) expect(f.sha256, `${type} ${f.format}`).toBe(sha(restricted.get(type)!, f.format));
      }
    });

    it('carries no phone number, name, address or note of the incidents in any released file', async () => {
      const needles = await incidentNeedles(t.db);
      expect(needles.names).toEqual(expect.arrayContaining(PLANTED.map((p) => p.name)));
      expect(needles.phones).toEqual(expect.arrayContaining(['9515550199', '9515550142', '5548217730']));
      expect(needles.phones.length).toBeGreaterThan(500);
      const files = [];
      for (const type of REPORTS) for (const p of [publics.get(type)!, restricted.get(type)!]) files.push(...(await filesOf(t, p)));
      expect(files.length).toBeGreaterThan(30);
      expect(scanFiles(files, needles)).toEqual([]);
      // The extortion tip's free-text modality, with a name and a number in it, reaches the internal product only.
      const internal = await filesOf(t, sources.get('extorsion-089')!);
      expect(scanFiles(internal, needles).map((f) => f.kind)).toEqual(expect.arrayContaining(['phones']));
    });

    it('refuses an internal product, a superseded one, phones in a public version, and a product whose data changed', async () => {
      const fese = sources.get('fese')!;
      await recordClassificationChange(t.db, { productId: sources.get('mapa-calor-policia')!.id, from: 'restricted', to: 'internal', reason: 'Uso exclusivo del área de análisis.', changedBy: null });
      await expect(prepareForRelease(t.db, sources.get('mapa-calor-policia')!.id, { audience: 'public', config })).rejects.toMatchObject({
        code: 'producto_de_uso_interno',
        message: expect.stringContaining('uso interno y no puede salir del centro'),
      });
      await expect(prepareForRelease(t.db, fese.id, { audience: 'public', allowPhones: true, config })).rejects.toMatchObject({ code: 'telefonos_en_version_publica' });
      await expect(prepareForRelease(t.db, fese.id, { audience: 'restricted', agencyId: 7, allowPhones: true, config })).rejects.toMatchObject({ code: 'telefonos_no_requeridos' });
      await expect(prepareForRelease(t.db, publics.get('fese')!.id, { audience: 'public', config })).rejects.toMatchObject({ code: 'ya_es_version_divulgable' });
      // One more call in the month: the figures are no longer the product's.
      const csv = ['centro,folio,canal,recibido,cnie_version,cnie_codigo,municipio', 'OAX,DIV-9,911,2026-03-20T10:00:00,3,31101,20067'].join('\n');
      await importIncidents(t.db, { input: Readable.from([Buffer.from(csv)]), fileName: 'late.csv', format: 'csv', profile: findProfile('atalaya', t.dataDir), stateCode: STATE, timeZone: TZ, actor: 'test', now: new Date('2026-06-01T00:00:00Z') });
      await expect(prepareForRelease(t.db, fese.id, { audience: 'restricted', agencyId: 9, config })).rejects.toMatchObject({ code: 'datos_cambiaron', message: expect.stringContaining('genere una nueva versión') });
      // The correction is a new version; the old one can no longer be released.
      const corrected = await generateProduct(t.db, config, { type: 'fese', period: MONTH, userId: null, actor: CLI_ACTOR });
      await expect(prepareForRelease(t.db, fese.id, { audience: 'public', config })).rejects.toMatchObject({ code: 'producto_reemplazado' });
      const fresh = await prepareRelease(t.db, corrected.id, { audience: 'public', config });
      expect(fresh.reused).toBe(false);
      const p = (await getProduct(t.db, fresh.productId))!;
      expect(p.version).toBe(2);
      expect(p.replaces_id).toBe(publics.get('fese')!.id);
    });
  });
}
