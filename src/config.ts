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
  ATALAYA_SMTP_HOST: z.string().trim().min(1).max(255).optional(),
  ATALAYA_SMTP_PORT: z.coerce.number().int('debe ser un número de puerto').min(1, 'debe estar entre 1 y 65535').max(65535, 'debe estar entre 1 y 65535').optional(),
  ATALAYA_SMTP_SECURITY: z.enum(['tls', 'starttls', 'none'], "debe ser «tls» (puerto 465), «starttls» (587) o «none» (solo un relevo local)").default('starttls'),
  ATALAYA_SMTP_USER: z.string().min(1).max(255).optional(),
  ATALAYA_SMTP_PASSWORD: z.string().min(1).max(1024).optional(),
  ATALAYA_SMTP_FROM: z.string().trim().email('debe ser una dirección de correo electrónico').max(255).optional(),
  ATALAYA_SMTP_FROM_NAME: z.string().trim().min(1).max(200).default('Centro de Control, Comando y Comunicación C4'),
  ATALAYA_MAIL_MAX_MB: z.coerce.number().positive('debe ser un número de megabytes mayor que cero').max(100, 'debe ser de 100 MB o menos').default(10),
}).superRefine((c, ctx) => {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  const smtpVars = [c.ATALAYA_SMTP_PORT, c.ATALAYA_SMTP_USER, c.ATALAYA_SMTP_PASSWORD, c.ATALAYA_SMTP_FROM];
  if (!c.ATALAYA_SMTP_HOST) {
    if (smtpVars.some((v) => v !== undefined)) issue('ATALAYA_SMTP_HOST', 'falta el servidor de correo, y las demás variables ATALAYA_SMTP_* lo necesitan');
    return;
  }
  if (!c.ATALAYA_SMTP_FROM) issue('ATALAYA_SMTP_FROM', 'falta la dirección institucional desde la que se envía');
  if (Boolean(c.ATALAYA_SMTP_USER) !== Boolean(c.ATALAYA_SMTP_PASSWORD)) issue(c.ATALAYA_SMTP_USER ? 'ATALAYA_SMTP_PASSWORD' : 'ATALAYA_SMTP_USER', 'el usuario y la contraseña del servidor de correo van juntos');
});

/** The institutional mail server (SMTP). The password is a secret: it is never logged nor written anywhere. */
export interface SmtpConfig {
  host: string;
  port: number;
  /** tls: TLS from the start (465); starttls: upgrade required (587); none: plain, for a local relay only. */
  security: 'tls' | 'starttls' | 'none';
  auth: { user: string; password: string } | null;
  from: { name: string; address: string };
}

const DEFAULT_SMTP_PORTS = { tls: 465, starttls: 587, none: 25 } as const;

export interface Config {
  dataDir: string;
  databaseUrl: string | undefined;
  stateCode: string;
  timeZone: string;
  port: number;
  host: string;
  /** Days a 9-1-1 call recording is kept after the call before the scheduled purge removes it (legal holds excepted). */
  audioRetentionDays: number;
  /** The e-mail dispatch channel: its server (null when not configured) and the largest message it sends. */
  mail: { smtp: SmtpConfig | null; maxBytes: number };
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
    mail: {
      smtp: c.ATALAYA_SMTP_HOST
        ? {
            host: c.ATALAYA_SMTP_HOST,
            port: c.ATALAYA_SMTP_PORT ?? DEFAULT_SMTP_PORTS[c.ATALAYA_SMTP_SECURITY],
            security: c.ATALAYA_SMTP_SECURITY,
            auth: c.ATALAYA_SMTP_USER && c.ATALAYA_SMTP_PASSWORD ? { user: c.ATALAYA_SMTP_USER, password: c.ATALAYA_SMTP_PASSWORD } : null,
            from: { name: c.ATALAYA_SMTP_FROM_NAME, address: c.ATALAYA_SMTP_FROM! },
          }
        : null,
      maxBytes: Math.round(c.ATALAYA_MAIL_MAX_MB * 1024 * 1024),
    },
  };
}
