import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, appendAudit, verifyAuditChain } from '../../src/access/audit.ts';
import { auditVerify } from '../../src/access/cli.ts';
import type { TestDatabase } from '../support/databases.ts';
import { createTestDatabase, testEngines } from '../support/databases.ts';

describe.each(testEngines())('audit log on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await t?.destroy();
  });

  const entry = (i: number) => ({
    actorId: i,
    actor: `usuario${i}`,
    ip: '10.0.0.1',
    action: 'prueba.accion',
    entity: 'prueba',
    entityId: i,
    details: { i, texto: 'acción con acentos ñ', anidado: { z: 1, a: [1, 'dos', null], fecha: new Date(0) }, nada: undefined },
  });

  it('verifies an empty log', async () => {
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, count: 0, lastSeq: null, lastHash: GENESIS_HASH });
  });

  it('chains entries appended inside and outside transactions, also concurrently', async () => {
    const first = await appendAudit(t.db, entry(1));
    await t.db.transaction().execute(async (tx) => {
      await appendAudit(tx, entry(2));
      await appendAudit(tx, entry(3));
    });
    // An entry of a transaction that rolls back leaves no trace and no gap in the chain.
    await expect(
      t.db.transaction().execute(async (tx) => {
        await appendAudit(tx, entry(99));
        throw new Error('abortar');
      }),
    ).rejects.toThrow('abortar');
    await Promise.all(Array.from({ length: 12 }, (_, i) => appendAudit(t.db, entry(10 + i))));

    const rows = await t.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    expect(rows).toHaveLength(15);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(rows[0]!.hash).toBe(first.hash);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    expect(rows.some((r) => r.actor === 'usuario99')).toBe(false);

    const whole = await verifyAuditChain(t.db);
    expect(whole).toMatchObject({ ok: true, count: 15, lastHash: rows[14]!.hash });
    // Paging must not change the result.
    expect(await verifyAuditChain(t.db, { pageSize: 4 })).toEqual(whole);
    expect((await auditVerify(t.db)).exitCode).toBe(0);
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(sql`UPDATE audit_log SET actor = 'otro' WHERE seq = 1`.execute(t.db)).rejects.toThrow(/solo admite/);
    await expect(sql`DELETE FROM audit_log WHERE seq = 1`.execute(t.db)).rejects.toThrow(/solo admite/);
    await expect(sql`TRUNCATE audit_log`.execute(t.db)).rejects.toThrow(/solo admite/);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('names the first altered entry when someone disables the triggers and edits one', async () => {
    const victim = (await t.db.selectFrom('audit_log').select('seq').orderBy('seq').offset(5).limit(1).executeTakeFirstOrThrow())
      .seq;
    await sql`ALTER TABLE audit_log DISABLE TRIGGER ALL`.execute(t.db);
    await sql`UPDATE audit_log SET details = '{"i": 0}' WHERE seq = ${victim}`.execute(t.db);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER ALL`.execute(t.db);

    const result = await verifyAuditChain(t.db, { pageSize: 4 });
    expect(result).toMatchObject({ ok: false, brokenSeq: victim, count: 5 });
    if (!result.ok) expect(result.reason).toMatch(/alterado/);
    const cli = await auditVerify(t.db);
    expect(cli).toMatchObject({ ok: false, exitCode: 1 });
    expect(cli.message).toContain(`registro ${victim}`);
  });

  it('names the entry after one that was deleted', async () => {
    const rows = await t.db.selectFrom('audit_log').select('seq').orderBy('seq').execute();
    // Undo the previous test's damage first, from a fresh database, to isolate the deletion.
    const fresh = await createTestDatabase(engine);
    try {
      for (let i = 0; i < 6; i++) await appendAudit(fresh.db, entry(i));
      const seqs = (await fresh.db.selectFrom('audit_log').select('seq').orderBy('seq').execute()).map((r) => r.seq);
      await sql`ALTER TABLE audit_log DISABLE TRIGGER ALL`.execute(fresh.db);
      await sql`DELETE FROM audit_log WHERE seq = ${seqs[2]}`.execute(fresh.db);
      await sql`ALTER TABLE audit_log ENABLE TRIGGER ALL`.execute(fresh.db);
      const result = await verifyAuditChain(fresh.db);
      expect(result).toMatchObject({ ok: false, brokenSeq: seqs[3], count: 2 });
      if (!result.ok) expect(result.reason).toMatch(/no enlaza/);
    } finally {
      await fresh.destroy();
    }
    expect(rows.length).toBeGreaterThan(0);
  });
});
