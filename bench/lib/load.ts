import { Agent, request } from 'node:http';

/** Per-request latencies in milliseconds, with errors counted apart. */
export interface Sample {
  latencies: number[];
  errors: number;
  /** What the errors were: message → count. */
  reasons: Map<string, number>;
  wallMs: number;
}

function failed(reasons: Map<string, number>, err: unknown): void {
  const why = err instanceof Error ? err.message : String(err);
  reasons.set(why, (reasons.get(why) ?? 0) + 1);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function summarise(s: Sample): { n: number; p50: number; p99: number; perSecond: number; errors: number; reasons: Map<string, number> } {
  const sorted = [...s.latencies].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), perSecond: (sorted.length / s.wallMs) * 1000, errors: s.errors, reasons: s.reasons };
}

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/**
 * POSTs JSON to the bot and returns the parsed body (expectReplies puts the replies there). A
 * request on a kept-alive socket that the server closed at that very moment (its keep-alive
 * timeout) fails with ECONNRESET before the server saw it; as Node's documentation advises, it is
 * sent once more (the time measured includes both).
 */
export async function post(port: number, path: string, body: unknown): Promise<{ status: number; json: any }> {
  const data = Buffer.from(JSON.stringify(body));
  try {
    return await postOnce(port, path, data);
  } catch (err) {
    if ((err as { reusedSocket?: boolean; code?: string }).reusedSocket && (err as { code?: string }).code === 'ECONNRESET') return postOnce(port, path, data);
    throw err;
  }
}

function postOnce(port: number, path: string, data: Buffer): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': data.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined });
        });
      },
    );
    req.on('error', (err) => reject(Object.assign(err, { reusedSocket: req.reusedSocket })));
    req.end(data);
  });
}

/**
 * Opens `n` kept-alive connections to the server (a health check each, all at once) and leaves
 * them in the pool, so a closed loop that starts right after measures turns, not 50 connections
 * being set up at the same moment while the first conversations already run. Done before every
 * closed loop on every server alike.
 */
export async function openConnections(port: number, n: number): Promise<void> {
  await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<void>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port, path: '/healthz', method: 'GET', agent }, (res) => {
            res.resume();
            res.on('end', () => resolve());
          });
          req.on('error', reject);
          req.end();
        }),
    ),
  );
}

/** Runs `conversations` concurrent conversations; each is a function doing its own timed turns. */
export async function concurrently(conversations: number, run: (i: number, time: (turn: () => Promise<void>) => Promise<void>) => Promise<void>): Promise<Sample> {
  const latencies: number[] = [];
  const reasons = new Map<string, number>();
  let errors = 0;
  const time = async (turn: () => Promise<void>) => {
    const t0 = performance.now();
    try {
      await turn();
      latencies.push(performance.now() - t0);
    } catch (err) {
      errors++;
      failed(reasons, err);
    }
  };
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: conversations }, (_, i) =>
      run(i, time).catch((err) => {
        errors++;
        failed(reasons, err);
      }),
    ),
  );
  return { latencies, errors, reasons, wallMs: performance.now() - t0 };
}

/**
 * Open-loop load: starts a turn every 1/rate seconds whatever the answers do, for `seconds`,
 * so a slow server shows up as latency instead of as a lower request rate.
 */
export async function fixedRate(rate: number, seconds: number, turn: (i: number) => Promise<void>): Promise<Sample> {
  const latencies: number[] = [];
  const reasons = new Map<string, number>();
  let errors = 0;
  const pending: Promise<void>[] = [];
  const total = rate * seconds;
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const started = performance.now();
    pending.push(
      turn(i).then(
        () => void latencies.push(performance.now() - started),
        (err) => {
          errors++;
          failed(reasons, err);
        },
      ),
    );
  }
  await Promise.all(pending);
  return { latencies, errors, reasons, wallMs: performance.now() - t0 };
}
