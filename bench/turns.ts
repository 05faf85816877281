import { startInProcessApp } from './lib/inProcessApp';
import { BenchConversation } from './lib/conversation';
import { percentile } from './lib/load';

/**
 * How long the server takes per turn of a whole conversation: N conversations, each from hello to
 * a sent complaint (or the summary mailed to the client where no mailbox is known), over HTTP
 * with expectReplies against the in-process server with SQLite state and the real send port
 * (register and outbox; the outbox worker is not started, so no mail is written).
 *
 *   npm run -s build && node dist/bench/turns.js [conversations=200] [concurrency=1]
 *
 * Also prints the CPU time per turn of this process (bot and client together): with
 * concurrency 1 the steadiest figure to compare two versions of the bot by (run them
 * alternately a few times and take each one's lowest).
 */

interface Timed {
  step: string;
  ms: number;
}

async function conversation(port: number, organisation: string, id: string): Promise<{ turns: Timed[]; outcome?: string }> {
  const c = new BenchConversation(port, id, organisation);
  const turns: Timed[] = [];
  for (let answering = 'welcome'; ; answering = c.step!) {
    const t0 = performance.now();
    const more = await c.turn();
    turns.push({ step: answering, ms: performance.now() - t0 });
    if (!more) return { turns, outcome: c.outcome };
  }
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 200);
  const concurrency = Number(process.argv[3] ?? 1);
  const { env, clock, procedures, db, app, close } = await startInProcessApp('turns');
  const port = await app.listen(0);
  const orgs = procedures.list().map((p) => p.id);

  // Warm-up: the first conversations pay for JIT compilation and prepared statements.
  for (let i = 0; i < 5; i++) await conversation(port, orgs[i % orgs.length], `warm-${i}`);

  const all: Timed[] = [];
  const totals: number[] = [];
  const outcomes = new Map<string, number>();
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const { turns, outcome } = await conversation(port, orgs[i % orgs.length], `c-${i}`);
        all.push(...turns);
        totals.push(turns.reduce((s, x) => s + x.ms, 0));
        outcomes.set(outcome ?? 'none', (outcomes.get(outcome ?? 'none') ?? 0) + 1);
      }
    }),
  );
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);

  const fmt = (x: number) => x.toFixed(2).padStart(8);
  const row = (name: string, ms: number[]) => {
    const s = [...ms].sort((a, b) => a - b);
    return `${name.padEnd(22)}${String(s.length).padStart(7)}${fmt(percentile(s, 50))}${fmt(percentile(s, 99))}${fmt(s[s.length - 1])}`;
  };
  const steps = [...new Set(all.map((x) => x.step))];
  const lines = [
    `Klachtwijzer: server time per turn, ${n} conversations (concurrency ${concurrency}), HTTP expectReplies, SQLite state, Node ${process.version}`,
    `${'turn answering'.padEnd(22)}${'n'.padStart(7)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'max ms'.padStart(8)}`,
    ...steps.map((s) => row(s, all.filter((x) => x.step === s).map((x) => x.ms))),
    row('ALL TURNS', all.map((x) => x.ms)),
    row('WHOLE CONVERSATION', totals),
    `turns per conversation: ${(all.length / n).toFixed(1)}; turns per second: ${((all.length / wall) * 1000).toFixed(0)}; outcomes: ${JSON.stringify(Object.fromEntries(outcomes))}`,
    `CPU per turn (µs, this process: the bot and the client that talks to it): ${((cpu.user + cpu.system) / all.length).toFixed(0)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  await close();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
