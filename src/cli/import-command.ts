// `atalaya import`, `atalaya rejects` and `atalaya demo`.
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { openRuntime } from '../runtime.ts';
import { importBatchSize, importIncidents, type ImportSummary } from '../incidents/import.ts';
import { findProfile, listProfiles } from '../incidents/profiles.ts';
import { formatOfFile, type FileFormat } from '../incidents/reader.ts';
import { rejectsCsv } from '../db/rejects-csv.ts';
import { defaultEndMonth, loadDemo, loadDemoCenters, writeDemoCsv } from '../incidents/demo.ts';
import { loadConfig } from '../config.ts';
import { userFacing } from './errors.ts';

export function registerImportCommands(program: Command) {
  program
    .command('import')
    .description('Importa incidentes de un archivo CSV, JSON o NDJSON')
    .argument('<archivo>', 'archivo a importar')
    .requiredOption('--profile <nombre>', 'perfil de importación (npx atalaya profiles para verlos) o ruta a un perfil .json')
    .option('--center <clave>', 'asigna todas las filas a este centro (CALLE)')
    .option('--format <formato>', 'csv, json o ndjson (por omisión, según la extensión)')
    .option('--encoding <codificación>', 'utf-8, latin1 o auto', 'auto')
    .option('--json', 'imprime el resumen como JSON en la última línea')
    .action(async (file: string, o: { profile: string; center?: string; format?: string; encoding: string; json?: boolean }) => {
      const config = loadConfig();
      const format = (o.format ?? formatOfFile(file)) as FileFormat | null;
      if (!format || !['csv', 'json', 'ndjson'].includes(format)) {
        throw userFacing(`No se reconoce el formato de «${file}»; indique --format csv, json o ndjson.`);
      }
      if (!['auto', 'utf-8', 'utf8', 'latin1'].includes(o.encoding)) throw userFacing('--encoding debe ser utf-8, latin1 o auto.');
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        throw userFacing(`No se puede leer el archivo «${file}».`);
      }
      const profile = findProfile(o.profile, config.dataDir);
      const { database } = await openRuntime(config);
      const bar =
        !o.json && process.stderr.isTTY
          ? new cliProgress.SingleBar(
              { format: 'Importando |{bar}| {percentage}% · {read} filas · {rejected} rechazadas', stream: process.stderr },
              cliProgress.Presets.shades_classic,
            )
          : null;
      bar?.start(size, 0, { read: 0, rejected: 0 });
      // Without a terminal (logs, scripts), progress goes to stderr as a line at most every second.
      let lastLine = 0;
      const progressLine = (read: number, rejected: number, bytes: number) => {
        if (bar || o.json || Date.now() - lastLine < 1000) return;
        lastLine = Date.now();
        process.stderr.write(`progreso: ${read} filas leídas, ${rejected} rechazadas (${Math.round((bytes / Math.max(size, 1)) * 100)} %)\n`);
      };
      let summary: ImportSummary;
      try {
        summary = await importIncidents(database.db, {
          input: createReadStream(file),
          fileName: basename(file),
          bytesTotal: size,
          format,
          encoding: o.encoding === 'utf8' ? 'utf-8' : (o.encoding as 'auto'),
          profile,
          center: o.center,
          stateCode: config.stateCode,
          timeZone: config.timeZone,
          actor: 'cli',
          batchSize: importBatchSize(database.engine),
          onProgress: (p) => {
            bar?.update(p.bytesRead, { read: p.read, rejected: p.rejected });
            progressLine(p.read, p.rejected, p.bytesRead);
          },
        });
      } finally {
        bar?.stop();
        await database.close();
      }
      const { importId, encoding, ...counts } = summary;
      if (!o.json) {
        console.log(`Importación ${importId} (${encoding ?? 'utf-8'}): ${counts.read} filas leídas`);
        console.log(`  insertadas ${counts.inserted} · actualizadas ${counts.updated} · sin cambios ${counts.unchanged} · rechazadas ${counts.rejected}`);
        for (const [reason, n] of Object.entries(counts.rejectedByReason).sort((a, b) => b[1] - a[1])) console.log(`    ${reason}: ${n}`);
        if (counts.rejected) console.log(`  Filas rechazadas: npx atalaya rejects ${importId} --out rechazadas.csv`);
      } else {
        console.log(JSON.stringify(counts));
      }
    });

  program
    .command('rejects')
    .description('Descarga como CSV las filas rechazadas de una importación')
    .argument('<importacion>', 'número de importación')
    .option('--out <archivo>', 'archivo de salida (por omisión, la salida estándar)')
    .action(async (id: string, o: { out?: string }) => {
      const { database } = await openRuntime();
      try {
        const out = o.out ? createWriteStream(o.out) : process.stdout;
        await pipeline(Readable.from(rejectsCsv(database.db, 'import_rejects', Number(id))), out);
      } finally {
        await database.close();
      }
    });

  program
    .command('profiles')
    .description('Lista los perfiles de importación')
    .action(() => {
      for (const p of listProfiles(loadConfig().dataDir)) console.log(`${p.name.padEnd(14)} ${p.label}`);
    });

  program
    .command('demo')
    .description('Genera un estado de demostración determinista (o lo escribe a un CSV con --out)')
    .option('--months <n>', 'meses a generar', '12')
    .option('--scale <x>', 'escala (1 ≈ 100 000 llamadas al mes)', '1')
    .option('--seed <n>', 'semilla', '42')
    .option('--end-month <aaaa-mm>', 'primer mes que NO se genera (por omisión, el mes en curso)')
    .option('--out <archivo>', 'escribe el CSV en formato nativo en lugar de cargarlo')
    .action(async (o: { months: string; scale: string; seed: string; endMonth?: string; out?: string }) => {
      const { config, database } = await openRuntime();
      try {
        const opts = {
          stateCode: config.stateCode,
          timeZone: config.timeZone,
          months: Number(o.months),
          scale: Number(o.scale),
          seed: Number(o.seed),
          endMonth: o.endMonth ?? defaultEndMonth(new Date(), config.timeZone),
          centers: await loadDemoCenters(database.db, config.stateCode),
        };
        if (o.out) {
          const rows = await writeDemoCsv(o.out, opts);
          console.log(`${rows} incidentes escritos en ${o.out}`);
        } else {
          const r = await loadDemo(database.db, opts);
          console.log(`Demostración cargada: ${r.inserted} incidentes nuevos, ${r.unchanged} ya existían (${r.firstDate} a ${r.lastDate}).`);
        }
      } finally {
        await database.close();
      }
    });
}
