// Administration: users, audit verification, reference data check, migrations.
import type { Command } from 'commander';
import { openRuntime } from '../runtime.ts';
import { auditVerify, usersAdd, usersDisable, usersList } from '../access/cli.ts';
import { referenceCheck } from '../reference/check.ts';
import { loadConfig } from '../config.ts';

function list(v: string): string[] {
  return v.split(',').map((s) => s.trim()).filter(Boolean);
}

export function registerAdminCommands(program: Command) {
  const users = program.command('users').description('Administra las cuentas de usuario');
  users
    .command('add')
    .description('Crea un usuario (si no se da contraseña se genera una)')
    .argument('<usuario>')
    .requiredOption('--name <nombre>', 'nombre completo')
    .requiredOption('--area <clave>', 'área: DG, CEE, RVDI, VV, REPUVE, PM, CIBER, COMSOC, JUR, EXT')
    .requiredOption('--roles <lista>', 'roles separados por comas', list)
    .option('--password <contraseña>', 'contraseña inicial (mínimo 12 caracteres)')
    .action(async (username: string, o: { name: string; area: string; roles: string[]; password?: string }) => {
      const { database } = await openRuntime();
      try {
        const r = await usersAdd(database.db, { username, displayName: o.name, area: o.area, roles: o.roles, password: o.password });
        console.log(`Usuario «${r.user.username}» creado.`);
        if (r.generatedPassword) console.log(`Contraseña inicial: ${r.generatedPassword} (deberá cambiarla al entrar)`);
      } finally {
        await database.close();
      }
    });
  users
    .command('list')
    .description('Lista los usuarios')
    .action(async () => {
      const { database } = await openRuntime();
      try {
        console.table(await usersList(database.db));
      } finally {
        await database.close();
      }
    });
  users
    .command('disable')
    .description('Desactiva un usuario y cierra sus sesiones')
    .argument('<usuario>')
    .action(async (username: string) => {
      const { database } = await openRuntime();
      try {
        await usersDisable(database.db, username);
        console.log(`Usuario «${username}» desactivado.`);
      } finally {
        await database.close();
      }
    });

  program
    .command('audit')
    .description('Bitácora de auditoría')
    .command('verify')
    .description('Verifica la cadena de hashes de la bitácora')
    .action(async () => {
      const { database } = await openRuntime();
      try {
        const r = await auditVerify(database.db);
        console.log(r.message);
        process.exitCode = r.exitCode;
      } finally {
        await database.close();
      }
    });

  program
    .command('reference')
    .description('Datos de referencia')
    .command('check')
    .description('Revisa los catálogos y la geografía incluidos y lista sus particularidades')
    .action(() => {
      const r = referenceCheck(loadConfig().stateCode);
      for (const line of r.lines) console.log(line);
      process.exitCode = r.ok ? 0 : 1;
    });

  program
    .command('migrate')
    .description('Aplica las migraciones pendientes de la base de datos')
    .action(async () => {
      const { database } = await openRuntime();
      await database.close();
      console.log('Base de datos al día.');
    });
}
