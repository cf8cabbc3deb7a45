// End to end in Debian's Chromium: an analyst opens the heat-map viewer, sees the map canvas with the heat layer
// fed by aggregated hexagons, moves the time-of-day slider and sees a new request and a new legend.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server.ts';
import { SHOTS, startBrowser, logIn } from '../support/browser.ts';


describe('heat-map viewer end to end', () => {
  let server: TestServer;
  let browser: Browser;
  let password: string;

  beforeAll(async () => {
    browser = await startBrowser();
    server = await startTestServer({ seedDemo: true });
    password = await server.createUser('analista.mapas', 'RVDI', ['analyst'], 'Analista de Mapas');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the heat layer from aggregated cells and refetches when the hour range moves', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'es-MX', timezoneId: 'UTC' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const cellRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/heatmap/cells')) cellRequests.push(r.url());
    });

    await logIn(page, server.url, 'analista.mapas', password);
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
