import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request, Response, Server } from 'restify';
import type { Env } from '../../config/env';
import type { ProcedureRepository } from '../../domain/ports';
import type { SqlDb } from '../../infra/db/db';
import { migrate } from '../../infra/db/migrate';
import { directLineMigrations, SqlTranscriptStore } from '../../infra/directline/sqlTranscriptStore';
import { tFor } from '../../infra/i18n/i18n';
import { projectRoot } from '../../infra/projectRoot';
import { DirectLine, type BotTurn } from '../directline/directLine';
import { HttpError, parse, query, sendError } from '../directline/http';
import { DIRECT_LINE_PATHS, mountDirectLine, type DirectLineLimits } from '../directline/routes';
import { clientAddress } from '../clientAddress';
import { hitLimits, pruneLimits } from '../../infra/delivery/rateLimits';
import { OrganisationId, PageLanguage } from '../directline/schemas';
import { AZURE_DIRECT_LINE, mountTokenEndpoint, TOKEN_PATH } from '../directline/tokenEndpoint';
import { TokenSigner } from '../directline/tokens';
import { loadAsset, sendAsset, type Asset } from './assets';
import { publicContact } from './contact';
import { OriginPolicy } from './cors';
import { PageQuery, renderBadLinkPage, renderChatPage, renderInfoPage, type Lang } from './pages';

export const CONTACT_PATH = '/api/organisations/:id/contact';
const WEBCHAT_VERSION = '4.18.1';
const HOUR = 3600_000;
const MINUTE = 60_000;

export interface WebChatDeps {
  env: Pick<Env, 'PORT' | 'PUBLIC_URL' | 'DIRECT_LINE_SECRET' | 'ALLOWED_ORIGINS' | 'CONVERSATION_RETENTION_DAYS' | 'RETENTION_DAYS'> &
    Partial<Pick<Env, 'PRIVACY_URL' | 'TERMS_URL' | 'TRUST_PROXY' | 'DIRECTLINE_CONVERSATIONS_PER_MINUTE' | 'DIRECTLINE_TOKENS_PER_MINUTE'>>;
  db: SqlDb;
  procedures: ProcedureRepository;
  /** The bot, in-process: `inProcessBot({ adapter, logic })`. */
  bot: BotTurn;
  log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  /** Tests only: a stand-in for Azure's Direct Line service. */
  azure?: { base: string; fetch?: typeof fetch };
  now?: () => Date;
}

export interface WebChat {
  directLine: DirectLine;
  transcripts: SqlTranscriptStore;
  /** Stops the hourly erasing of old transcripts. */
  close(): void;
}

/**
 * Everything a visitor's browser meets: the chat page, its scripts, the embed script, the
 * privacy and terms pages, a person's contact routes, the page's token, and a Direct Line v3
 * endpoint so that Web Chat works without any cloud account. Needs the transcripts' tables,
 * which it migrates itself.
 */
export async function mountWebChat(server: Server, deps: WebChatDeps): Promise<WebChat> {
  const now = deps.now ?? (() => new Date());
  await migrate(deps.db, directLineMigrations);
  const transcripts = new SqlTranscriptStore(deps.db, () => now().getTime());
  const signer = new TokenSigner(await transcripts.signingKey(), () => Math.floor(now().getTime() / 1000));
  const directLine = new DirectLine({
    store: transcripts,
    signer,
    bot: deps.bot,
    serviceUrl: deps.env.PUBLIC_URL ?? `http://localhost:${deps.env.PORT}`,
    now,
    log: deps.log,
    removedText: (locale) => tFor(locale, 'web')('transcript.removed'),
  });
  const origins = new OriginPolicy(deps.env.ALLOWED_ORIGINS ?? [], deps.env.PUBLIC_URL);
  const guard = origins.guard();

  // Per-address limits in the database, so instances share them (README: Security).
  const perMinute = { conversation: deps.env.DIRECTLINE_CONVERSATIONS_PER_MINUTE ?? 30, token: deps.env.DIRECTLINE_TOKENS_PER_MINUTE ?? 30 };
  const limits: DirectLineLimits = {
    addressOf: (req) => clientAddress(req, deps.env.TRUST_PROXY ?? []),
    async over(kind, address) {
      const at = now().getTime();
      const over = await hitLimits(deps.db, [{ bucket: `dl-${kind}:${address}`, limit: perMinute[kind] }], MINUTE, at, 'directline_rate_limits');
      return over ? Math.max(1, Math.ceil((MINUTE - (at % MINUTE)) / 1000)) : undefined;
    },
  };
  mountDirectLine(server, directLine, signer, guard, limits);
  mountTokenEndpoint(server, { directLine, secret: deps.env.DIRECT_LINE_SECRET, azureBase: deps.azure?.base, fetch: deps.azure?.fetch }, guard, limits);
  origins.mountPreflight(server, [...DIRECT_LINE_PATHS, TOKEN_PATH, CONTACT_PATH]);

  server.get(CONTACT_PATH, guard, async (req: Request, res: Response) => {
    try {
      const id = parse(OrganisationId, req.params?.id);
      const lang = parse(PageLanguage.default('nl'), query(req).get('lang') ?? undefined) as Lang;
      const procedure = deps.procedures.get(id);
      if (!procedure) throw new HttpError(404, 'NotFound', 'no organisation with this id is offered here');
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.send(200, publicContact(procedure, lang));
    } catch (err) {
      sendError(res, err);
    }
  });

  mountPages(server, deps, origins);

  const retain = () => {
    const cutoff = now().getTime() - deps.env.CONVERSATION_RETENTION_DAYS * 24 * HOUR;
    transcripts.purgeOlderThan(cutoff).catch((err: unknown) => deps.log?.warn({ errorClass: (err as Error)?.name }, 'directline_purge_failed'));
    pruneLimits(deps.db, MINUTE, now().getTime(), 'directline_rate_limits').catch(() => undefined);
  };
  retain();
  const timer = setInterval(retain, HOUR);
  timer.unref();
  return { directLine, transcripts, close: () => clearInterval(timer) };
}

function mountPages(server: Server, deps: WebChatDeps, origins: OriginPolicy): void {
  const dir = join(projectRoot(), 'public');
  const templates = { chat: readFileSync(join(dir, 'index.html'), 'utf8'), info: readFileSync(join(dir, 'info.html'), 'utf8') };
  const frameTitles = { nl: tFor('nl', 'web')('embed.frameTitle'), en: tFor('en', 'web')('embed.frameTitle') };
  const assets: Record<string, Asset> = {
    '/app.js': loadAsset(dir, 'app.js'),
    '/app.css': loadAsset(dir, 'app.css'),
    '/embed.js': loadAsset(dir, 'embed.js', (js) => js.replace('__KLACHTWIJZER_FRAME_TITLES__', JSON.stringify(frameTitles))),
    '/vendor/webchat.js': loadAsset(dir, 'vendor/webchat.js'),
    '/vendor/LICENSE': loadAsset(dir, 'vendor/LICENSE'),
    '/vendor/webchat.js.LICENSE.txt': loadAsset(dir, 'vendor/webchat.js.LICENSE.txt'),
  };
  for (const [path, asset] of Object.entries(assets)) {
    server.get(path, (req: Request, res: Response, next: (e?: unknown) => void) => {
      sendAsset(req, res, asset);
      return next(false);
    });
  }
  const versions = { css: assets['/app.css']!.version, js: assets['/app.js']!.version, webchat: assets['/vendor/webchat.js']!.version };

  const connect = ["'self'", ...(deps.env.DIRECT_LINE_SECRET ? [new URL(AZURE_DIRECT_LINE).origin, 'wss://directline.botframework.com'] : [])].join(' ');
  const chatCsp = [
    "default-src 'none'",
    "script-src 'self'",
    // Web Chat writes its styles at run time.
    "style-src 'self' 'unsafe-inline'",
    // Images only from the bot itself: an image in a message can never call out to another site.
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    `frame-ancestors ${origins.frameAncestors()}`,
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
  const infoCsp = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

  const langOf = (req: Request): Lang => (PageLanguage.safeParse(query(req).get('lang') ?? 'nl').data as Lang | undefined) ?? 'nl';

  server.get('/', (req: Request, res: Response, next: (e?: unknown) => void) => {
    const parsed = PageQuery.safeParse(Object.fromEntries(query(req)));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const reason = `${issue.path.join('.')}: ${issue.message}`;
      sendHtml(res, 400, renderBadLinkPage({ template: templates.info, t: tFor(langOf(req), 'web'), lang: langOf(req), reason, cssVersion: versions.css }), infoCsp);
      return next(false);
    }
    const q = parsed.data;
    const procedure = q.org ? deps.procedures.get(q.org) : undefined;
    const links = { privacy: deps.env.PRIVACY_URL, terms: deps.env.TERMS_URL };
    sendHtml(res, 200, renderChatPage({ template: templates.chat, t: tFor(q.lang, 'web'), query: q, procedure, versions, links }), chatCsp);
    return next(false);
  });

  for (const kind of ['privacy', 'terms'] as const) {
    server.get(`/${kind}`, (req: Request, res: Response, next: (e?: unknown) => void) => {
      const lang = langOf(req);
      const org = OrganisationId.safeParse(query(req).get('org') ?? undefined).data;
      const html = renderInfoPage({
        template: templates.info,
        t: tFor(lang, 'web'),
        kind,
        lang,
        org,
        values: { conversationDays: deps.env.CONVERSATION_RETENTION_DAYS, retentionDays: deps.env.RETENTION_DAYS },
        cssVersion: versions.css,
      });
      sendHtml(res, 200, html, infoCsp);
      return next(false);
    });
  }
}

function sendHtml(res: Response, status: number, html: string, csp: string): void {
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.writeHead(status);
  res.end(html);
}
