import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { BenchConversation, echoActivity } from './lib/conversation';
import type { HeapReport } from './lib/heapProbe';
import { concurrently, fixedRate, openConnections, post, summarise, type Sample } from './lib/load';
import { openDb } from '../src/infra/db/openDb';

/**
 * `npm run bench`: Klachtwijzer against two floors measured in the same run on the same machine:
 * a bare botbuilder echo bot, and the same echo bot saving its state in the same store. With
 * SQLite and with PostgreSQL. Prints numbers; asserts nothing.
 *
 * Environment: BENCH_DATABASE_URL (default the local postgres://postgres@127.0.0.1:5432/test),
 * BENCH_SECONDS (open-loop duration, default 10), BENCH_CONVERSATIONS (closed loop per round,
 * default 500: about 9,000 turns, long enough to even out this machine's drift), BENCH_ROUNDS
 * (rounds of both loops on the three servers, default 3), BENCH_MEMORY_CONVERSATIONS (conversations left open for the memory line, default 10,000),
 * BENCH_STORES (default `sqlite,postgres`).
 */

const root = join(__dirname, '..', '..');
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 500);
const MEMORY_CONVERSATIONS = Number(process.env.BENCH_MEMORY_CONVERSATIONS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const STORES = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',');
const CONCURRENCY = 50;
const RATE = 500;
const ORGS = ['jess', 'jongleren', 'mee-zhn', 'wijkz', 'xtra', 'sociale-teams-helmond', 'so-trainingsbureau', 'ons-welzijn', 'sterker', 'wel-kom', 'vrijwilligerscentrale-nijmegen'];

interface Server {
  port: number;
  child: ChildProcess;
  startMs: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitHealthy(port: number, child: ChildProcess, t0: number): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return performance.now() - t0;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function startKlachtwijzer(store: StoreEnv): Promise<Server> {
  const port = await freePort();
  const t0 = performance.now();
  // The heap probe lets the memory line ask for the heap after a forced GC (see heapProbe.ts).
  const child = spawn(process.execPath, ['--expose-gc', '--require', join(__dirname, 'lib', 'heapProbe.js'), join(root, 'dist', 'src', 'index.js')], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: 'error',
      HOST: '127.0.0.1',
      PORT: String(port),
      // Measuring posts unauthenticated activities to /api/messages in production mode.
      ALLOW_UNAUTHENTICATED: 'true',
      RATE_LIMIT_PER_ADDRESS: '100000000',
      RATE_LIMIT_PER_CONVERSATION: '1000',
      RATE_LIMIT_PER_CLIENT: '100000000',
      RATE_LIMIT_PER_RECIPIENT: '100000000',
      DIRECTLINE_CONVERSATIONS_PER_MINUTE: '100000000',
      DIRECTLINE_TOKENS_PER_MINUTE: '100000000',
      ...store.env,
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return { port, child, startMs: await waitHealthy(port, child, t0) };
}

async function startEcho(store: StoreEnv | undefined): Promise<Server> {
  const t0 = performance.now();
  const child = fork(join(__dirname, 'lib', 'echoServer.js'), ['0', ...(store ? ['state'] : [])], {
    env: { PATH: process.env.PATH, ...(store?.env ?? {}) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`echo server exited with ${code}`)));
  });
  return { port, child, startMs: await waitHealthy(port, child, t0) };
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function stop(s: Server): Promise<void> {
  s.child.kill('SIGKILL');
  await new Promise((r) => s.child.once('exit', r));
}

/** Whole conversations, 50 at a time; returns the per-turn sample and turns per conversation. */
async function closedLoopKlachtwijzer(port: number, tag: string): Promise<{ sample: Sample; turnsPerConversation: number; conversations: number }> {
  let next = 0;
  let turns = 0;
  await openConnections(port, CONCURRENCY);
  const sample = await concurrently(CONCURRENCY, async (_i, time) => {
    while (next < CONVERSATIONS) {
      const n = next++;
      const c = new BenchConversation(port, `${tag}-${n}`, ORGS[n % ORGS.length]);
      let more = true;
      while (more) {
        await time(async () => {
          more = await c.turn();
        });
        turns++;
      }
    }
  });
  return { sample, turnsPerConversation: turns / CONVERSATIONS, conversations: CONVERSATIONS };
}

async function closedLoopEcho(port: number, tag: string, turnsPerConversation: number): Promise<Sample> {
  let next = 0;
  const perConversation = Math.round(turnsPerConversation);
  await openConnections(port, CONCURRENCY);
  return concurrently(CONCURRENCY, async (_i, time) => {
    while (next < CONVERSATIONS) {
      const id = `${tag}-${next++}`;
      for (let t = 0; t < perConversation; t++) {
        await time(async () => {
          const res = await post(port, '/api/messages', echoActivity(id, t));
          if (res.status !== 200) throw new Error(String(res.status));
        });
      }
    }
  });
}

/** Open loop at RATE turns per second: the next idle conversation takes each turn. */
async function openLoopKlachtwijzer(port: number, tag: string): Promise<Sample> {
  const idle: BenchConversation[] = [];
  let made = 0;
  return fixedRate(RATE, SECONDS, async () => {
    const c = idle.pop() ?? new BenchConversation(port, `${tag}-${made++}`, ORGS[made % ORGS.length]);
    const more = await c.turn();
    if (more) idle.push(c);
  });
}

async function openLoopEcho(port: number, tag: string): Promise<Sample> {
  return fixedRate(RATE, SECONDS, async (i) => {
    const res = await post(port, '/api/messages', echoActivity(`${tag}-${i % RATE}`, i));
    if (res.status !== 200) throw new Error(String(res.status));
  });
}

/** The bot's V8 heap in use after a forced garbage collection, in bytes (from heapProbe.ts). */
async function heapAfterGc(server: Server): Promise<number> {
  const report = await new Promise<HeapReport>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the bot did not answer the heap probe')), 10_000);
    server.child.once('message', (m) => {
      clearTimeout(timer);
      resolve(m as HeapReport);
    });
    server.child.send('heap');
  });
  if (!report.gc) throw new Error('the bot runs without --expose-gc: the heap would hold garbage');
  return report.heapUsed;
}

interface MemoryLine {
  /** Growth of the heap after a forced GC, per conversation (KB). */
  heapKb: number;
  /** Growth of the resident set, per conversation (KB): includes what V8 and the allocator keep. */
  rssKb: number;
  /** The conversation state each one has in the store (KB of JSON). */
  storedKb: number;
}

/**
 * Memory per open conversation, on a bot started for this alone (so nothing of the other runs,
 * such as rate-limit windows still open, is freed while measuring): MEMORY_CONVERSATIONS
 * conversations are started and left standing at their fourth question. Measured: the heap
 * after a forced GC and the resident set when half of them stand and when all do, the growth
 * divided by the second half's number; and what the store holds per conversation, where a
 * conversation really lives. The first half is the bot's own warm-up: what the start leaves
 * behind (code compiled, caches filled, start-up code V8 drops later) comes and goes there, and
 * made a figure over all conversations swing below zero.
 */
async function memoryPerConversation(store: StoreEnv, tag: string): Promise<MemoryLine> {
  const server = await startKlachtwijzer(store);
  try {
    let next = 0;
    const openUpTo = (n: number) =>
      concurrently(CONCURRENCY, async () => {
        while (next < n) {
          const c = new BenchConversation(server.port, `${tag}-open-${next++}`, ORGS[next % ORGS.length]);
          for (let t = 0; t < 4; t++) await c.turn();
        }
      });
    const half = Math.floor(MEMORY_CONVERSATIONS / 2);
    await openUpTo(half);
    const heapBefore = await heapAfterGc(server);
    const rssBefore = rssMb(server.child.pid!);
    await openUpTo(MEMORY_CONVERSATIONS);
    const heapAfter = await heapAfterGc(server);
    const rssAfter = rssMb(server.child.pid!);
    const db = openDb({ databaseUrl: store.env.DATABASE_URL, dataDir: store.env.DATA_DIR! });
    try {
      const [row] = await db.query<{ n: number; bytes: number }>('SELECT COUNT(*) AS n, SUM(LENGTH(data)) AS bytes FROM bot_state WHERE key LIKE ?', [`%${tag}-open-%`]);
      return {
        heapKb: (heapAfter - heapBefore) / 1024 / (MEMORY_CONVERSATIONS - half),
        rssKb: ((rssAfter - rssBefore) * 1024) / (MEMORY_CONVERSATIONS - half),
        storedKb: Number(row?.bytes ?? NaN) / 1024 / Number(row?.n ?? NaN),
      };
    } finally {
      await db.close();
    }
  } finally {
    await stop(server);
  }
}

interface StoreEnv {
  name: 'sqlite' | 'postgres';
  env: Record<string, string>;
}

async function stores(): Promise<StoreEnv[]> {
  const sqlite: StoreEnv = { name: 'sqlite', env: { DATA_DIR: mkdtempSync(join(tmpdir(), 'kw-bench-')) } };
  const schema = `bench_${process.pid}`;
  const admin = new Client({ connectionString: PG_URL });
  try {
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.query(`CREATE SCHEMA ${schema}`);
  } catch (err) {
    process.stdout.write(`PostgreSQL not reachable at ${PG_URL} (${(err as Error).message}): SQLite only.\n`);
    return [sqlite];
  } finally {
    await admin.end().catch(() => undefined);
  }
  const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return [sqlite, { name: 'postgres', env: { DATABASE_URL: url, DATA_DIR: mkdtempSync(join(tmpdir(), 'kw-bench-')) } }];
}

/** Where the bench is, on stderr: the table comes on stdout at the end. */
const progress = (what: string) => process.stderr.write(`${what}…\n`);

const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');

const median = (xs: number[]): number => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Round {
  e: ReturnType<typeof summarise>;
  es: ReturnType<typeof summarise>;
  k: ReturnType<typeof summarise>;
  eo: ReturnType<typeof summarise>;
  eso: ReturnType<typeof summarise>;
  ko: ReturnType<typeof summarise>;
  turnsPerConversation: number;
}

/**
 * One round: the closed loop on the three servers, then the open loop on the three, each server
 * right after the others so that they meet the same machine. The order turns each round.
 */
async function round(n: number, store: StoreEnv, servers: { echo: Server; echoState: Server; kw: Server }, turnsPerConversation: number): Promise<Round> {
  const tag = `${store.name}-r${n}`;
  let kwTurns = turnsPerConversation;
  const closed = {
    kw: async () => {
      const kw = await closedLoopKlachtwijzer(servers.kw.port, `${tag}-closed`);
      kwTurns = kw.turnsPerConversation;
      return kw.sample;
    },
    // As many turns per conversation as Klachtwijzer's conversations take (measured in the warm-up).
    echo: () => closedLoopEcho(servers.echo.port, `${tag}-echo`, turnsPerConversation),
    echoState: () => closedLoopEcho(servers.echoState.port, `${tag}-echostate`, turnsPerConversation),
  };
  const open = {
    kw: () => openLoopKlachtwijzer(servers.kw.port, `${tag}-open`),
    echo: () => openLoopEcho(servers.echo.port, `${tag}-echo-open`),
    echoState: () => openLoopEcho(servers.echoState.port, `${tag}-echostate-open`),
  };
  const order = (['echo', 'echoState', 'kw'] as const).map((_, i, all) => all[(i + n) % all.length]);
  const closedOut: Partial<Record<keyof typeof closed, Sample>> = {};
  for (const name of order) closedOut[name] = await closed[name]();
  const openOut: Partial<Record<keyof typeof open, Sample>> = {};
  for (const name of order) openOut[name] = await open[name]();
  return {
    e: summarise(closedOut.echo!),
    es: summarise(closedOut.echoState!),
    k: summarise(closedOut.kw!),
    eo: summarise(openOut.echo!),
    eso: summarise(openOut.echoState!),
    ko: summarise(openOut.kw!),
    turnsPerConversation: kwTurns,
  };
}

async function measureStore(store: StoreEnv): Promise<string[]> {
  const lines: string[] = [`\n### ${store.name}\n`];
  const kwStarts: number[] = [];
  for (let i = 0; i < 3; i++) {
    const s = await startKlachtwijzer(store);
    kwStarts.push(s.startMs);
    await stop(s);
  }
  const echo = await startEcho(undefined);
  const echoState = await startEcho(store);
  const kw = await startKlachtwijzer(store);

  // Warm-up: JIT, prepared statements, connection pools.
  await closedLoopEchoWarm(echo.port);
  await closedLoopEchoWarm(echoState.port);
  // One conversation per organisation, as the closed loop mixes them: how many turns one takes.
  let warmTurns = 0;
  for (let i = 0; i < ORGS.length; i++) {
    const c = new BenchConversation(kw.port, `warm-${i}`, ORGS[i]);
    let more = true;
    while (more) {
      more = await c.turn();
      warmTurns++;
    }
  }
  const turnsPerConversation = warmTurns / ORGS.length;

  const rounds: Round[] = [];
  for (let n = 0; n < ROUNDS; n++) {
    progress(`${store.name}: round ${n + 1} of ${ROUNDS}`);
    rounds.push(await round(n, store, { echo, echoState, kw }, turnsPerConversation));
  }
  const idleRss = { echo: rssMb(echo.child.pid!), echoState: rssMb(echoState.child.pid!), kw: rssMb(kw.child.pid!) };
  await Promise.all([stop(echo), stop(echoState), stop(kw)]);
  progress(`${store.name}: memory per open conversation (${MEMORY_CONVERSATIONS.toLocaleString('en')} conversations)`);
  const memory = await memoryPerConversation(store, `${store.name}-mem`);

  /** The median over the rounds of one figure. */
  const m = (figure: (r: Round) => number, d = 1) => f(median(rounds.map(figure)), d);
  /** A ratio: the median of the rounds' ratios, each round's own after it. */
  const ratio = (figure: (r: Round) => number) => `${f(median(rounds.map(figure)), 2)} (${rounds.map((r) => f(figure(r), 2)).join(', ')})`;
  const turns = median(rounds.map((r) => r.turnsPerConversation));
  lines.push(
    `${ROUNDS} rounds; each figure is the median of the rounds, each ratio the median of the rounds' own ratios (the rounds' ratios in brackets).`,
    '',
    `| measure | echo bot | echo bot + state | Klachtwijzer | Klachtwijzer / echo | Klachtwijzer / echo + state |`,
    `|---|---:|---:|---:|---:|---:|`,
    `| 50 concurrent conversations: p50 per turn (ms) | ${m((r) => r.e.p50)} | ${m((r) => r.es.p50)} | ${m((r) => r.k.p50)} | ${ratio((r) => r.k.p50 / r.e.p50)} | ${ratio((r) => r.k.p50 / r.es.p50)} |`,
    `| 50 concurrent conversations: p99 per turn (ms) | ${m((r) => r.e.p99)} | ${m((r) => r.es.p99)} | ${m((r) => r.k.p99)} | ${ratio((r) => r.k.p99 / r.e.p99)} | ${ratio((r) => r.k.p99 / r.es.p99)} |`,
    `| 50 concurrent: turns per second | ${m((r) => r.e.perSecond, 0)} | ${m((r) => r.es.perSecond, 0)} | ${m((r) => r.k.perSecond, 0)} | ${ratio((r) => r.k.perSecond / r.e.perSecond)} | ${ratio((r) => r.k.perSecond / r.es.perSecond)} |`,
    `| 50 concurrent: whole conversations per second (${f(turns)} turns each) | ${m((r) => r.e.perSecond / turns)} | ${m((r) => r.es.perSecond / turns)} | ${m((r) => r.k.perSecond / turns)} | | |`,
    `| 50 concurrent: errors (all rounds) | ${sum(rounds, (r) => r.e.errors)} | ${sum(rounds, (r) => r.es.errors)} | ${sum(rounds, (r) => r.k.errors)} | | |`,
    `| ${RATE} turns/s for ${SECONDS} s: p50 (ms) | ${m((r) => r.eo.p50)} | ${m((r) => r.eso.p50)} | ${m((r) => r.ko.p50)} | ${ratio((r) => r.ko.p50 / r.eo.p50)} | ${ratio((r) => r.ko.p50 / r.eso.p50)} |`,
    `| ${RATE} turns/s for ${SECONDS} s: p99 (ms) | ${m((r) => r.eo.p99)} | ${m((r) => r.eso.p99)} | ${m((r) => r.ko.p99)} | ${ratio((r) => r.ko.p99 / r.eo.p99)} | ${ratio((r) => r.ko.p99 / r.eso.p99)} |`,
    `| ${RATE} turns/s: achieved turns/s (rounds), errors (all rounds) | ${perRound(rounds, (r) => r.eo.perSecond)}, ${sum(rounds, (r) => r.eo.errors)} | ${perRound(rounds, (r) => r.eso.perSecond)}, ${sum(rounds, (r) => r.eso.errors)} | ${perRound(rounds, (r) => r.ko.perSecond)}, ${sum(rounds, (r) => r.ko.errors)} | | |`,
    `| RSS after the runs (MB) | ${f(idleRss.echo, 0)} | ${f(idleRss.echoState, 0)} | ${f(idleRss.kw, 0)} | | |`,
    `| memory per open conversation (KB; growth from ${Math.floor(MEMORY_CONVERSATIONS / 2).toLocaleString('en')} to ${MEMORY_CONVERSATIONS.toLocaleString('en')} conversations at their fourth question, on a fresh bot): heap after a forced GC / RSS / state in the store | | | ${f(memory.heapKb, 2)} / ${f(memory.rssKb, 2)} / ${f(memory.storedKb, 2)} | | |`,
    `| start-up to /healthz (ms, median of 3) | ${f(echo.startMs, 0)} | ${f(echoState.startMs, 0)} | ${f(median(kwStarts), 0)} | | |`,
  );
  const reasons = new Map<string, number>();
  for (const r of rounds) for (const s of [r.e, r.es, r.k, r.eo, r.eso, r.ko]) for (const [why, n] of s.reasons) reasons.set(why, (reasons.get(why) ?? 0) + n);
  if (reasons.size > 0) lines.push('', `Errors: ${[...reasons].map(([why, n]) => `${n}× ${why}`).join('; ')}`);
  return lines;
}

const sum = (rounds: Round[], figure: (r: Round) => number) => rounds.reduce((s, r) => s + figure(r), 0);
const perRound = (rounds: Round[], figure: (r: Round) => number) => rounds.map((r) => f(figure(r), 0)).join(' / ');

async function closedLoopEchoWarm(port: number): Promise<void> {
  for (let i = 0; i < 300; i++) await post(port, '/api/messages', echoActivity('warm', i));
}

async function outboxThroughput(): Promise<string> {
  const script = join(__dirname, 'outbox.js');
  if (!existsSync(script)) return 'outbox: bench/outbox.ts not built';
  return new Promise((resolve) => {
    let out = '';
    const child = spawn(process.execPath, [script], { env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (c) => (out += String(c)));
    child.on('exit', () => resolve(out.trim()));
  });
}

async function main(): Promise<void> {
  const out: string[] = [
    `Klachtwijzer benchmark: Node ${process.version}, ${require('node:os').cpus().length} cores; load generator and server in separate processes on 127.0.0.1.`,
    `Per round: closed loop of ${CONVERSATIONS} whole conversations, ${CONCURRENCY} at a time; open loop of ${RATE} turns per second for ${SECONDS} s.`,
  ];
  for (const store of await stores()) if (STORES.includes(store.name)) out.push(...(await measureStore(store)));
  out.push('\n### outbox\n', await outboxThroughput());
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});


