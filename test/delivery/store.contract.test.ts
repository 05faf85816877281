import { randomUUID } from 'node:crypto';
import type { SqlDb } from '../../src/infra/db/db';
import { migrate } from '../../src/infra/db/migrate';
import { deliveryMigrations } from '../../src/infra/delivery/migrations';
import { claimDue, insertMails, insertMailsStatements, listMails, markFailure, markSent, type NewMail } from '../../src/infra/delivery/outbox';
import { NUDGE_DELAY_MS, OutboxWorker } from '../../src/infra/delivery/outboxWorker';
import { hitEach, hitLimits } from '../../src/infra/delivery/rateLimits';
import { registerFacts, sweepRetention } from '../../src/infra/delivery/register';
import { findByReference, storeSubmission } from '../../src/infra/delivery/store';
import { caseStartStatements } from '../../src/app/cases/cases';
import { loadProcedures } from '../../src/infra/procedures/loadProcedures';
import { silentLogger } from '../../src/infra/delivery/logger';
import { createTransport } from '../../src/infra/mail/transport';
import { TestClock } from '../helpers/clock';
import { BOTH, type TestDb } from '../helpers/databases';
import { TestSmtp } from '../helpers/smtp';
import { draft, harness, MAIL_FROM, NOW, PERSON } from './fixtures';

const T0 = Date.parse(NOW);
const LEASE = 5 * 60_000;

function mail(i: number, at = T0): NewMail {
  const id = randomUUID();
  return {
    id,
    reference: `KW-2026-TEST${String(i).padStart(2, '0').replace(/0/g, 'A').replace(/1/g, 'B')}`,
    kind: 'organisation',
    recipientKind: 'organisation',
    recipient: `box${i}@organisatie.test`,
    messageId: `<kw.${id}@klachtwijzer.test>`,
    message: {
      to: [{ name: 'Organisatie', address: `box${i}@organisatie.test` }],
      subject: `Klacht ${i}`,
      text: `tekst ${i}`,
      html: `<p>tekst ${i}</p>`,
      attachments: [],
      headers: { 'X-Klachtwijzer-Kind': 'organisation' },
      locale: 'nl',
    },
    createdAt: at,
    nextAttemptAt: at,
  };
}

describe.each(BOTH)('delivery store contract on %s', (_name, make) => {
  let testDb: TestDb;
  let db: SqlDb;
  let other: SqlDb;

  beforeEach(async () => {
    testDb = await make();
    db = await testDb.open();
    // A second connection stands for a second instance. SQLite runs one instance with one
    // connection (a second one in the same process would block the event loop on its lock), so
    // there both "instances" share the connection and its single-writer queue.
    other = testDb.name === 'postgres' ? await testDb.open() : db;
    await migrate(db, deliveryMigrations);
  });
  afterEach(async () => testDb.dispose());

  it('when migrations run twice, then the second run changes nothing', async () => {
    await migrate(other, deliveryMigrations);
    expect(await listMails(db)).toEqual([]);
  });

  it('when five submits with one idempotency key race, then all get one reference and one set of mails is stored', async () => {
    const h = await harness({ testDb });
    const results = await Promise.all(Array.from({ length: 5 }, () => h.delivery.sender.submit(draft('jess', 'manager'), { idempotencyKey: 'conv-race' })));
    const refs = new Set(results.map((r) => (r.ok ? r.reference : r.reason)));
    expect(refs.size).toBe(1);
    expect(results.filter((r) => r.ok && !r.duplicate)).toHaveLength(1);
    expect(await db.query('SELECT reference FROM delivery_complaints')).toHaveLength(1);
    expect((await listMails(db)).map((m) => m.kind).sort()).toEqual(['organisation', 'receipt']);
    await h.delivery.close();
  });

  it('when storing the mails fails halfway, then the complaint is not stored either', async () => {
    const h = await harness({ testDb });
    const first = await h.delivery.sender.submit(draft('jess', 'manager'), { idempotencyKey: 'conv-first' });
    if (!first.ok) throw new Error('submit failed');
    const taken = mail(1);
    await insertMails(db, [taken]);
    // The second mail of the transaction reuses an id that exists, so its insert fails.
    const complaint = { ...first.complaint, reference: 'KW-2026-HALFWY' };
    const outcome = storeSubmission(db, {
        complaint,
        idempotencyKey: 'conv-half',
        receivedOn: '2026-04-20',
        mailboxKnown: true,
        mails: [mail(2), taken],
        limits: [],
        windowMs: 3_600_000,
        now: T0,
      });
    const failure = await outcome.then(
      (v) => `resolved ${JSON.stringify(v)}`,
      (e: unknown) => String((e as Error)?.message ?? e),
    );
    expect(failure).toMatch(/UNIQUE constraint failed: delivery_mails.id|duplicate key value violates unique constraint "delivery_mails_pkey"/);
    expect(await findByReference(db, 'KW-2026-HALFWY')).toBeUndefined();
    expect((await listMails(db)).filter((m) => m.reference === mail(2).reference)).toEqual([]);
    await h.delivery.close();
  });

  it('when the case written with a complaint cannot be stored, then neither the complaint nor its mails are', async () => {
    const h = await harness({ testDb });
    const first = await h.delivery.sender.submit(draft('jess', 'manager'), { idempotencyKey: 'conv-first' });
    if (!first.ok) throw new Error('submit failed');
    const procedure = loadProcedures().get('jess')!;
    // The new complaint's case rows name the first complaint's case, which exists: that insert fails.
    const clash = caseStartStatements({ procedure, reference: first.reference, rung: 'manager', receivedOn: '2026-04-20', deadlines: {}, delivered: true, now: T0 });
    const failure = await storeSubmission(db, {
      complaint: { ...first.complaint, reference: 'KW-2026-CASEXX' },
      idempotencyKey: 'conv-case-clash',
      receivedOn: '2026-04-20',
      mailboxKnown: true,
      mails: [mail(3)],
      limits: [],
      windowMs: 3_600_000,
      now: T0,
      alongside: clash,
    }).then(
      (v) => `resolved ${JSON.stringify(v)}`,
      (e: unknown) => String((e as Error)?.message ?? e),
    );
    expect(failure).toMatch(/UNIQUE constraint failed|duplicate key value violates unique constraint/);
    expect(await findByReference(db, 'KW-2026-CASEXX')).toBeUndefined();
    expect((await listMails(db)).filter((m) => m.reference === mail(3).reference)).toEqual([]);
    expect(await db.query('SELECT case_id FROM case_cases')).toEqual([{ case_id: first.reference }]);
    await h.delivery.close();
  });

  it('when a new complaint draws a reference another complaint has, then it is told so and nothing of it is stored or counted', async () => {
    const h = await harness({ testDb });
    const first = await h.delivery.sender.submit(draft('jess', 'manager'), { idempotencyKey: 'conv-first' });
    if (!first.ok) throw new Error('submit failed');
    const procedure = loadProcedures().get('jess')!;
    const limit = { bucket: 'address:203.0.113.9', limit: 1 };
    const attempt = (reference: string) =>
      storeSubmission(db, {
        complaint: { ...first.complaint, reference },
        idempotencyKey: 'conv-second',
        receivedOn: '2026-04-20',
        mailboxKnown: true,
        mails: [{ ...mail(7), reference }],
        limits: [limit],
        windowMs: 3_600_000,
        now: T0,
        alongside: caseStartStatements({ procedure, reference, rung: 'manager', receivedOn: '2026-04-20', deadlines: {}, delivered: true, now: T0 }),
      });
    expect(await attempt(first.reference)).toEqual({ kind: 'reference_taken' });
    expect((await listMails(db)).filter((m) => m.recipient === mail(7).recipient)).toEqual([]);
    // The taken attempt counted no hit: the one submission this limit allows still goes.
    expect(await attempt('KW-2026-SECOND')).toEqual({ kind: 'stored' });
    expect((await findByReference(db, 'KW-2026-SECOND'))?.organisationId).toBe('jess');
    // The same conversation again is a repeat, answered with the complaint it already stored.
    expect(await attempt('KW-2026-THIRDD')).toMatchObject({ kind: 'duplicate', existing: { reference: 'KW-2026-SECOND' } });
    await h.delivery.close();
  });

  it('when several statements are written in one go, then each of them takes effect, with its own values', async () => {
    const [a, b] = [mail(4), mail(5)];
    await db.executeAll([
      ...insertMailsStatements([a]),
      ...insertMailsStatements([b]),
      { sql: `UPDATE delivery_mails SET attempts = ? WHERE id = ?`, params: [7, mail(6).id] },
    ]);
    const stored = await listMails(db);
    expect(stored.map((m) => [m.id, m.recipient]).sort()).toEqual([[a.id, a.recipient], [b.id, b.recipient]].sort());
    await db.executeAll([{ sql: `UPDATE delivery_mails SET attempts = ? WHERE id = ?`, params: [7, a.id] }]);
    expect((await listMails(db)).find((m) => m.id === a.id)?.attempts).toBe(7);
  });

  it('when two instances claim at the same time, then no mail is claimed by both', async () => {
    await insertMails(db, Array.from({ length: 40 }, (_, i) => mail(i)));
    const claimAll = async (runner: SqlDb, instance: string) => {
      const ids: string[] = [];
      for (;;) {
        const got = await claimDue(runner, { instance, now: T0, leaseMs: LEASE, limit: 3 });
        if (got.length === 0) return ids;
        ids.push(...got.map((m) => m.id));
      }
    };
    const [a, b] = await Promise.all([claimAll(db, 'a'), claimAll(other, 'b')]);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    expect(new Set([...a, ...b]).size).toBe(40);
  });

  it('when an instance dies holding a claim, then another takes the mail once the lease has run out', async () => {
    const [m] = [mail(1)];
    await insertMails(db, [m]);
    expect(await claimDue(db, { instance: 'dead', now: T0, leaseMs: LEASE, limit: 10 })).toHaveLength(1);
    expect(await claimDue(other, { instance: 'alive', now: T0 + LEASE - 1000, leaseMs: LEASE, limit: 10 })).toEqual([]);
    const taken = await claimDue(other, { instance: 'alive', now: T0 + LEASE + 1000, leaseMs: LEASE, limit: 10 });
    expect(taken.map((x) => x.id)).toEqual([m.id]);
    expect(await markSent(db, [m.id], 'dead', T0 + LEASE + 2000)).toEqual(new Set());
    expect(await markSent(other, [m.id], 'alive', T0 + LEASE + 2000)).toEqual(new Set([m.id]));
    expect((await listMails(db))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('when several sent mails are marked at once, then only those the instance still holds are marked, each once', async () => {
    const mails = [mail(1), mail(2), mail(3)];
    await insertMails(db, mails);
    expect(await claimDue(db, { instance: 'slow', now: T0, leaseMs: LEASE, limit: 2, ids: [mails[0]!.id, mails[1]!.id] })).toHaveLength(2);
    expect(await claimDue(db, { instance: 'slow', now: T0 + LEASE - 1000, leaseMs: LEASE, limit: 1, ids: [mails[2]!.id] })).toHaveLength(1);
    // The first two claims ran out and another instance took those mails.
    expect(await claimDue(other, { instance: 'quick', now: T0 + LEASE + 1000, leaseMs: LEASE, limit: 10 })).toHaveLength(2);
    const ids = mails.map((m) => m.id);
    expect(await markSent(db, ids, 'slow', T0 + LEASE + 2000)).toEqual(new Set([mails[2]!.id]));
    expect(await markSent(other, ids, 'quick', T0 + LEASE + 2000)).toEqual(new Set([mails[0]!.id, mails[1]!.id]));
    expect(await markSent(other, ids, 'quick', T0 + LEASE + 3000)).toEqual(new Set());
    expect((await listMails(db)).map((m) => [m.status, m.attempts])).toEqual([['sent', 1], ['sent', 1], ['sent', 1]]);
  });

  it('when sending fails, then the mail waits for each delay of the schedule, and after the last it has failed with an alert queued', async () => {
    const m = mail(1);
    await insertMails(db, [m]);
    const alert = (attempts: number) => ({ ...mail(2), kind: 'alert' as const, recipientKind: 'operator' as const, subject: `after ${attempts}` });
    const fail = async (now: number) => {
      const [claimed] = await claimDue(db, { instance: 'w', now, leaseMs: LEASE, limit: 1 });
      return markFailure(db, claimed, { instance: 'w', now, error: 'ECONNREFUSED', schedule: [60, 300], alert });
    };
    expect(await fail(T0)).toBe('retry');
    expect(await claimDue(db, { instance: 'w', now: T0 + 59_000, leaseMs: LEASE, limit: 1 })).toEqual([]);
    expect(await fail(T0 + 60_000)).toBe('retry');
    expect(await claimDue(db, { instance: 'w', now: T0 + 60_000 + 299_000, leaseMs: LEASE, limit: 1 })).toEqual([]);
    expect(await fail(T0 + 360_000)).toBe('failed');
    const rows = await listMails(db);
    expect(rows.find((r) => r.id === m.id)).toMatchObject({ status: 'failed', attempts: 3, lastError: 'ECONNREFUSED' });
    expect(rows.filter((r) => r.kind === 'alert')).toHaveLength(1);
  });

  it('when two instances count hits for one bucket, then they share one counter', async () => {
    const hit = (runner: SqlDb) => runner.transaction((tx) => hitLimits(tx, [{ bucket: 'address:198.51.100.1', limit: 3 }], 3_600_000, T0));
    expect(await hit(db)).toBe(false);
    expect(await hit(other)).toBe(false);
    expect(await hit(db)).toBe(false);
    expect(await hit(other)).toBe(true);
    const rows = await db.query<{ bucket: string }>('SELECT bucket FROM delivery_rate_limits');
    expect(rows.map((r) => r.bucket).join()).not.toContain('198.51.100.1');
  });

  it('when one hit counts several buckets at once, then each is counted once and judged against its own limit', async () => {
    const checks = [
      { bucket: 'conversation:c-1', limit: 1 },
      { bucket: 'address:198.51.100.7', limit: 2 },
      { bucket: 'recipient:anna@example.nl', limit: 2 },
    ];
    const hit = (runner: SqlDb) => runner.transaction((tx) => hitEach(tx, checks, 3_600_000, T0));
    expect(await hit(db)).toEqual([false, false, false]);
    expect(await hit(other)).toEqual([true, false, false]);
    expect(await hit(db)).toEqual([true, true, true]);
    // A bucket named twice in one call is counted once; another window starts afresh.
    expect(await db.transaction((tx) => hitEach(tx, [checks[1]!, checks[1]!], 3_600_000, T0 + 3_600_000))).toEqual([false, false]);
    expect(await db.transaction((tx) => hitEach(tx, [checks[1]!], 3_600_000, T0 + 3_600_000))).toEqual([false]);
    expect(await db.transaction((tx) => hitEach(tx, [checks[1]!], 3_600_000, T0 + 3_600_000))).toEqual([true]);
  });

  it('when many transactions on two instances count buckets they share at once, then none is lost and none waits for ever', async () => {
    const shared = [{ bucket: 'address:198.51.100.8', limit: 1000 }, { bucket: 'recipient:anna@example.nl', limit: 1000 }];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? db : other).transaction((tx) =>
          // Each names the shared buckets in its own order, with one of its own.
          hitEach(tx, [...(i % 3 ? shared : [...shared].reverse()), { bucket: `conversation:c-${i}`, limit: 1 }], 3_600_000, T0),
        ),
      ),
    );
    const rows = await db.query<{ hits: number }>('SELECT hits FROM delivery_rate_limits WHERE window_start = ? ORDER BY hits DESC', [T0 - (T0 % 3_600_000)]);
    expect(rows.map((r) => Number(r.hits))).toEqual([20, 20, ...Array(20).fill(1)]);
  });

  it('when two workers drain one outbox against a real SMTP server, then every mail arrives exactly once', async () => {
    const smtp = await TestSmtp.start();
    await insertMails(db, Array.from({ length: 30 }, (_, i) => mail(i)));
    const clock = new TestClock(NOW);
    const worker = (runner: SqlDb, id: string) =>
      new OutboxWorker({
        db: runner,
        transport: createTransport({ smtpUrl: smtp.url, mailFrom: MAIL_FROM, dataDir: '', logger: silentLogger }),
        clock,
        logger: silentLogger,
        scheduleSeconds: [60],
        pollMs: 10,
        mailFrom: MAIL_FROM,
        instanceId: id,
        batchSize: 4,
      });
    const a = worker(db, 'a');
    const b = worker(other, 'b');
    await Promise.all([a.drain(), b.drain()]);
    const ids = smtp.mails.map((m) => m.parsed.messageId);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    expect((await listMails(db)).every((m) => m.status === 'sent' && m.attempts === 1)).toBe(true);
    await smtp.stop();
  });

  it('when many submissions nudge the worker within a moment, then their mails go out together in few claims, soon, each once', async () => {
    const smtp = await TestSmtp.start();
    let claims = 0;
    // The same database, counting the worker's claims (one statement each).
    const counting = new Proxy(db, {
      get(target, prop) {
        if (prop === 'query') {
          return (sql: string, params?: readonly unknown[]) => {
            if (/SET claimed_by/.test(sql)) claims++;
            return target.query(sql, params);
          };
        }
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const worker = new OutboxWorker({
      db: counting,
      transport: createTransport({ smtpUrl: smtp.url, mailFrom: MAIL_FROM, dataDir: '', logger: silentLogger }),
      clock: new TestClock(NOW),
      logger: silentLogger,
      scheduleSeconds: [60],
      // Far off: only the nudges make the worker look.
      pollMs: 60_000,
      mailFrom: MAIL_FROM,
    });
    worker.start();
    await new Promise((r) => setTimeout(r, 100));
    const before = claims;
    // Ten submissions a couple of milliseconds apart, each in its own request as under load.
    const start = performance.now();
    for (let i = 0; i < 10; i++) {
      await insertMails(db, [mail(i)]);
      worker.nudge();
      await new Promise((r) => setTimeout(r, 2));
    }
    // One look per NUDGE_DELAY_MS while they came (and one for the last), not one per submission.
    const looks = 2 + Math.floor((performance.now() - start) / NUDGE_DELAY_MS);
    const t0 = performance.now();
    while (smtp.mails.length < 10 && performance.now() - t0 < 5_000) await new Promise((r) => setTimeout(r, 10));
    await worker.stop();
    expect(smtp.mails).toHaveLength(10);
    expect(new Set(smtp.mails.map((m) => m.parsed.messageId)).size).toBe(10);
    expect(claims - before).toBeLessThanOrEqual(Math.min(looks, 5));
    await smtp.stop();
  });

  it('when the retention period has passed, then personal data are gone and the anonymous facts remain', async () => {
    const h = await harness({ testDb });
    const old = await h.delivery.sender.submit(draft('jess', 'manager'), { idempotencyKey: 'conv-old' });
    h.clock.advance(700 * 86_400_000);
    const young = await h.delivery.sender.submit(draft('xtra', 'manager'), { idempotencyKey: 'conv-young' });
    if (!old.ok || !young.ok) throw new Error('submit failed');
    h.clock.advance(31 * 86_400_000);
    expect(await sweepRetention(db, { now: h.clock.now(), retentionDays: 730, rateWindowMs: 3_600_000 })).toEqual({ anonymised: 1 });

    const gone = await findByReference(db, old.reference);
    expect(gone?.complaint).toBeUndefined();
    const raw = JSON.stringify(await db.query('SELECT * FROM delivery_complaints WHERE reference = ?', [old.reference]));
    const rawMails = JSON.stringify(await db.query('SELECT * FROM delivery_mails WHERE reference = ?', [old.reference]));
    for (const typed of [PERSON.name, PERSON.email, PERSON.description, PERSON.employee, 'conv-old']) {
      expect(raw).not.toContain(typed);
      expect(rawMails).not.toContain(typed);
    }
    expect((await findByReference(db, young.reference))?.complaint?.complainant.name).toBe(PERSON.name);

    const facts = await registerFacts(db, { organisationId: 'jess' });
    expect(facts).toEqual([
      expect.objectContaining({
        reference: old.reference,
        organisationId: 'jess',
        rung: 'manager',
        category: 'communication',
        location: PERSON.location,
        receivedOn: '2026-04-20',
        eventDate: '2026-03-30',
        acknowledgeBy: '2026-04-28',
        decideBy: '2026-06-01',
        outcome: 'open',
        anonymised: true,
      }),
    ]);
    // A retried request from that old conversation cannot bring anything back.
    expect(await h.delivery.sender.submit(draft('jess', 'manager'), { idempotencyKey: 'conv-old' })).toMatchObject({ ok: true, duplicate: false });
    await h.delivery.close();
  });
});
