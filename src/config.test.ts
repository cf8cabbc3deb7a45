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
