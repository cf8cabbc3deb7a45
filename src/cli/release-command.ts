// `atalaya release PRODUCTO --audience public|restricted [--agency N] [--out-dir DIR]` prepares the versión pública
// or reservada of a product (or finds the one already prepared) and prints its files, SHA-256 and redactions.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { openRuntime } from '../runtime.ts';
import { loadConfig } from '../config.ts';
import { CLI_ACTOR } from '../access/users.ts';
import { ReportError, getProduct, getProductFile } from '../reports/index.ts';
import { prepareRelease, releaseOfProduct } from '../distribution/disclosure/index.ts';
import { userFacing } from './errors.ts';

export function registerReleaseCommand(program: Command) {
  program
    .command('release')
    .description('Prepara la versión pública o reservada de un producto con el control de divulgación (o muestra la ya preparada)')
    .argument('<producto>', 'número del producto generado')
    .requiredOption('--audience <destino>', 'public (versión pública) o restricted (versión reservada, para dependencias con convenio)')
    .option('--agency <número>', 'dependencia destinataria de una versión reservada')
    .option('--out-dir <carpeta>', 'escribe ahí los archivos de la versión')
    .action(async (id: string, o: { audience: string; agency?: string; outDir?: string }) => {
      if (!/^\d+$/.test(id)) throw userFacing('Indique el número del producto.');
      if (o.audience !== 'public' && o.audience !== 'restricted') throw userFacing('--audience debe ser public o restricted.');
      if (o.agency !== undefined && !/^\d+$/.test(o.agency)) throw userFacing('--agency debe ser el número de la dependencia.');
      const config = loadConfig();
      const { database } = await openRuntime(config);
      try {
        const started = Date.now();
        const r = await prepareRelease(database.db, Number(id), { audience: o.audience, agencyId: o.agency ? Number(o.agency) : null, actor: CLI_ACTOR, config });
        const product = (await getProduct(database.db, r.productId))!;
        const release = (await releaseOfProduct(database.db, r.productId))!;
        console.log(
          `${release.disclosure.mark}: producto ${product.id} (versión ${product.version}) a partir del producto ${release.sourceProductId}` +
            (r.reused ? ' · ya estaba preparada' : ` · ${Date.now() - started} ms`) +
            ` · ${release.disclosure.redactions.length} redacciones · umbral ${release.rules.minCount}`,
        );
        for (const f of product.files) console.log(`  ${f.format.padEnd(7)} ${f.sha256}  ${f.size} bytes  ${f.file_name}`);
        if (o.outDir) {
          mkdirSync(o.outDir, { recursive: true });
          for (const f of product.files) writeFileSync(join(o.outDir, f.file_name), (await getProductFile(database.db, product.id, f.format))!.content);
          console.log(`Archivos escritos en ${o.outDir}`);
        }
      } catch (err) {
        if (err instanceof ReportError) throw userFacing(err.message);
        throw err;
      } finally {
        await database.close();
      }
    });
}
