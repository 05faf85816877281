import type { Env } from './env';

/**
 * The address people reach the bot at, for links in mails. `PUBLIC_URL` when set; in development
 * and tests `http://localhost:<PORT>`; in production without `PUBLIC_URL` none, so a real mail
 * never carries a localhost link (it names the staff command instead).
 */
export function publicBaseUrl(env: Pick<Env, 'PUBLIC_URL' | 'NODE_ENV' | 'PORT'>): string | undefined {
  if (env.PUBLIC_URL) return env.PUBLIC_URL.replace(/\/+$/, '');
  return env.NODE_ENV === 'production' ? undefined : `http://localhost:${env.PORT}`;
}

/** The chat page with the organisation preset (and English when the complainant chose it). */
export function chatLink(base: string | undefined, organisationId: string, locale: 'nl' | 'en'): string | undefined {
  if (!base) return undefined;
  return `${base}/?org=${encodeURIComponent(organisationId)}${locale === 'en' ? '&lang=en' : ''}`;
}
