// `atalaya audio attach DIR [--center CODE] [--report FILE]`: attaches a folder of 9-1-1 recordings to their
// incidents by file name (CENTRO_FOLIO[_N].ext, or FOLIO[_N].ext with --center) and prints what happened to each
// file; --report writes the same as CSV. Exits 1 when any file was unmatched or rejected.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import Papa from 'papaparse';
import { openRuntime } from '../../runtime.ts';
import { CLI_ACTOR } from '../../access/users.ts';
import { attachFolder, type FileOutcome } from './attach-dir.ts';
import { AudioError } from './recordings.ts';
import { AudioStore } from './store.ts';

const LABELS: Record<FileOutcome, string> = { anexado: 'anexado', ya_anexado: 'ya estaba anexado', sin_coincidencia: 'sin coincidencia', rechazado: 'rechazado' };

export function registerAudioCommands(program: Command) {
  const audio = program.command('audio').description('Archivo de audios de llamadas 9-1-1');
  audio
    .command('attach')
    .description('Anexa a sus incidentes los audios (WAV, MP3, OGG) de una carpeta, según el nombre de cada archivo: CENTRO_FOLIO[_N].ext')
    .argument('<carpeta>', 'carpeta con los audios')
    .option('--center <clave>', 'centro (CALLE) de todos los archivos; permite nombres FOLIO[_N].ext')
    .option('--report <archivo>', 'escribe el resultado de cada archivo como CSV')
    .action(async (dir: string, o: { center?: string; report?: string }) => {
      const { config, database } = await openRuntime();
      try {
        const report = await attachFolder(database.db, AudioStore.forDataDir(config.dataDir), CLI_ACTOR, dir, { center: o.center });
        for (const f of report.files) console.log(`${LABELS[f.outcome].padEnd(18)} ${f.file}${f.folio ? `  → ${f.center} ${f.folio}` : ''}${f.detail ? `  (${f.detail})` : ''}`);
        const c = report.counts;
        console.log(`\n${report.files.length} archivos: ${c.anexado} anexados, ${c.ya_anexado} ya estaban anexados, ${c.sin_coincidencia} sin coincidencia, ${c.rechazado} rechazados.`);
        if (o.report) {
          writeFileSync(o.report, '\uFEFF' + Papa.unparse(report.files.map((f) => ({ archivo: f.file, resultado: LABELS[f.outcome], centro: f.center ?? '', folio: f.folio ?? '', audio: f.recordingId ?? '', detalle: f.detail })), { newline: '\n' }) + '\n');
          console.log(`Reporte escrito en ${o.report}`);
        }
        if (c.sin_coincidencia + c.rechazado > 0) process.exitCode = 1;
      } catch (err) {
        if (err instanceof AudioError || (err as NodeJS.ErrnoException).code === 'ENOENT') {
          throw Object.assign(new Error(err instanceof AudioError ? err.message : `No se puede leer la carpeta «${dir}».`), { userFacing: true });
        }
        throw err;
      } finally {
        await database.close();
      }
    });
}
