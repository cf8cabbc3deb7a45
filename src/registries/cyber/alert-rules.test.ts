import { describe, expect, it } from 'vitest';
import { alertSettings } from './settings.ts';
import { embeddedContentProblem, intakeState, transition, validateAlertInput } from './alert-rules.ts';

const settings = alertSettings();
const now = new Date('2026-03-10T12:00:00Z');
const base = {
  hotline: 'INHOPE',
  externalReference: 'ICCAM-2026-0042',
  hotlineReportedAt: '2026-03-10T08:00:00Z',
  contentUrls: ['https://hosting.example.net/album/42'],
  contentHashes: ['SHA256:' + 'ab'.repeat(32), 'd41d8cd98f00b204e9800998ecf8427e'],
  ipAddresses: ['203.0.113.5', '2001:db8::1'],
};
const validate = (input: object) => validateAlertInput(input, { settings, municipalityCodes: new Set(['20067']), now });

describe('hotline alert content', () => {
  it('keeps identifiers and metadata, normalising hashes with their algorithm', () => {
    const r = validate(base);
    expect(r.ok && r.row).toMatchObject({ hotline: 'INHOPE', content_hashes: ['sha256:' + 'ab'.repeat(32), 'md5:d41d8cd98f00b204e9800998ecf8427e'], ip_addresses: base.ipAddresses });
  });

  it('refuses anything that looks like the material itself', () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
    const cases: [object, string][] = [
      [{ contentUrls: [`data:image/png;base64,${png}`] }, 'contenido_no_admitido'],
      [{ contentUrls: ['blob:https://example.net/1234'] }, 'contenido_no_admitido'],
      [{ contentUrls: ['file:///home/usuario/foto.jpg'] }, 'contenido_no_admitido'],
      [{ summary: `ver imagen ${png}` }, 'contenido_no_admitido'],
      [{ summary: 'A'.repeat(40) + 'Qk0'.repeat(60) }, 'contenido_no_admitido'],
      [{ accountIdentifiers: ['/9j/4AAQSkZJRgABAQEAYABgAAD/2wBDAAgGBg'] }, 'contenido_no_admitido'],
      [{ summary: 'texto\u0000binario' }, 'contenido_no_admitido'],
      [{ contentUrls: [{ name: 'foto.jpg', size: 1234 }] }, 'archivo_no_admitido'],
      [{ summary: { type: 'Buffer', data: [137, 80] } }, 'archivo_no_admitido'],
    ];
    for (const [patch, code] of cases) {
      const r = validate({ ...base, ...patch });
      expect(r.ok, JSON.stringify(patch)).toBe(false);
      expect(!r.ok && r.problems.map((p) => p.code), JSON.stringify(patch)).toContain(code);
    }
    expect(embeddedContentProblem('https://hosting.example.net/a?token=' + 'x'.repeat(150), 'url')).toBeNull();
  });

  it('requires a URL or a hash and checks each identifier', () => {
    const r = validate({ ...base, contentUrls: [], contentHashes: [], ipAddresses: ['999.1.1.1'], hotline: 'OTRA' });
    expect(!r.ok && r.problems.map((p) => p.code)).toEqual(['linea_desconocida', 'identificador_requerido', 'ip_invalida']);
    const bad = validate({ ...base, contentHashes: ['sha256:abc'], contentUrls: ['javascript:alert(1)'] });
    expect(!r.ok && !bad.ok && bad.problems.map((p) => p.code)).toEqual(['url_invalida', 'huella_invalida']);
  });
});

describe('hotline alert workflow', () => {
  it('gives each step its configured deadline and flags late steps', () => {
    const received = intakeState(new Date('2026-03-08T08:00:00Z'), now, settings);
    expect(received.intake_late).toBe(true); // 52 h after the notification, with 24 h allowed
    expect(received.due_at.toISOString()).toBe(new Date(now.getTime() + settings.deadlines.assignment.hours * 3_600_000).toISOString());

    const state = { status: 'recibida' as const, pending_step: 'assignment', due_at: received.due_at, assigned_to: null };
    const onTime = transition(state, { kind: 'assign', assigneeId: 7 }, settings, new Date(now.getTime() + 3_600_000));
    expect(onTime.ok && onTime.t).toMatchObject({ to: 'asignada', step: 'assignment', late: false, pending_step: 'investigation' });
    const late = transition(state, { kind: 'assign', assigneeId: 7 }, settings, new Date(now.getTime() + 30 * 3_600_000));
    expect(late.ok && late.t.late).toBe(true);

    expect(transition(state, { kind: 'refer', destination: 'Fiscalía', reference: 'OF-1' }, settings, now)).toMatchObject({ ok: false });
    const investigating = { status: 'en_investigacion' as const, pending_step: 'referral', due_at: now, assigned_to: 7 };
    expect(transition(investigating, { kind: 'refer', destination: 'Fiscalía', reference: '' }, settings, now)).toMatchObject({ ok: false });
    const referred = transition(investigating, { kind: 'refer', destination: 'Fiscalía', reference: 'OF-1' }, settings, now);
    expect(referred.ok && referred.t).toMatchObject({ to: 'canalizada', step: 'referral', pending_step: null, due_at: null });
    expect(transition({ ...investigating, status: 'canalizada' }, { kind: 'start' }, settings, now)).toMatchObject({ ok: false });
    expect(transition(state, { kind: 'discard', reason: 'inventado' }, settings, now)).toMatchObject({ ok: false });
  });

  it('keeps the deadline on a reassignment', () => {
    const state = { status: 'asignada' as const, pending_step: 'investigation', due_at: now, assigned_to: 3 };
    const r = transition(state, { kind: 'assign', assigneeId: 4 }, settings, new Date(now.getTime() + 1000));
    expect(r.ok && r.t).toMatchObject({ to: 'asignada', step: null, due_at: now });
  });
});
