// The `atalaya` command. Each subcommand opens the runtime (database, migrations, reference data), does one
// thing, and closes it; messages for people are in Spanish, failures exit non-zero.
import { Command, Option } from 'commander';
import { ConfigError } from '../config.ts';
import { DatabaseLockedError } from '../db/connection.ts';
import { registerImportCommands } from './import-command.ts';
import { registerAdminCommands } from './admin-commands.ts';
import { registerServeCommand } from './serve-command.ts';
import { registerReportCommand } from './report-command.ts';
import { registerSesnspCommands } from './sesnsp-command.ts';
import { registerDistributionCommands } from './distribution-command.ts';
import { registerAudioCommands } from '../registries/call-audio/index.ts';
import { registerReleaseCommand } from './release-command.ts';
import { registerSitesCommands } from '../registries/sites/cli.ts';
import { registerSupplyCommands } from '../registries/national-databases/cli.ts';

const program = new Command()
  .name('atalaya')
  .description('Atalaya: plataforma de información del C4/C5 estatal')
  .showHelpAfterError('(use --help para ver las opciones)')
  .configureOutput({ outputError: (s, write) => write(s) });

registerServeCommand(program);
registerImportCommands(program);
registerSesnspCommands(program);
registerSitesCommands(program);
registerSupplyCommands(program);
registerAdminCommands(program);
registerReportCommand(program);
registerDistributionCommands(program);
registerAudioCommands(program);
registerReleaseCommand(program);
program.addOption(new Option('--version').hideHelp());

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ConfigError || err instanceof DatabaseLockedError || (err as { userFacing?: boolean }).userFacing) {
    console.error((err as Error).message);
  } else {
    console.error(`Error: ${(err as Error).message}`);
    if (process.env.ATALAYA_DEBUG) console.error(err);
  }
  process.exitCode = process.exitCode || 1;
}
