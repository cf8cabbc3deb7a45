// `atalaya import-sesnsp FILE` loads the SESNSP's crime statistics (IDEFC_NM state level or IDM_NM municipal
// level); `atalaya sesnsp-rejects N` downloads the rows an import could not read.
import { rejectsCsv } from '../db/rejects-csv.ts';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { openRuntime } from '../runtime.ts';
import { importBatchSize } from '../incidents/import.ts';
import { CLI_ACTOR } from '../access/users.ts';
import { LEVEL_LABELS, SesnspImportError, importSesnsp, type SesnspImportSummary } from '../crime-statistics/index.ts';
import { stateName } from '../reference/index.ts';
import { userFacing } from './errors.ts';

export function registerSesnspCommands(program: Command) {
  program
    .command('import-sesnsp')
    .description('Importa la incidencia delictiva del fuero común del SESNSP (CSV de datos abiertos, nivel estatal o municipal)')
    .argument('<archivo>', 'archivo CSV del SESNSP (IDEFC_NM estatal o IDM_NM municipal)')
    .option('--encoding <codificación>', 'utf-8, latin1 o auto', 'auto')
    .option('--json', 'imprime el resumen como JSON en la última línea')
    .action(async (file: string, o: { encoding: string; json?: boolean }) => {
      const config = loadConfig();
      if (!['auto', 'utf-8', 'utf8', 'latin1'].includes(o.encoding)) throw userFacing('--encoding debe ser utf-8, latin1 o auto.');
      try {
        statSync(file);
      } catch {
        throw userFacing(`No se puede leer el archivo «${file}».`);
      }
      const { database } = await openRuntime(config);
      let lastLine = 0;
      let summary: SesnspImportSummary;
      try {
        summary = await importSesnsp(database.db, {
          input: createReadStream(file),
          fileName: basename(file),
          encoding: o.encoding === 'utf8' ? 'utf-8' : (o.encoding as 'auto'),
          stateCode: config.stateCode,
          timeZone: config.timeZone,
          actor: CLI_ACTOR.username,
          batchSize: importBatchSize(database.engine),
          onProgress: (p) => {
            if (o.json || Date.now() - lastLine < 1000) return;
            lastLine = Date.now();
            process.stderr.write(`progreso: ${p.read} filas leídas, ${p.rejected} rechazadas\n`);
          },
        });
      } catch (err) {
        if (err instanceof SesnspImportError) throw userFacing(err.message);
        throw err;
      } finally {
        await database.close();
      }
      const s = summary;
      if (o.json) {
        const { encoding: _encoding, ...rest } = s;
        console.log(JSON.stringify(rest));
        return;
      }
      const state = stateName(config.stateCode) ?? config.stateCode;
      console.log(`Importación SESNSP ${s.importId} · nivel ${s.layout ? LEVEL_LABELS[s.layout] : 'no reconocido'} · ${s.encoding ?? 'utf-8'}: ${s.read} filas leídas`);
      console.log(`  ${state}: ${s.stored} filas guardadas (nuevas ${s.inserted} · actualizadas ${s.updated} · sin cambios ${s.unchanged})`);
      if (s.firstMonth) console.log(`  meses con cifras: ${s.firstMonth} a ${s.lastMonth}`);
      console.log(`  de otras entidades (omitidas, no rechazadas): ${s.otherState}`);
      console.log(`  rechazadas: ${s.rejected}`);
      for (const [reason, n] of Object.entries(s.rejectedByReason).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
        console.log(`    ${reason}: ${n}`);
      }
      if (s.rejected) console.log(`  Filas rechazadas: npx atalaya sesnsp-rejects ${s.importId} --out rechazadas.csv`);
    });

  program
    .command('sesnsp-rejects')
    .description('Descarga como CSV las filas rechazadas de una importación del SESNSP')
    .argument('<importacion>', 'número de importación del SESNSP')
    .option('--out <archivo>', 'archivo de salida (por omisión, la salida estándar)')
    .action(async (id: string, o: { out?: string }) => {
      if (!/^\d+$/.test(id)) throw userFacing(`«${id}» no es un número de importación.`);
      const { database } = await openRuntime();
      try {
        const out = o.out ? createWriteStream(o.out) : process.stdout;
        await pipeline(Readable.from(rejectsCsv(database.db, 'sesnsp_rejects', Number(id))), out);
      } finally {
        await database.close();
      }
    });
}
