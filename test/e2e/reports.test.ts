// End to end in Debian's Chromium: the director of the emergency center opens Reportes, sees the reports of
// directive 1.2.8 with those not built marked as not available, generates the State Police heat map for the last
// closed month as a background job, follows it until it is ready and downloads its files; generates the FESE and
// checks the figures of its XLSX against the raw incidents. Products list, schedule panel and the notifications
// indicator are checked on the way.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Download, Page } from 'playwright-core';
import { SHOTS, startBrowser, logIn } from '../support/browser.ts';
import ExcelJS from 'exceljs';
import { startTestServer, type TestServer } from '../support/server.ts';
import { generatorNamed } from '../../src/reports/generators.ts';
import { reportCatalog } from '../../src/reports/catalog.ts';

const nextMonth = (m: string) => {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
};
const catalog = reportCatalog().reportTypes;
const POLICE = catalog.find((t) => t.code === 'mapa-calor-policia')!;
const FESE = catalog.find((t) => t.code === 'fese')!;
const built = new Set<string>();
for (const t of catalog) if (await generatorNamed(t.generator)) built.add(t.code);

describe('reports end to end', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let password: string;

  beforeAll(async () => {
    browser = await startBrowser();
    server = await startTestServer({ seedDemo: true });
    password = await server.createUser('directora.cee', 'CEE', ['area_director'], 'Directora del CEE');
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'es-MX', timezoneId: 'UTC', acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await logIn(page, server.url, 'directora.cee', password);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function download(linkName: string, scope = page.getByTestId('generation-progress')): Promise<{ download: Download; bytes: Buffer }> {
    const [d] = await Promise.all([page.waitForEvent('download'), scope.getByRole('link', { name: linkName, exact: true }).click()]);
    const path = await d.path();
    return { download: d, bytes: readFileSync(path) };
  }

  async function generate(type: { name: string }) {
    await page.getByRole('button', { name: `Generar: ${type.name}` }).click();
    const panel = page.getByTestId('generate-panel');
    await panel.getByRole('button', { name: 'Generar reporte' }).click();
    await page.getByTestId('generation-progress').getByText('El reporte está listo.').waitFor({ timeout: 90_000 });
  }

  it('shows the catalog of directive 1.2.8 with the reports not yet built marked', async () => {
    const nav = page.getByRole('navigation', { name: 'Navegación principal' });
    await nav.getByRole('link', { name: 'Catálogo y generación' }).click();
    await page.getByRole('heading', { name: 'Reportes analíticos' }).waitFor();
    const rows = page.getByTestId('report-catalog').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(catalog.length);
    expect(await page.getByTestId('report-type-audios-911').textContent()).toContain('Aún no disponible en Atalaya');
    for (const code of ['mapa-pmi', 'mapa-repuve', 'plataforma-mexico', 'numeros-maliciosos', 'numeros-extorsion-cni']) {
      expect(await page.getByTestId(`report-type-${code}`).textContent()).toContain('Disponible');
    }
    const notAvailable = await page.getByTestId('report-catalog').getByText('Aún no disponible en Atalaya').count();
    expect(notAvailable).toBe(catalog.length - built.size);
    // The cyber unit's statistics are built but only for the unit and the Director General: no button here.
    const cyber = page.getByTestId('report-type-ciberincidentes-cni');
    expect(await cyber.textContent()).toContain('Disponible');
    expect(await cyber.getByRole('button').count()).toBe(0);
    const police = await page.getByTestId('report-type-mapa-calor-policia').textContent();
    expect(police).toContain('Disponible');
    expect(police).toContain('Policía Estatal; Policía Vial');
    expect(police).toContain('mensual');
    expect(police).toContain('PDF, PNG, SVG, GEOJSON, KML');
    await page.screenshot({ path: `${SHOTS}/reports-01-catalog.png`, fullPage: true });
  });

  it('generates the State Police heat map in the background and offers its files', async () => {
    await generate(POLICE);
    const progress = page.getByTestId('generation-progress');
    expect(await progress.textContent()).toMatch(/Versión 1/);
    const { download: d, bytes } = await download('GeoJSON');
    expect(d.suggestedFilename()).toMatch(/^mapa-calor-policia_\d{4}-\d{2}_v1\.geojson$/);
    const geo = JSON.parse(bytes.toString('utf8')) as { type: string };
    expect(geo.type).toBe('FeatureCollection');
    const pdf = await download('PDF');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.screenshot({ path: `${SHOTS}/reports-02-generated.png`, fullPage: true });

    // The notification reached the header.
    await expect.poll(() => page.getByTestId('notifications-unread').textContent(), { timeout: 40_000 }).toBe('1');
    await page.getByTestId('notifications-button').click();
    expect(await page.getByTestId('notifications-list').textContent()).toContain('está listo (versión 1)');
    await page.getByTestId('notifications-list').getByRole('button', { name: 'Marcar como leído' }).click();
    await expect.poll(() => page.getByTestId('notifications-unread').count()).toBe(0);
    await page.getByTestId('notifications-button').click();
  });

  it('generates the FESE for a month, whose XLSX figures add up and equal a count over the raw incidents', async () => {
    await page.getByTestId('generation-progress').getByRole('button', { name: 'Cerrar' }).click();
    await generate(FESE);
    const { download: d, bytes } = await download('XLSX');
    const month = /^fese_(\d{4}-\d{2})_v1\.xlsx$/.exec(d.suggestedFilename())![1]!;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    // Each call-center sheet and the consolidated one: the incidents by CNIE code, their totals row last.
    const calls = (name: string) => {
      const ws = wb.getWorksheet(name)!;
      const counts: number[] = [];
      let inTable = false;
      let total: number | undefined;
      ws.eachRow((row) => {
        if (total !== undefined) return; // the blocks below the table (by kind, channel, municipality, times)
        if (row.getCell(1).value === 'Código' && row.getCell(5).value === 'Llamadas') inTable = true;
        else if (inTable && row.getCell(1).value === 'Total') total = row.getCell(5).value as number;
        else if (inTable) counts.push(row.getCell(5).value as number);
      });
      return { sum: counts.reduce((a, b) => a + b, 0), total: total! };
    };
    const consolidated = calls('Consolidado');
    const raw = await server.database.db
      .selectFrom('incidents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('local_date', '>=', `${month}-01`)
      .where('local_date', '<', nextMonth(month))
      .executeTakeFirstOrThrow();
    expect(consolidated.total).toBeGreaterThan(0);
    expect(consolidated.sum).toBe(consolidated.total);
    expect(consolidated.total).toBe(Number(raw.n));
    // A sheet per call center, which its title names in full.
    const centerNames = (await server.database.db.selectFrom('call_centers').select('name').execute()).map((c) => c.name);
    const centers = wb.worksheets.map((w) => w.name).filter((n) => centerNames.some((c) => String(wb.getWorksheet(n)!.getCell(2, 1).value).startsWith(`${c}:`)));
    expect(centers).toContain('CALLE Oaxaca');
    expect(centers).toHaveLength(centerNames.length);
    expect(centers.reduce((a, n) => a + calls(n).total, 0)).toBe(consolidated.total);
    await page.screenshot({ path: `${SHOTS}/reports-03-fese.png`, fullPage: true });
  });

  it('lists the products with version, period and shortened SHA-256, and a regeneration is version 2', async () => {
    const nav = page.getByRole('navigation', { name: 'Navegación principal' });
    await nav.getByRole('link', { name: 'Catálogo y generación' }).click();
    await generate(POLICE);
    expect(await page.getByTestId('generation-progress').textContent()).toMatch(/Versión 2/);
    await nav.getByRole('link', { name: 'Productos generados' }).click();
    const table = page.getByTestId('products-table');
    await table.waitFor();
    const text = (await table.textContent()) ?? '';
    expect(text).toMatch(/reemplaza al producto \d+/);
    expect(text).toMatch(/geojson [0-9a-f]{12}…/);
    expect(text).toContain('Directora del CEE');
    await page.screenshot({ path: `${SHOTS}/reports-04-products.png`, fullPage: true });
  });

  it('shows the state of the scheduled generation of each periodic report', async () => {
    await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Programación' }).click();
    const table = page.getByTestId('schedule-table');
    await table.waitFor();
    const police = (await page.getByTestId('schedule-mapa-calor-policia').textContent()) ?? '';
    expect(police).toMatch(/al día|pendiente|atrasado|fallido/);
    // Every periodic report of the catalog is built: the monthly lists of numbers for the CNI were the last.
    expect(await page.getByTestId('schedule-numeros-maliciosos').textContent()).toMatch(/al día|pendiente|atrasado|fallido/);
    expect(await table.textContent()).not.toContain('Aún no disponible en Atalaya');
    await page.screenshot({ path: `${SHOTS}/reports-05-schedule.png`, fullPage: true });
  });
});
