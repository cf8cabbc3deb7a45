// The HTTP side of classification and disclosure control, on every engine: only the director general changes a
// product's classification, with a reason that is recorded and audited; everyone else is refused in Spanish, and
// every role is checked against every route of the domain, allowed and refused; a versión pública is prepared
// once, listed with its redactions under its source, and kept out of the list of generated products.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.ts';
import { accessRoutes, SESSION_COOKIE } from '../../src/access/plugin.ts';
import { CLI_ACTOR, addUser } from '../../src/access/users.ts';
import { seedReference } from '../../src/reference/seed.ts';
import { loadDemo, loadDemoCenters } from '../../src/incidents/demo.ts';
import { loadConfig } from '../../src/config.ts';
import { ensureReportCatalog, generateProduct, reportRoutes, type Product } from '../../src/reports/index.ts';
import { disclosureRoutes } from '../../src/distribution/disclosure/index.ts';

const PASSWORD = 'clave-de-prueba-segura';
const config = loadConfig({ ATALAYA_STATE: '20' });

/** One user per role that could plausibly reach the routes, with the area it works in. */
const USERS: [string, string, string][] = [
  ['direccion.general', 'DG', 'director_general'],
  ['directora', 'CEE', 'area_director'],
  ['analista', 'CEE', 'analyst'],
  ['juridico', 'JUR', 'legal_reviewer'],
  ['comunicacion', 'COMSOC', 'communication'],
  ['admin', 'DG', 'admin'],
  ['auditor', 'JUR', 'auditor'],
  ['operador', 'CEE', 'operator'],
  ['externo', 'EXT', 'external'],
];

/** Who may do what on this domain's routes. */
const MAY = {
  read: new Set(['direccion.general', 'directora', 'analista', 'juridico', 'comunicacion']),
  classify: new Set(['direccion.general']),
  prepare: new Set(['direccion.general', 'directora', 'analista', 'comunicacion']),
};

interface Session {
  cookie: string;
  csrf: string;
}

for (const engine of testEngines()) {
  describe(`disclosure routes on ${engine}`, () => {
    let t: TestDatabase;
    let app: FastifyInstance;
    let fese: Product;
    let police: Product;
    const sessions = new Map<string, Session>();

    beforeAll(async () => {
      t = await createTestDatabase(engine);
      await seedReference(t.db, '20');
      await ensureReportCatalog(t.db);
      const centers = await loadDemoCenters(t.db, '20');
      await loadDemo(t.db, { stateCode: '20', timeZone: 'America/Mexico_City', months: 1, scale: 0.01, seed: 9, endMonth: '2026-03', centers });
      fese = await generateProduct(t.db, config, { type: 'fese', period: '2026-03', userId: null, actor: CLI_ACTOR });
      police = await generateProduct(t.db, config, { type: 'mapa-calor-policia', period: '2026-03', userId: null, actor: CLI_ACTOR });
      app = Fastify({ ajv: { customOptions: { coerceTypes: 'array', removeAdditional: true } } });
      await app.register(accessRoutes, { db: t.db, loginRateLimit: { limit: 100, windowMs: 60_000 } });
      await app.register(reportRoutes, { database: t, config, worker: false });
      await app.register(disclosureRoutes, { db: t.db, config });
      await app.ready();
      for (const [username, areaCode, role] of USERS) {
        await addUser(t.db, CLI_ACTOR, { username, displayName: `Persona ${username}`, areaCode, roles: [role], password: PASSWORD, mustChangePassword: false });
        const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
        expect(res.statusCode, res.body).toBe(200);
        sessions.set(username, { cookie: res.cookies.find((c) => c.name === SESSION_COOKIE)!.value, csrf: res.json().csrfToken });
      }
    });
    afterAll(async () => {
      await app?.close();
      await t?.destroy();
    });

    const call = (who: string | null, method: 'GET' | 'POST', url: string, payload?: object) => {
      const s = who ? sessions.get(who)! : null;
      return app.inject({ method, url, payload, cookies: s ? { [SESSION_COOKIE]: s.cookie } : {}, headers: s ? { 'x-csrf-token': s.csrf } : {} });
    };

    it('checks every role against every route of the domain, allowed and refused', async () => {
      for (const [who] of USERS) {
        const read = await call(who, 'GET', `/api/disclosure/products?ids=${fese.id}`);
        expect(read.statusCode, `${who} lee`).toBe(MAY.read.has(who) ? 200 : 403);
        const fields = await call(who, 'GET', '/api/disclosure/fields/fese');
        expect(fields.statusCode, `${who} campos`).toBe(MAY.read.has(who) ? 200 : 403);
        if (!MAY.classify.has(who)) {
          const res = await call(who, 'POST', `/api/products/${fese.id}/classification`, { classification: 'public', reason: 'Se publica en el portal de transparencia.' });
          expect(res.statusCode, `${who} clasifica`).toBe(403);
          expect(res.json()).toEqual({ code: 'sin_permiso', message: 'No tiene permiso para cambiar la clasificación de un producto (solo la Dirección General).' });
        }
        if (!MAY.prepare.has(who)) {
          const res = await call(who, 'POST', `/api/products/${fese.id}/releases`, { audience: 'public' });
          expect(res.statusCode, `${who} prepara`).toBe(403);
          expect(res.json().message).toBe('No tiene permiso para preparar productos y envíos.');
        }
      }
      for (const [method, url] of [['GET', `/api/disclosure/products?ids=${fese.id}`], ['POST', `/api/products/${fese.id}/classification`], ['POST', `/api/products/${fese.id}/releases`]] as const) {
        expect((await call(null, method, url, { classification: 'public', reason: 'x'.repeat(20), audience: 'public' })).statusCode).toBe(401);
      }
    });

    it('lets the director general change a classification with a recorded, audited reason', async () => {
      const noReason = await call('direccion.general', 'POST', `/api/products/${police.id}/classification`, { classification: 'internal', reason: 'corto' });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json()).toMatchObject({ code: 'motivo_requerido', message: expect.stringContaining('motivo') });
      const same = await call('direccion.general', 'POST', `/api/products/${police.id}/classification`, { classification: 'restricted', reason: 'Sigue siendo reservado.' });
      expect(same.json().code).toBe('clasificacion_sin_cambio');
      const ok = await call('direccion.general', 'POST', `/api/products/${police.id}/classification`, { classification: 'internal', reason: 'Contiene ubicaciones de operativos en curso.' });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toEqual({ id: police.id, classification: 'internal', classificationLabel: 'Uso interno', previous: 'restricted' });
      const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'distribution.product.classify').execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor: 'direccion.general', entity_id: String(police.id) });
      expect(audit[0]!.details).toMatchObject({ from: 'restricted', to: 'internal', reason: 'Contiene ubicaciones de operativos en curso.' });
      const overview = (await call('juridico', 'GET', `/api/disclosure/products?ids=${police.id}`)).json();
      expect(overview.products[0]).toMatchObject({ classification: 'internal', changes: [{ from: 'restricted', to: 'internal', reason: 'Contiene ubicaciones de operativos en curso.', changedByName: 'Persona direccion.general' }] });
      // An internal product cannot leave the center, and says why.
      const refused = await call('analista', 'POST', `/api/products/${police.id}/releases`, { audience: 'restricted', agencyId: 2 });
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'producto_de_uso_interno', message: expect.stringContaining('uso interno y no puede salir del centro') });
    });

    it('prepares a versión pública once, lists it under its source with its redactions, and keeps it out of the products list', async () => {
      const first = await call('analista', 'POST', `/api/products/${fese.id}/releases`, { audience: 'public' });
      expect(first.statusCode, first.body).toBe(201);
      const { productId } = first.json();
      const again = await call('comunicacion', 'POST', `/api/products/${fese.id}/releases`, { audience: 'public' });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual({ productId, reused: true });
      const overview = (await call('juridico', 'GET', `/api/disclosure/products?ids=${fese.id}`)).json().products[0];
      expect(overview.classification).toBe('restricted');
      expect(overview.releases).toHaveLength(1);
      const release = overview.releases[0];
      expect(release).toMatchObject({ productId, audience: 'public', mark: 'Versión pública', preparedByName: 'Persona analista', product: { id: productId, classification: 'public', derivedFromId: fese.id } });
      expect(release.redactions.length).toBeGreaterThan(0);
      expect(release.redactions[0]).toMatchObject({ action: 'suprimido', legalBasis: expect.arrayContaining(['lgtaip-116']) });
      expect(release.legalBasis.map((b: { short: string }) => b.short)).toContain('LGTAIP, art. 111');
      const listed = (await call('analista', 'GET', '/api/products?derived=exclude')).json().products.map((p: { id: number }) => p.id);
      expect(listed).toContain(fese.id);
      expect(listed).not.toContain(productId);
      const onlyReleases = (await call('analista', 'GET', '/api/products?derived=only')).json().products.map((p: { id: number }) => p.id);
      expect(onlyReleases).toEqual([productId]);
      // The classification of a released version is its preparation's.
      const fixed = await call('direccion.general', 'POST', `/api/products/${productId}/classification`, { classification: 'internal', reason: 'Intento de reclasificar la versión.' });
      expect(fixed.statusCode).toBe(409);
      expect(fixed.json().code).toBe('clasificacion_de_version_divulgable');
      const bad = await call('analista', 'POST', `/api/products/${fese.id}/releases`, { audience: 'todos' });
      expect(bad.statusCode).toBe(400);
      const missing = await call('analista', 'POST', '/api/products/999999/releases', { audience: 'public' });
      expect(missing.statusCode).toBe(404);
    });

    it('describes the fields a report can carry with their classification', async () => {
      const body = (await call('analista', 'GET', '/api/disclosure/fields/extorsion-089')).json();
      expect(body.defaultClassification).toBe('restricted');
      expect(body.fields.map((f: { id: string }) => f.id)).toContain('count.distinct_numbers');
      expect(body.fields.find((f: { id: string }) => f.id === 'incident.extortion_modality_text')).toMatchObject({ classification: 'personal', classificationLabel: 'Dato personal' });
      expect((await call('analista', 'GET', '/api/disclosure/fields/no-existe')).statusCode).toBe(404);
    });
  });
}
