// The national-database supply's part of the `atalaya` command: import a supply log and download an import's
// rejected rows. Actions are audited with actor 'cli'.
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { openRuntime } from '../../runtime.ts';
import { CLI_ACTOR } from '../../access/users.ts';
import { userFacing } from '../../cli/errors.ts';
import { importBatchSize } from '../../incidents/import.ts';
import { databaseNamed, nationalDatabases } from './definitions.ts';
import { importSupplyLog, SupplyImportError } from './import.ts';
import { rejectsCsv } from '../../db/rejects-csv.ts';

export function registerSupplyCommands(program: Command) {
  program
    .command('import-suministro')
    .description('Importa una bitácora de suministro a Plataforma México (CSV con el formato de su base)')
    .argument('<archivo>', 'bitácora CSV')
    .requiredOption('--database <base>', `base de datos: ${nationalDatabases().map((d) => d.code).join(', ')}`)
    .option('--encoding <codificación>', 'utf-8, latin1 o auto', 'auto')
    .option('--json', 'imprime el resumen como JSON')
    .action(async (file: string, o: { database: string; encoding: string; json?: boolean }) => {
      if (!databaseNamed(o.database)) throw userFacing(`--database debe ser una de: ${nationalDatabases().map((d) => d.code).join(', ')}.`);
      try {
        statSync(file);
      } catch {
        throw userFacing(`No se puede leer el archivo «${file}».`);
      }
      const config = loadConfig();
      const { database } = await openRuntime(config);
      try {
        const s = await importSupplyLog(database.db, {
          database: o.database,
          input: createReadStream(file),
          fileName: basename(file),
          encoding: o.encoding === 'latin1' || o.encoding === 'utf-8' ? o.encoding : 'auto',
          stateCode: config.stateCode,
          timeZone: config.timeZone,
          actor: CLI_ACTOR,
          batchSize: importBatchSize(database.engine),
        });
        if (o.json) return console.log(JSON.stringify(s));
        console.log(`Importación ${s.importId} · ${databaseNamed(s.database)!.name}: ${s.read} filas leídas`);
        console.log(`  nuevas ${s.inserted} · actualizadas ${s.updated} · sin cambios ${s.unchanged} · rechazadas ${s.rejected}`);
        for (const [reason, n] of Object.entries(s.rejectedByReason).sort((a, b) => b[1] - a[1])) console.log(`    ${reason}: ${n}`);
        if (s.firstLoadDate) console.log(`  cargas del ${s.firstLoadDate} al ${s.lastLoadDate}`);
        if (s.ignoredColumns.length) console.log(`  columnas ignoradas: ${s.ignoredColumns.join(', ')}`);
        if (s.rejected) console.log(`  Filas rechazadas: npx atalaya suministro-rejects ${s.importId} --out rechazadas.csv`);
      } catch (err) {
        if (err instanceof SupplyImportError) throw userFacing(err.message);
        throw err;
      } finally {
        await database.close();
      }
    });

  program
    .command('suministro-rejects')
    .description('Descarga como CSV las filas rechazadas de una importación de bitácora de suministro')
    .argument('<importacion>', 'número de importación')
    .option('--out <archivo>', 'archivo de salida (por omisión, la salida estándar)')
    .action(async (id: string, o: { out?: string }) => {
      if (!/^\d+$/.test(id)) throw userFacing(`«${id}» no es un número de importación.`);
      const { database } = await openRuntime();
      try {
        await pipeline(Readable.from(rejectsCsv(database.db, 'nd_rejects', Number(id))), o.out ? createWriteStream(o.out) : process.stdout);
      } finally {
        await database.close();
      }
    });
}
