// `atalaya report TYPE --period … --format … --out FILE` generates a new version of a report and writes one of its
// files; `atalaya report list` shows the catalog with what is built and the last product of each type.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { openRuntime } from '../runtime.ts';
import { loadConfig } from '../config.ts';
import { CLI_ACTOR } from '../access/users.ts';
import { PERIODICITY_LABELS, listReportTypes } from '../reports/catalog.ts';
import { ReportError, generateProduct, prepareGeneration } from '../reports/generate.ts';
import { generatorNamed } from '../reports/generators.ts';
import { getProductFile, latestProducts } from '../reports/products.ts';
import type { CnieVersion, ReportFormat } from '../reports/types.ts';
import { userFacing } from './errors.ts';

const FORMATS = ['xlsx', 'pdf', 'csv', 'json', 'png', 'svg', 'geojson', 'kml'];

interface ReportOptions {
  period?: string;
  center?: string;
  group?: string;
  channel?: string;
  cnieVersion?: string;
  format?: string;
  out?: string;
}

export function registerReportCommand(program: Command) {
  program
    .command('report')
    .description('Genera un reporte de la directiva 1.2.8 (nueva versión del producto) y escribe uno de sus archivos; «report list» muestra el catálogo')
    .argument('<tipo>', 'clave del tipo de reporte (p. ej. fese), o «list»')
    .option('--period <periodo>', 'periodo: 2026-03 (mes), 2026-Q1 (trimestre), 2026-H1 (semestre) o 2026 (año)')
    .option('--center <clave>', 'centro de atención (CALLE), si el reporte lo admite')
    .option('--group <clave>', 'grupo de municipios, si el reporte lo admite')
    .option('--channel <medio>', 'medio de entrada (911, 089, app…), si el reporte lo admite')
    .option('--cnie-version <versión>', 'catálogo CNIE: 3 (vigente) o 2 (2.0)', '3')
    .option('--format <formato>', `formato del archivo a escribir: ${FORMATS.join(', ')}`)
    .option('--out <archivo>', 'archivo de salida')
    .action(async (type: string, o: ReportOptions) => {
      if (type === 'list') return reportList();
      if (!o.period) throw userFacing('Indique el periodo con --period (p. ej. 2026-03, 2026-Q1, 2026-H1 o 2026).');
      if (!o.format || !FORMATS.includes(o.format)) throw userFacing(`Indique el formato con --format: ${FORMATS.join(', ')}.`);
      if (!o.out) throw userFacing('Indique el archivo de salida con --out.');
      const cnie = o.cnieVersion === '2.0' ? '2' : o.cnieVersion;
      if (cnie !== '2' && cnie !== '3') throw userFacing('--cnie-version debe ser 3 o 2.');
      const params: Record<string, unknown> = {};
      if (o.center) params.center = o.center;
      if (o.group) params.group = o.group;
      if (o.channel) params.channel = o.channel;
      const config = loadConfig();
      const { database } = await openRuntime(config);
      try {
        const request = { type, period: o.period, params, cnieVersion: cnie as CnieVersion };
        const prep = await prepareGeneration(database.db, request);
        if (!prep.formats.includes(o.format as ReportFormat)) {
          throw userFacing(`El reporte «${type}» no se entrega en ${o.format}; formatos: ${prep.formats.join(', ')}.`);
        }
        const started = Date.now();
        const product = await generateProduct(database.db, config, { ...request, userId: null, actor: CLI_ACTOR });
        const file = (await getProductFile(database.db, product.id, o.format))!;
        writeFileSync(o.out, file.content);
        console.log(`Producto ${product.id} · ${product.report_type} ${product.period_key} · versión ${product.version}` +
          (product.replaces_id ? ` (reemplaza al producto ${product.replaces_id})` : '') + ` · ${Date.now() - started} ms`);
        for (const f of product.files) console.log(`  ${f.format.padEnd(7)} ${f.sha256}  ${f.size} bytes  ${f.file_name}`);
        console.log(`Escrito ${o.out} (${file.format}, sha256 ${file.sha256})`);
      } catch (err) {
        if (err instanceof ReportError) throw userFacing(err.message);
        throw err;
      } finally {
        await database.close();
      }
    });
}

async function reportList() {
  const config = loadConfig();
  const { database } = await openRuntime(config);
  const when = new Intl.DateTimeFormat('es-MX', { timeZone: config.timeZone, dateStyle: 'short', timeStyle: 'short' });
  try {
    const types = await listReportTypes(database.db);
    const latest = await latestProducts(database.db);
    const rows = [];
    for (const t of types) {
      const last = latest.get(t.code);
      rows.push({
        clave: t.code,
        area: t.area,
        periodicidad: PERIODICITY_LABELS[t.periodicity],
        formatos: t.formats.join(','),
        disponible: (await generatorNamed(t.generator)) ? 'sí' : 'aún no',
        'último producto': last ? `${last.id} · ${last.period_key} v${last.version} · ${when.format(last.generated_at)}` : '—',
      });
    }
    console.table(rows);
  } finally {
    await database.close();
  }
}
