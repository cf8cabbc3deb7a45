// End to end in Debian's Chromium: an analyst opens the heat-map viewer, sees the map canvas with the heat layer
// fed by aggregated hexagons, moves the time-of-day slider and sees a new request and a new legend.
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { accessErrorHandler, accessRoutes } from '../../src/access/plugin.ts';
import { heatmapRoutes } from '../../src/reports/heatmaps/routes.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = '/tmp/atalaya-e2e';
const CHROMIUM = '/usr/bin/chromium';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

async function ensureWebBuilt() {
  const index = join(ROOT, 'dist/web/index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(join(ROOT, 'web'))) return;
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'vite.config.ts'), root: join(ROOT, 'web'), logLevel: 'warn' });
}

describe('heat-map viewer end to end', () => {
  let server: TestServer;
  let browser: Browser;
  let password: string;
  /** Serves /api/heatmap/* while the main app does not register heatmapRoutes yet (same database and sessions). */
  let sidecar: FastifyInstance | undefined;
  let sidecarUrl = '';

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await ensureWebBuilt();
    server = await startTestServer({ seedDemo: true });
    password = await server.createUser('analista.mapas', 'RVDI', ['analyst'], 'Analista de Mapas');
    if (!server.app.hasRoute({ method: 'GET', url: '/api/heatmap/cells' })) {
      sidecar = Fastify();
      sidecar.setErrorHandler(accessErrorHandler);
      await sidecar.register(accessRoutes, { db: server.database.db });
      await sidecar.register(heatmapRoutes, { db: server.database.db, config: server.config });
      sidecarUrl = await sidecar.listen({ port: 0, host: '127.0.0.1' });
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', '--lang=es-MX', '--disable-gpu', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--no-first-run', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await sidecar?.close();
    await server?.close();
  });

  it('shows the heat layer from aggregated cells and refetches when the hour range moves', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'es-MX', timezoneId: 'UTC' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    if (sidecar) {
      await page.route('**/api/heatmap/**', async (route) => {
        const url = new URL(route.request().url());
        const response = await route.fetch({ url: `${sidecarUrl}${url.pathname}${url.search}` });
        await route.fulfill({ response });
      });
    }
    const cellRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/heatmap/cells')) cellRequests.push(r.url());
    });

    await page.goto(server.url);
    await page.getByLabel('Usuario').fill('analista.mapas');
    await page.getByLabel('Contraseña').fill(password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('link', { name: 'Mapa de calor' }).click();
    await page.getByRole('heading', { name: 'Mapa de calor' }).waitFor();

    // The legend reports the incidents of the default set, and the note says the data are aggregated cells.
    const total = page.getByTestId('heatmap-total');
    await total.waitFor();
    const before = await total.textContent();
    expect(Number(before!.replace(/\D/g, ''))).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('heatmap-note').textContent()).toMatch(/agregados por hexágono H3/);

    // The canvas is drawn and the heat layer holds hexagon centres weighted by their counts.
    await page.locator('[data-testid="heatmap"] canvas').waitFor();
    const layer = await page.waitForFunction(() => {
      const map = (window as unknown as { atalayaHeatmap?: import('maplibre-gl').Map }).atalayaHeatmap;
      if (!map || !map.getLayer('calor') || !map.loaded()) return null;
      const data = (map.getSource('celdas') as unknown as { _data?: { geojson?: { features: unknown[] }; features?: unknown[] } })._data;
      const features = (data?.geojson?.features ?? data?.features ?? []) as { properties: { n: number } }[];
      const canvas = map.getCanvas();
      return features.length > 0 ? { features: features.length, n: features.reduce((s, f) => s + f.properties.n, 0), w: canvas.width, h: canvas.height } : null;
    });
    const info = (await layer.jsonValue())!;
    expect(info.features).toBeGreaterThan(0);
    expect(info.w).toBeGreaterThan(300);
    expect(String(info.n)).toBe(before!.replace(/\D/g, ''));
    const first = cellRequests.at(-1)!;
    expect(first).toContain('hourFrom=0');
    expect(first).toContain('hourTo=23');
    await page.screenshot({ path: join(SHOTS, 'heatmap-all-day.png') });

    // Night hours only: move the "to" slider down with the keyboard.
    const slider = page.getByLabel('Hasta la hora');
    await slider.focus();
    for (let i = 0; i < 17; i++) await slider.press('ArrowLeft');
    await expect.poll(() => page.getByTestId('heatmap-hours').textContent()).toBe('00:00–06:59');
    await expect.poll(() => cellRequests.some((u) => u.includes('hourTo=6'))).toBe(true);
    await expect.poll(() => page.getByTestId('heatmap-range').textContent()).toContain('00:00–06:59');
    const after = await total.textContent();
    expect(Number(after!.replace(/\D/g, ''))).toBeLessThan(Number(before!.replace(/\D/g, '')));
    await page.screenshot({ path: join(SHOTS, 'heatmap-night.png') });
    expect(errors).toEqual([]);
    await context.close();
  });
});
