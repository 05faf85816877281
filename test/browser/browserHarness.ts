import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

// Code passed to page.evaluate runs in the browser. Its globals are declared here, in this module
// only, so that the DOM library stays out of the type check of the server code.
declare const document: any;
declare const window: any;
declare const getComputedStyle: any;
declare const MutationObserver: any;

export const ROOT = join(__dirname, '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
/**
 * The README's screenshots are refreshed only on request (`UPDATE_SCREENSHOTS=1 npm test`), so an
 * ordinary test run leaves the work tree clean; otherwise they go to a temporary folder.
 */
export const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'screenshots') : mkdtempSync(join(tmpdir(), 'kw-shots-'));

/**
 * Where the browser test stands: `run` when Chromium is there; in CI without it, `fail`, so the
 * test can never pass by not running; on a developer's machine without it, `skip` with the reason.
 */
export function browserAvailability(executable = CHROMIUM, env: { CI?: string } = process.env): 'run' | 'fail' | 'skip' {
  if (existsSync(executable)) return 'run';
  return env.CI === 'true' || env.CI === '1' ? 'fail' : 'skip';
}

export const MISSING_CHROMIUM = `Chromium is missing at ${CHROMIUM}, so the browser test cannot run. Install it with: apt-get install -y --no-install-recommends chromium (.ci/run does this).`;

/**
 * A describe block that needs Chromium. In CI a missing Chromium fails the suite; on a developer
 * machine without it the block is skipped (reason: MISSING_CHROMIUM, printed), never in CI.
 */
export function describeInBrowser(title: string, body: () => void): void {
  const availability = browserAvailability();
  if (availability === 'fail') {
    describe(title, () => {
      it('when the browser test runs in CI, then Chromium is installed', () => {
        throw new Error(MISSING_CHROMIUM);
      });
    });
    return;
  }
  if (availability === 'skip') process.stderr.write(`${MISSING_CHROMIUM}\n`);
  (availability === 'run' ? describe : describe.skip)(title, body);
}

export interface RunningBot {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** The real server, compiled (`npm start`), on a free port, with its data in a temp folder and no SMTP. */
export async function startBot(extraEnv: Record<string, string>): Promise<RunningBot> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kw-browser-'));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !['SMTP_URL', 'DATABASE_URL', 'DIRECT_LINE_SECRET', 'MicrosoftAppId', 'PUBLIC_URL', 'ALLOWED_ORIGINS', 'ORGANISATIONS'].includes(k)) env[k] = v;
  }
  Object.assign(env, { NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', OUTBOX_POLL_MS: '200' }, extraEnv);
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'index.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of output.split('\n')) {
        if (!line.includes('"msg":"listening"')) continue;
        const parsed = JSON.parse(line) as { port: number };
        resolve(parsed.port);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => reject(new Error(`the bot stopped (${code}) before listening:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Chromium with a fresh profile and the flags our machines need. */
export async function launchBrowser(): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'kw-chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
    reducedMotion: 'reduce',
    locale: 'nl-NL',
  });
}

/** A stand-in for an organisation's own website with the two-line embed snippet. */
export async function startHostSite(snippet: (botUrl: string) => string): Promise<{ url: string; setBot(url: string): void; close(): Promise<void> }> {
  let botUrl = '';
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Xtra – klachten</title>
<style>body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a}header{background:#5b2a86;color:#fff;padding:1rem 2rem}main{max-width:60rem;margin:0 auto;padding:1rem 2rem}</style></head>
<body><header><strong>Xtra</strong> – welzijn in Den Haag</header><main><h1>Een klacht indienen</h1><p>Niet tevreden? Vertel het ons hieronder.</p>
${snippet(botUrl)}</main></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    setBot: (url) => (botUrl = url),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The browser keeps its connections open; they must not hold the test up.
        server.closeAllConnections();
      }),
  };
}

export type AxeResult = { id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> };

/** axe-core in the page; only serious and critical findings come back, each in one line. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated over the DevTools protocol: the page's CSP (script-src 'self') does not block it.
  await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeResult[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Polls the mail folder until a mail whose name matches appears (delivery runs in the background). */
export async function waitForMail(dir: string, pattern: RegExp, attempts = 100): Promise<string> {
  for (let i = 0; i < attempts; i++) {
    const file = existsSync(dir) ? readdirSync(dir).find((f) => pattern.test(f)) : undefined;
    if (file) return join(dir, file);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail matching ${pattern} in ${dir}: ${existsSync(dir) ? readdirSync(dir).join(', ') : '(no folder)'}`);
}
