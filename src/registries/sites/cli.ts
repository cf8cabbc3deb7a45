// The site registries' part of the `atalaya` command: import a registry file, download an import's rejected
// records, and write the coverage analysis as a workbook. Actions are audited with actor 'cli'.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { openRuntime } from '../../runtime.ts';
import { CLI_ACTOR } from '../../access/users.ts';
import { userFacing } from '../../cli/errors.ts';
import { stateName } from '../../reference/index.ts';
import { LocalTime } from '../../util/local-time.ts';
import { coverageAnalysis, CoverageError } from './coverage-analysis.ts';
import { coverageWorkbook } from './coverage-xlsx.ts';
import { SITE_FILE_FORMATS, siteFormatOf, type SiteFileFormat } from './formats.ts';
import { importSites, SiteImportError, siteRejectsCsv } from './import.ts';
import { REGISTRIES, REGISTRY_LABELS, isRegistry } from './rules.ts';

export function registerSitesCommands(program: Command) {
  program
    .command('import-sites')
    .description('Importa el registro de PMI o de arcos del REPUVE desde un archivo CSV, GeoJSON o KML')
    .argument('<archivo>', 'archivo del registro')
    .requiredOption('--registry <registro>', `registro: ${REGISTRIES.join(' o ')}`)
    .option('--format <formato>', `formato: ${SITE_FILE_FORMATS.join(', ')} (por omisión, por la extensión)`)
    .option('--encoding <codificación>', 'utf-8, latin1 o auto (CSV)', 'auto')
    .option('--json', 'imprime el resumen como JSON')
    .action(async (file: string, o: { registry: string; format?: string; encoding: string; json?: boolean }) => {
      if (!isRegistry(o.registry)) throw userFacing(`--registry debe ser ${REGISTRIES.join(' o ')}.`);
      const format = (o.format ?? siteFormatOf(file)) as SiteFileFormat | null;
      if (!format || !SITE_FILE_FORMATS.includes(format)) throw userFacing(`Indique --format: ${SITE_FILE_FORMATS.join(', ')}.`);
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch {
        throw userFacing(`No se puede leer el archivo «${file}».`);
      }
      const config = loadConfig();
      const { database } = await openRuntime(config);
      try {
        const s = await importSites(database.db, {
          registry: o.registry,
          format,
          bytes,
          fileName: basename(file),
          encoding: o.encoding === 'latin1' || o.encoding === 'utf-8' ? o.encoding : 'auto',
          stateCode: config.stateCode,
          timeZone: config.timeZone,
          actor: CLI_ACTOR,
        });
        if (o.json) return console.log(JSON.stringify(s));
        console.log(`Importación ${s.importId} · ${REGISTRY_LABELS[s.registry].name} · ${s.format}: ${s.read} registros leídos`);
        console.log(`  nuevos ${s.inserted} · actualizados ${s.updated} · sin cambios ${s.unchanged} · rechazados ${s.rejected}`);
        for (const [reason, n] of Object.entries(s.rejectedByReason).sort((a, b) => b[1] - a[1])) console.log(`    ${reason}: ${n}`);
        if (s.ignoredColumns.length) console.log(`  columnas ignoradas: ${s.ignoredColumns.join(', ')}`);
        if (s.rejected) console.log(`  Registros rechazados: npx atalaya site-rejects ${s.importId} --out rechazados.csv`);
      } catch (err) {
        if (err instanceof SiteImportError) throw userFacing(err.message);
        throw err;
      } finally {
        await database.close();
      }
    });

  program
    .command('site-rejects')
    .description('Descarga como CSV los registros rechazados de una importación de sitios')
    .argument('<importacion>', 'número de importación')
    .option('--out <archivo>', 'archivo de salida (por omisión, la salida estándar)')
    .action(async (id: string, o: { out?: string }) => {
      if (!/^\d+$/.test(id)) throw userFacing(`«${id}» no es un número de importación.`);
      const { database } = await openRuntime();
      try {
        const csv = await siteRejectsCsv(database.db, Number(id));
        if (o.out) writeFileSync(o.out, csv);
        else process.stdout.write(csv);
      } finally {
        await database.close();
      }
    });

  program
    .command('coverage')
    .description('Análisis de cobertura de los PMI: incidentes cerca de una cámara en operación y sitios propuestos, como XLSX')
    .requiredOption('--period <periodo>', 'mes, trimestre o año: 2026-03, 2026-Q1, 2026')
    .option('--distance <metros>', 'distancia a una cámara, en metros', '300')
    .option('--municipality <clave>', 'solo un municipio (clave INEGI de 5 dígitos)')
    .option('--preset <conjunto>', 'incidentes: «todos» o un conjunto de los mapas de calor (p. ej. seguridad)', 'todos')
    .option('--kinds <tipos>', 'tipos de cámara que cuentan, separados por comas (fija, ptz, lpr, panoramica, otra)')
    .option('--budget <n>', 'sitios por proponer', '10')
    .requiredOption('--out <archivo>', 'archivo XLSX de salida')
    .action(async (o: { period: string; distance: string; municipality?: string; preset: string; kinds?: string; budget: string; out: string }) => {
      const config = loadConfig();
      const { database } = await openRuntime(config);
      try {
        const today = new LocalTime(config.timeZone).dayAndHour(new Date()).date;
        const r = await coverageAnalysis(database.db, {
          stateCode: config.stateCode,
          today,
          params: { period: o.period, distance: o.distance, municipality: o.municipality, preset: o.preset, kinds: o.kinds, budget: o.budget },
        });
        writeFileSync(o.out, await coverageWorkbook(r, stateName(config.stateCode) ?? config.stateCode));
        const pct = r.total.share === null ? 'n.a.' : `${(r.total.share * 100).toFixed(1)} %`;
        console.log(`${r.period.label}: ${r.total.incidents} incidentes, ${r.total.covered} a ${r.distanceMeters} m o menos de un PMI en operación (${pct}); ${r.workingSites} PMI en operación.`);
        console.log(`Escrito ${o.out}`);
      } catch (err) {
        if (err instanceof CoverageError) throw userFacing(err.message);
        throw err;
      } finally {
        await database.close();
      }
    });
}
