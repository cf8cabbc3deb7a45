// `atalaya serve`: migrations, reference data, first-start administrator and demo state, then the HTTP server.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { openRuntime, type Runtime } from '../runtime.ts';
import { buildApp } from '../server/app.ts';
import { ensureDemoAdmin, ensureDemoStaff } from '../access/bootstrap.ts';
import { defaultEndMonth, loadDemo } from '../incidents/demo.ts';
import { seedReleasesDemo } from '../releases/demo.ts';
import { seedDistributionDemo } from '../distribution/demo.ts';
import { seedCyberDemo } from '../registries/cyber/index.ts';
import { seedCallAudioDemo } from '../registries/call-audio/index.ts';
import { seedSitesDemo } from '../registries/sites/demo.ts';
import { seedSupplyDemo } from '../registries/national-databases/demo.ts';
import { seedNumbersDemo } from '../registries/numbers/index.ts';
import { importBatchSize } from '../incidents/import.ts';

export function registerServeCommand(program: Command) {
  program
    .command('serve')
    .description('Inicia el servidor web y la API')
    .option('--demo-if-empty', 'carga el estado de demostración si la base de datos no tiene incidentes')
    .option('--demo-scale <x>', 'escala de la demostración (1 ≈ 100 000 llamadas al mes)', '1')
    .option('--demo-months <n>', 'meses de la demostración', '12')
    .action(async (o: { demoIfEmpty?: boolean; demoScale: string; demoMonths: string }) => {
      const { config, database } = await openRuntime();
      const credentialsFile = join(config.dataDir, 'credenciales-admin.txt');
      const staffFile = join(config.dataDir, 'credenciales-demo.txt');
      await ensureDemoAdmin(database.db, credentialsFile);
      if (o.demoIfEmpty) {
        try {
          await seedDemoIfEmpty(database, config, { scale: Number(o.demoScale), months: Number(o.demoMonths), staffFile });
        } catch (err) {
          // Without this the embedded database's worker keeps the process alive after the error.
          console.error(`No se pudo cargar el estado de demostración: ${(err as Error).message}`);
          console.error(`Para empezar de nuevo, borre la carpeta de datos ${config.dataDir} y vuelva a iniciar.`);
          await database.close();
          process.exitCode = 1;
          return;
        }
      }
      const app = await buildApp({ config, database, logger: process.env.ATALAYA_LOG === '1' });
      const shutdown = async () => {
        await app.close();
        await database.close();
        process.exit(0);
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
      await app.listen({ port: config.port, host: config.host });
      const url = `http://localhost:${config.port}`;
      console.log(`Atalaya en ${url}  (base de datos: ${database.engine === 'pglite' ? `embebida en ${config.dataDir}` : 'PostgreSQL'})`);
      if (existsSync(credentialsFile)) {
        const [user, password] = readFileSync(credentialsFile, 'utf8').split('\n');
        console.log(`Administrador de demostración: usuario «${user}», contraseña «${password}» (guardada en ${credentialsFile})`);
      }
      if (existsSync(staffFile)) console.log(`Personal de demostración (un usuario por rol): ${staffFile}`);
    });
}

/** Loads the demo state of every domain on a database without incidents (the first start). */
async function seedDemoIfEmpty(database: Runtime['database'], config: Runtime['config'], opts: { scale: number; months: number; staffFile: string }): Promise<void> {
  const any = await database.db.selectFrom('incidents').select('id').limit(1).executeTakeFirst();
  if (any) return;
  console.log('Base de datos vacía: cargando el estado de demostración (solo la primera vez)…');
  const started = Date.now();
  let lastPrint = 0;
  const r = await loadDemo(database.db, {
    stateCode: config.stateCode,
    timeZone: config.timeZone,
    months: opts.months,
    scale: opts.scale,
    seed: 42,
    endMonth: defaultEndMonth(new Date(), config.timeZone),
    onProgress: (p) => {
      if (Date.now() - lastPrint > 5000) {
        lastPrint = Date.now();
        console.log(`  … ${p.records.toLocaleString('es-MX')} incidentes (hasta ${p.lastDate})`);
      }
    },
  });
  console.log(`Demostración lista: ${r.inserted.toLocaleString('es-MX')} incidentes en ${Math.round((Date.now() - started) / 1000)} s.`);
  const demoScope = { stateCode: config.stateCode, timeZone: config.timeZone, endMonth: defaultEndMonth(new Date(), config.timeZone) };
  const sites = await seedSitesDemo(database.db, demoScope);
  const supplied = await seedSupplyDemo(database.db, { ...demoScope, batchSize: importBatchSize(database.engine) });
  console.log(`Registros de demostración: ${sites.pmi} PMI, ${sites.repuve} arcos del REPUVE, ${supplied.toLocaleString('es-MX')} registros de suministro a Plataforma México.`);
  await ensureDemoStaff(database.db, opts.staffFile);
  await seedReleasesDemo(database.db, { stateCode: config.stateCode });
  await seedDistributionDemo(database.db, config, { month: defaultEndMonth(new Date(), config.timeZone) });
  await seedCyberDemo(database.db, { stateCode: config.stateCode, timeZone: config.timeZone, endMonth: defaultEndMonth(new Date(), config.timeZone) });
  await seedCallAudioDemo(database.db, { dataDir: config.dataDir });
  await seedNumbersDemo(database.db, config, { endMonth: defaultEndMonth(new Date(), config.timeZone) });
}
