import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ databaseUrl: undefined, stateCode: '20', timeZone: 'America/Mexico_City', port: 8080 });
    expect(c.dataDir.endsWith('.atalaya')).toBe(true);
  });

  it('accepts every state, with or without the leading zero', () => {
    expect(loadConfig({ ATALAYA_STATE: '9' }).stateCode).toBe('09');
    expect(loadConfig({ ATALAYA_STATE: '32' }).stateCode).toBe('32');
  });

  it('names each bad variable in Spanish', () => {
    const bad = () => loadConfig({ ATALAYA_STATE: '33', ATALAYA_TZ: 'Marte/Olimpo', PORT: 'ocho', DATABASE_URL: 'mysql://x' });
    expect(bad).toThrow(ConfigError);
    try {
      bad();
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toMatch(/ATALAYA_STATE: debe ser una clave INEGI de entidad entre 01 y 32/);
      expect(message).toMatch(/ATALAYA_TZ: no es una zona horaria IANA válida/);
      expect(message).toMatch(/PORT:/);
      expect(message).toMatch(/DATABASE_URL: debe ser una URL postgres/);
    }
  });
});

describe('the mail server configuration', () => {
  it('leaves the e-mail channel unconfigured by default, with a 10 MB limit', () => {
    expect(loadConfig({}).mail).toEqual({ smtp: null, maxBytes: 10 * 1024 * 1024 });
  });

  it('reads the server, the port by its security, the account and the sender', () => {
    const c = loadConfig({ ATALAYA_SMTP_HOST: 'correo.oaxaca.gob.mx', ATALAYA_SMTP_SECURITY: 'tls', ATALAYA_SMTP_USER: 'c4', ATALAYA_SMTP_PASSWORD: 'secreto', ATALAYA_SMTP_FROM: 'c4@oaxaca.gob.mx', ATALAYA_MAIL_MAX_MB: '5' });
    expect(c.mail).toEqual({
      smtp: { host: 'correo.oaxaca.gob.mx', port: 465, security: 'tls', auth: { user: 'c4', password: 'secreto' }, from: { name: 'Centro de Control, Comando y Comunicación C4', address: 'c4@oaxaca.gob.mx' } },
      maxBytes: 5 * 1024 * 1024,
    });
    expect(loadConfig({ ATALAYA_SMTP_HOST: 'relevo', ATALAYA_SMTP_FROM: 'c4@oaxaca.gob.mx' }).mail.smtp).toMatchObject({ port: 587, security: 'starttls', auth: null });
  });

  it('names what is missing or wrong, never showing the password', () => {
    const message = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return '';
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as Error).message;
      }
    };
    expect(message({ ATALAYA_SMTP_PASSWORD: 'muy-secreta' })).toMatch(/ATALAYA_SMTP_HOST: falta el servidor de correo/);
    expect(message({ ATALAYA_SMTP_PASSWORD: 'muy-secreta' })).not.toContain('muy-secreta');
    expect(message({ ATALAYA_SMTP_HOST: 'relevo' })).toMatch(/ATALAYA_SMTP_FROM: falta la dirección institucional/);
    expect(message({ ATALAYA_SMTP_HOST: 'relevo', ATALAYA_SMTP_FROM: 'c4@oaxaca.gob.mx', ATALAYA_SMTP_USER: 'c4' })).toMatch(/ATALAYA_SMTP_PASSWORD: el usuario y la contraseña/);
    expect(message({ ATALAYA_SMTP_HOST: 'relevo', ATALAYA_SMTP_FROM: 'no-es-correo', ATALAYA_SMTP_SECURITY: 'ssl', ATALAYA_MAIL_MAX_MB: '0' })).toMatch(
      /ATALAYA_SMTP_SECURITY: debe ser «tls»[\s\S]*ATALAYA_SMTP_FROM: debe ser una dirección|ATALAYA_SMTP_FROM: debe ser una dirección[\s\S]*ATALAYA_SMTP_SECURITY/,
    );
  });
});
