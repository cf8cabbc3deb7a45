// End to end in Debian's Chromium: a video-surveillance analyst opens the camera-site map, filters it by status,
// opens a site by clicking its dot, marks it as failing and sees its dot turn to the failing colour, then generates
// the map of directive 1.2.8 and downloads its KML, where the site appears with its new status.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { SHOTS, startBrowser, logIn } from '../support/browser.ts';
import { defaultEndMonth } from '../../src/incidents/demo.ts';
import { seedSitesDemo } from '../../src/registries/sites/index.ts';

type MapWindow = { atalayaSitesMap?: import('maplibre-gl').Map };

describe('camera-site map end to end', () => {
  let server: TestServer;
  let browser: Browser;
  let password: string;

  beforeAll(async () => {
    browser = await startBrowser();
    server = await startTestServer({ seedDemo: true });
    const { config } = server;
    await seedSitesDemo(server.database.db, { stateCode: config.stateCode, timeZone: config.timeZone, endMonth: defaultEndMonth(new Date(), config.timeZone) });
    password = await server.createUser('analista.vv', 'VV', ['analyst'], 'Analista de Videovigilancia');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('filters by status, edits a site from the map, recolours its dot and downloads the KML', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1100 }, locale: 'es-MX', timezoneId: 'America/Mexico_City', acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await logIn(page, server.url, 'analista.vv', password);
    await page.getByRole('link', { name: 'Mapa de PMI' }).click();
    await page.getByRole('heading', { name: 'Puntos de Monitoreo Inteligente (PMI)' }).waitFor();

    // The map draws the sites of the default filter (every status but retired) over the municipal boundaries.
    const featureCount = () =>
      page.evaluate(() => {
        const map = (window as unknown as MapWindow).atalayaSitesMap;
        const source = map?.getSource('sitios') as unknown as { _data?: { geojson?: { features: unknown[] }; features?: unknown[] } } | undefined;
        return source ? ((source._data?.geojson?.features ?? source._data?.features ?? []) as unknown[]).length : -1;
      });
    await page.locator('[data-testid="sites-map"] canvas').waitFor();
    await expect.poll(featureCount).toBeGreaterThan(50);
    expect(await page.evaluate(() => Boolean((window as unknown as MapWindow).atalayaSitesMap?.getLayer('municipios-borde')))).toBe(true);
    const rows = page.locator('[data-testid="sites-table"] tbody tr');
    const all = await rows.count();
    expect(await featureCount()).toBe(all);
    await page.waitForFunction(() => {
      const map = (window as unknown as MapWindow).atalayaSitesMap!;
      return map.loaded() && map.queryRenderedFeatures({ layers: ['municipios-borde', 'sitios-puntos'] }).length > 100;
    });
    await page.screenshot({ path: join(SHOTS, 'sites-map.png') });

    // Filter: without the operating sites only failing and in-maintenance ones remain, on the map and in the list.
    const operating = page.getByTestId('status-filter').getByRole('checkbox', { name: /En operación/ });
    await operating.uncheck();
    await expect.poll(featureCount).toBeLessThan(all);
    const others = await rows.count();
    expect(await featureCount()).toBe(others);
    const statusTexts = await page.locator('[data-testid="sites-table"] tbody tr td:nth-child(4)').allTextContents();
    expect(statusTexts.every((t) => /Con falla|En mantenimiento/.test(t))).toBe(true);
    await operating.check();
    await expect.poll(featureCount).toBe(all);

    // Open an operating site by clicking its dot: zoom onto it first so that no other dot is under the pointer.
    const site = await page.evaluate(async () => {
      const r = await fetch('/api/sites/pmi');
      const { sites } = (await r.json()) as { sites: { id: number; code: string; status: string; latitude: number; longitude: number }[] };
      return sites.find((x) => x.status === 'operando' && x.code.startsWith('PMI-OAX'))!;
    });
    await page.evaluate(([lng, lat]) => (window as unknown as MapWindow).atalayaSitesMap!.jumpTo({ center: [lng!, lat!], zoom: 17 }), [site.longitude, site.latitude]);
    await page.waitForFunction(() => {
      const map = (window as unknown as MapWindow).atalayaSitesMap!;
      return map.loaded() && !map.isMoving() && map.queryRenderedFeatures(map.project(map.getCenter()), { layers: ['sitios-puntos'] }).length > 0;
    });
    const box = (await page.locator('[data-testid="sites-map"] canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const detail = page.getByTestId('site-detail');
    await detail.getByRole('heading', { name: `Sitio ${site.code}` }).waitFor();
    await expect.poll(() => detail.getByTestId('site-status').textContent()).toContain('En operación');
    // Zoomed in, the codes are drawn beside the dots.
    await expect.poll(() => page.locator('.show-labels .site-label', { hasText: site.code }).isVisible()).toBe(true);

    // Edit its status: the colour of its dot changes to the failing colour of the legend.
    const colourAtCentre = () =>
      page.evaluate(() => {
        const map = (window as unknown as MapWindow).atalayaSitesMap!;
        const [f] = map.queryRenderedFeatures(map.project(map.getCenter()), { layers: ['sitios-puntos'] });
        return f ? { code: f.properties.code as string, color: f.properties.color as string } : null;
      });
    expect(await colourAtCentre()).toEqual({ code: site.code, color: '#1e7a45' });
    await detail.getByRole('button', { name: 'Editar' }).click();
    await detail.getByTestId('site-status-select').selectOption('falla');
    await detail.getByRole('button', { name: 'Guardar cambios' }).click();
    await detail.getByText('Cambios guardados; quedaron en la bitácora.').waitFor();
    await expect.poll(() => detail.getByTestId('site-status').textContent()).toContain('Con falla');
    await expect.poll(colourAtCentre).toEqual({ code: site.code, color: '#c62828' });
    await expect.poll(() => detail.getByTestId('site-history').locator('li').first().textContent()).toMatch(/^\s*Con falla desde el .*\(edición, analista\.vv\)/);
    await expect.poll(() => page.getByTestId(`site-row-${site.code}`).textContent()).toContain('Con falla');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, 'sites-map-edited.png') });

    // The map of directive 1.2.8, generated as a product: its KML shows the site as failing.
    const products = page.getByTestId('map-products');
    await products.getByRole('button', { name: 'Generar mapa (PDF y KML)' }).click();
    const kmlLink = products.getByRole('link', { name: 'KML', exact: true });
    await kmlLink.waitFor({ timeout: 90_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), kmlLink.click()]);
    expect(download.suggestedFilename()).toMatch(/^mapa-pmi_\d{4}-\d{2}.*\.kml$/);
    const kml = readFileSync((await download.path())!, 'utf8');
    expect(kml).toMatch(new RegExp(`<name>${site.code}</name>[\\s\\S]*?<styleUrl>#estatus-falla</styleUrl>`));
    expect(kml).toContain('<Folder>\n<name>Límites municipales (INEGI)</name>');
    expect(errors).toEqual([]);
    await context.close();
  });
});
