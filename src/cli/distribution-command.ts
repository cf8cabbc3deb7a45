// `atalaya distribution …`: the distribution register to XLSX or PDF, pending acknowledgments, agreements, the folio
// book, and the acknowledgment reminders run at once.
import type { Command } from 'commander';
import { openRuntime } from '../runtime.ts';
import { agreementList, exportRegister, folioBook, pendingAcknowledgments, remindNow } from '../distribution/cli.ts';
import { userFacing } from './errors.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function registerDistributionCommands(program: Command) {
  const dist = program.command('distribution').description('Distribución de información (directiva 6.1.4): registro, acuses, convenios, folios');
  dist
    .command('register')
    .description('Exporta el registro de distribución (quién recibió qué, cuándo, por qué canal, acuse y trámite)')
    .requiredOption('--format <formato>', 'xlsx o pdf')
    .requiredOption('--out <archivo>', 'archivo de salida')
    .option('--from <AAAA-MM-DD>', 'desde (fecha de envío)')
    .option('--to <AAAA-MM-DD>', 'hasta (fecha de envío)')
    .option('--report <tipo>', 'tipo de reporte (p. ej. fese)')
    .option('--pending', 'solo los envíos sin acuse')
    .action(async (o: { format: string; out: string; from?: string; to?: string; report?: string; pending?: boolean }) => {
      if (o.format !== 'xlsx' && o.format !== 'pdf') throw userFacing('--format debe ser xlsx o pdf.');
      for (const d of [o.from, o.to]) if (d && !DAY.test(d)) throw userFacing(`Fecha no válida: «${d}» (use AAAA-MM-DD).`);
      const { config, database } = await openRuntime();
      try {
        const n = await exportRegister(database, config, o.format, o.out, { from: o.from, to: o.to, reportType: o.report, ...(o.pending ? { acknowledged: false } : {}) });
        console.log(`Registro de distribución: ${n} ${n === 1 ? 'envío' : 'envíos'} en ${o.out}`);
      } finally {
        await database.close();
      }
    });
  dist
    .command('pending')
    .description('Envíos sin acuse de recibo, del más antiguo al más reciente')
    .action(async () => {
      const { config, database } = await openRuntime();
      try {
        console.table(await pendingAcknowledgments(database, config));
      } finally {
        await database.close();
      }
    });
  dist
    .command('agreements')
    .description('Convenios de colaboración con su estado (vigente, por vencer, vencido…)')
    .option('--expiring', 'solo los que están por vencer')
    .action(async (o: { expiring?: boolean }) => {
      const { config, database } = await openRuntime();
      try {
        console.table(await agreementList(database, config, o.expiring ?? false));
      } finally {
        await database.close();
      }
    });
  dist
    .command('folios')
    .description('Libro de folios: emitidos y cancelados con su motivo')
    .option('--area <clave>', 'área (DG, CEE, RVDI…)')
    .option('--year <año>', 'año', (v) => Number(v))
    .action(async (o: { area?: string; year?: number }) => {
      const { database } = await openRuntime();
      try {
        console.table(await folioBook(database, o));
      } finally {
        await database.close();
      }
    });
  dist
    .command('remind')
    .description('Envía ahora los recordatorios de acuses pendientes y los avisos de convenios por vencer')
    .action(async () => {
      const { config, database } = await openRuntime();
      try {
        const r = await remindNow(database, config);
        console.log(`Recordatorios de acuse: ${r.reminded}; avisos de convenios por vencer: ${r.agreementsWarned}.`);
      } finally {
        await database.close();
      }
    });
}
