import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { BenchConversation, echoActivity } from './lib/conversation';
import type { HeapReport } from './lib/heapProbe';
import { concurrently, fixedRate, post, summarise, type Sample } from './lib/load';

/**
 * `npm run bench`: Klachtwijzer against two floors measured in the same run on the same machine:
 * a bare botbuilder echo bot, and the same echo bot saving its state in the same store. With
 * SQLite and with PostgreSQL. Prints numbers; asserts nothing.
 *
 * Environment: BENCH_DATABASE_URL (default the local postgres://postgres@127.0.0.1:5432/test),
 * BENCH_SECONDS (open-loop duration, default 10), BENCH_CONVERSATIONS (closed loop, default 200),
 * BENCH_MEMORY_CONVERSATIONS (conversations left open for the memory line, default 1000).
 */

const root = join(__dirname, '..', '..');
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 200);
const MEMORY_CONVERSATIONS = Number(process.env.BENCH_MEMORY_CONVERSATIONS ?? 1000);
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
      RATE_LIMIT_PER_ADDRESS: '100000000',
      RATE_LIMIT_PER_CONVERSATION: '1000',
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

/**
 * Memory per open conversation: growth of the heap after a forced GC while MEMORY_CONVERSATIONS
 * conversations stand halfway (8 turns in, not finished). RSS is not used: V8 and the allocator
 * keep freed memory, so RSS growth mostly shows garbage and can even fall.
 */
async function memoryPerConversation(server: Server, tag: string): Promise<number> {
  const before = await heapAfterGc(server);
  const conversations = Array.from({ length: MEMORY_CONVERSATIONS }, (_, i) => new BenchConversation(server.port, `${tag}-${i}`, ORGS[i % ORGS.length]));
  let next = 0;
  await concurrently(CONCURRENCY, async () => {
    while (next < conversations.length) {
      const c = conversations[next++];
      for (let t = 0; t < 8; t++) await c.turn();
    }
  });
  const after = await heapAfterGc(server);
  return (after - before) / 1024 / conversations.length;
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

const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');

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
  for (let i = 0; i < 5; i++) {
    const c = new BenchConversation(kw.port, `warm-${i}`, ORGS[i]);
    while (await c.turn());
  }

  const kwClosed = await closedLoopKlachtwijzer(kw.port, `${store.name}-closed`);
  const echoClosed = await closedLoopEcho(echo.port, `${store.name}-echo`, kwClosed.turnsPerConversation);
  const echoStateClosed = await closedLoopEcho(echoState.port, `${store.name}-echostate`, kwClosed.turnsPerConversation);
  const kwOpen = await openLoopKlachtwijzer(kw.port, `${store.name}-open`);
  const echoOpen = await openLoopEcho(echo.port, `${store.name}-echo-open`);
  const echoStateOpen = await openLoopEcho(echoState.port, `${store.name}-echostate-open`);
  const memory = await memoryPerConversation(kw, `${store.name}-mem`);
  const idleRss = { echo: rssMb(echo.child.pid!), echoState: rssMb(echoState.child.pid!), kw: rssMb(kw.child.pid!) };

  const [e, es, k] = [summarise(echoClosed), summarise(echoStateClosed), summarise(kwClosed.sample)];
  const [eo, eso, ko] = [summarise(echoOpen), summarise(echoStateOpen), summarise(kwOpen)];
  lines.push(
    `| measure | echo bot | echo bot + state | Klachtwijzer | Klachtwijzer / echo | Klachtwijzer / echo + state |`,
    `|---|---:|---:|---:|---:|---:|`,
    `| 50 concurrent conversations: p50 per turn (ms) | ${f(e.p50)} | ${f(es.p50)} | ${f(k.p50)} | ${f(k.p50 / e.p50, 2)} | ${f(k.p50 / es.p50, 2)} |`,
    `| 50 concurrent conversations: p99 per turn (ms) | ${f(e.p99)} | ${f(es.p99)} | ${f(k.p99)} | ${f(k.p99 / e.p99, 2)} | ${f(k.p99 / es.p99, 2)} |`,
    `| 50 concurrent: turns per second | ${f(e.perSecond, 0)} | ${f(es.perSecond, 0)} | ${f(k.perSecond, 0)} | ${f(k.perSecond / e.perSecond, 2)} | ${f(k.perSecond / es.perSecond, 2)} |`,
    `| 50 concurrent: whole conversations per second (${f(kwClosed.turnsPerConversation)} turns each) | ${f((e.perSecond / kwClosed.turnsPerConversation), 1)} | ${f(es.perSecond / kwClosed.turnsPerConversation, 1)} | ${f(k.perSecond / kwClosed.turnsPerConversation, 1)} | | |`,
    `| 50 concurrent: errors | ${e.errors} | ${es.errors} | ${k.errors} | | |`,
    `| ${RATE} turns/s for ${SECONDS} s: p50 (ms) | ${f(eo.p50)} | ${f(eso.p50)} | ${f(ko.p50)} | ${f(ko.p50 / eo.p50, 2)} | ${f(ko.p50 / eso.p50, 2)} |`,
    `| ${RATE} turns/s for ${SECONDS} s: p99 (ms) | ${f(eo.p99)} | ${f(eso.p99)} | ${f(ko.p99)} | ${f(ko.p99 / eo.p99, 2)} | ${f(ko.p99 / eso.p99, 2)} |`,
    `| ${RATE} turns/s: achieved turns/s, errors | ${f(eo.perSecond, 0)}, ${eo.errors} | ${f(eso.perSecond, 0)}, ${eso.errors} | ${f(ko.perSecond, 0)}, ${ko.errors} | | |`,
    `| RSS after the runs (MB) | ${f(idleRss.echo, 0)} | ${f(idleRss.echoState, 0)} | ${f(idleRss.kw, 0)} | | |`,
    `| memory per open conversation (KB, heap after a forced GC, growth over ${MEMORY_CONVERSATIONS} open conversations) | | | ${f(memory)} | | |`,
    `| start-up to /healthz (ms, median of 3) | ${f(echo.startMs, 0)} | ${f(echoState.startMs, 0)} | ${f(kwStarts.sort((a, b) => a - b)[1], 0)} | | |`,
  );
  await Promise.all([stop(echo), stop(echoState), stop(kw)]);
  return lines;
}

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
    `Closed loop: ${CONVERSATIONS} whole conversations, ${CONCURRENCY} at a time. Open loop: ${RATE} turns per second for ${SECONDS} s.`,
  ];
  for (const store of await stores()) out.push(...(await measureStore(store)));
  out.push('\n### outbox\n', await outboxThroughput());
  process.stdout.write(`${out.join('\n')}\n`);
}

// Run as a script; imported, it only lends its parts (to measure one line on its own).
if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}

export { memoryPerConversation, startKlachtwijzer, stop, stores };
