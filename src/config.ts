// Runtime configuration, read from the environment once and validated, so that a bad value stops the start
// with a message that names the variable instead of failing later somewhere else.
import { resolve } from 'node:path';
import { z } from 'zod';

const STATE_CODES = Array.from({ length: 32 }, (_, i) => String(i + 1).padStart(2, '0'));

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const schema = z.object({
  ATALAYA_DATA_DIR: z.string().min(1).default('./.atalaya'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'debe ser una URL postgres://usuario@servidor:puerto/base')
    .optional(),
  ATALAYA_STATE: z
    .string()
    .transform((s) => s.padStart(2, '0'))
    .refine((s) => STATE_CODES.includes(s), 'debe ser una clave INEGI de entidad entre 01 y 32')
    .default('20'),
  ATALAYA_TZ: z.string().refine(isValidTimeZone, 'no es una zona horaria IANA válida').default('America/Mexico_City'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  ATALAYA_AUDIO_RETENTION_DAYS: z.coerce.number().int('debe ser un número entero de días').min(1, 'debe ser de al menos 1 día').max(36_500).default(365),
});

export interface Config {
  dataDir: string;
  databaseUrl: string | undefined;
  stateCode: string;
  timeZone: string;
  port: number;
  host: string;
  /** Days a 9-1-1 call recording is kept after the call before the scheduled purge removes it (legal holds excepted). */
  audioRetentionDays: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Configuración inválida:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    dataDir: resolve(c.ATALAYA_DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    stateCode: c.ATALAYA_STATE,
    timeZone: c.ATALAYA_TZ,
    port: c.PORT,
    host: c.HOST,
    audioRetentionDays: c.ATALAYA_AUDIO_RETENTION_DAYS,
  };
}
