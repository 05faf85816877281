import { z } from 'zod';
import { DEFAULT_POOL_SIZE } from '../infra/db/db';

/**
 * The environment, read and validated once. Nothing else reads `process.env`.
 * Every key is listed, with a comment, in `.env.example`.
 */

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUndefined, schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, value: z.input<T>) =>
  z.preprocess(emptyAsUndefined, schema.default(value as never));

const csv = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

export const EnvSchema = z.object({
  NODE_ENV: withDefault(z.enum(['development', 'production', 'test']), 'development'),
  PORT: withDefault(z.coerce.number().int().min(0).max(65535), 3978),
  HOST: withDefault(z.string(), '0.0.0.0'),
  LOG_LEVEL: withDefault(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
  /** `pretty` (one readable line per record) or `json`; default pretty in development, else JSON. */
  LOG_FORMAT: opt(z.enum(['json', 'pretty'])),

  // Bot Framework authentication; without MicrosoftAppId the bot runs in local mode.
  MicrosoftAppId: opt(z.string()),
  MicrosoftAppPassword: opt(z.string()),
  // Default: SingleTenant when MicrosoftAppTenantId is set, else MultiTenant (with a warning at start).
  MicrosoftAppType: opt(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'])),
  MicrosoftAppTenantId: opt(z.string()),
  // With NODE_ENV=production and no MicrosoftAppId, /api/messages answers 401 unless this is true.
  ALLOW_UNAUTHENTICATED: withDefault(z.enum(['true', 'false']).transform((v) => v === 'true'), 'false'),
  // Entra tenant ids whose Teams users may file for a client (staff_on_behalf); any tenant when empty.
  TEAMS_TENANT_IDS: opt(csv.pipe(z.array(z.string().regex(/^[0-9a-fA-F-]{36}$/, 'a tenant id is a GUID').transform((s) => s.toLowerCase())))),
  // Whose cases the staff of a listed tenant may look up by reference alone: `<tenant id>:<organisation id>[,…]`,
  // entries separated by `;`. Unset: any organisation's. Set: a listed tenant without an entry looks up none.
  TEAMS_TENANT_ORGANISATIONS: opt(
    z.string().transform((value, ctx) => {
      const map: Record<string, string[]> = {};
      for (const entry of value.split(';').map((e) => e.trim()).filter(Boolean)) {
        const m = /^([0-9a-fA-F-]{36})\s*:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)$/.exec(entry);
        if (!m) {
          ctx.addIssue({ code: 'custom', message: `"${entry.slice(0, 80)}" is not <tenant id>:<organisation id>[,<organisation id>…]` });
          return z.NEVER;
        }
        map[m[1]!.toLowerCase()] = m[2]!.split(',').map((o) => o.trim());
      }
      return map;
    }),
  ),
  // Where the OpenID metadata of the Bot Framework's token issuer is read (tests point it at a stub).
  BOT_OPENID_METADATA: opt(z.url()),

  // Which organisations this deployment offers (comma-separated ids); all when empty.
  ORGANISATIONS: opt(csv),
  PROCEDURE_OVERRIDES: opt(z.string()),

  // Storage.
  DATA_DIR: withDefault(z.string(), './data'),
  DATABASE_URL: opt(z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')),
  /** Connections to PostgreSQL per instance (see DEFAULT_POOL_SIZE). */
  DATABASE_POOL_SIZE: withDefault(z.coerce.number().int().min(1).max(100), DEFAULT_POOL_SIZE),
  CONVERSATION_RETENTION_DAYS: withDefault(z.coerce.number().int().positive(), 30),
  RETENTION_DAYS: withDefault(z.coerce.number().int().positive(), 730),

  // Mail.
  SMTP_URL: opt(z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')),
  MAIL_FROM: withDefault(z.string(), 'Klachtwijzer <klachtwijzer@localhost>'),
  ALERT_EMAIL: opt(z.email()),
  /** Outbox retry delays in seconds, comma-separated; the last failure raises the alert. */
  OUTBOX_RETRY_SCHEDULE: withDefault(
    csv.pipe(z.array(z.string().regex(/^\d+(\.\d+)?$/, "seconds").transform(Number))),
    '60,300,900,3600,10800,21600,43200,86400,172800',
  ),
  OUTBOX_POLL_MS: withDefault(z.coerce.number().int().positive(), 2000),
  /** How long an instance's claim on a mail lasts; when it dies, another instance sends after this. */
  OUTBOX_LEASE_SECONDS: withDefault(z.coerce.number().int().min(5), 300),
  RATE_LIMIT_PER_CONVERSATION: withDefault(z.coerce.number().int().positive(), 3),
  RATE_LIMIT_PER_ADDRESS: withDefault(z.coerce.number().int().positive(), 20),
  RATE_LIMIT_PER_CLIENT: withDefault(z.coerce.number().int().positive(), 5),
  RATE_LIMIT_PER_STAFF: withDefault(z.coerce.number().int().positive(), 50),
  RATE_LIMIT_PER_RECIPIENT: withDefault(z.coerce.number().int().positive(), 5),
  /** Proxies whose X-Forwarded-For is believed: IPs or CIDR ranges, comma-separated. */
  TRUST_PROXY: opt(csv),
  RATE_LIMIT_WINDOW_MINUTES: withDefault(z.coerce.number().int().positive(), 60),

  // Web chat and Direct Line.
  PUBLIC_URL: opt(z.url()),
  DIRECT_LINE_SECRET: opt(z.string()),
  ALLOWED_ORIGINS: opt(csv),
  DIRECTLINE_CONVERSATIONS_PER_MINUTE: withDefault(z.coerce.number().int().positive(), 30),
  DIRECTLINE_TOKENS_PER_MINUTE: withDefault(z.coerce.number().int().positive(), 30),

  // Extra days off for every organisation's working-day count, YYYY-MM-DD, comma-separated.
  EXTRA_DAYS_OFF: opt(csv.pipe(z.array(z.iso.date()))),

  // Teams app manifest.
  TEAMS_APP_ID: opt(z.uuid()),
  TEAMS_APP_NAME: withDefault(z.string().min(1).max(30), 'Klachtwijzer'),
  TEAMS_DEVELOPER_NAME: withDefault(z.string().min(1).max(32), 'Klachtwijzer'),
  PRIVACY_URL: opt(z.url()),
  TERMS_URL: opt(z.url()),

  // Tests and demos only: the bot's clock starts at this instant (ISO 8601 with offset) and runs on from there.
  // Refused when NODE_ENV is production.
  KLACHTWIJZER_FIXED_NOW: opt(z.iso.datetime({ offset: true })),
});

/** The environment with its derived defaults. */
const ResolvedEnv = EnvSchema.superRefine((env, ctx) => {
  for (const tenant of Object.keys(env.TEAMS_TENANT_ORGANISATIONS ?? {})) {
    if (!env.TEAMS_TENANT_IDS?.includes(tenant)) {
      ctx.addIssue({ code: 'custom', path: ['TEAMS_TENANT_ORGANISATIONS'], message: `tenant ${tenant} is not in TEAMS_TENANT_IDS` });
    }
  }
}).transform((env) => ({
  ...env,
  MicrosoftAppType: env.MicrosoftAppType ?? (env.MicrosoftAppTenantId ? ('SingleTenant' as const) : ('MultiTenant' as const)),
  /** The app type was not set and fell back to MultiTenant (Azure no longer creates those). */
  appTypeDefaulted: env.MicrosoftAppType === undefined && !env.MicrosoftAppTenantId,
}));

export type Env = z.infer<typeof ResolvedEnv>;

export class EnvError extends Error {}

/** Parse an environment; throws EnvError naming every bad key and why. */
export function parseEnv(source: Record<string, string | undefined>): Readonly<Env> {
  const result = ResolvedEnv.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join('\n')}`);
  }
  return Object.freeze(result.data);
}
