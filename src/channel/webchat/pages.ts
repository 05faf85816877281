import type { TFunction } from 'i18next';
import { z } from 'zod';
import type { Procedure } from '../../domain/procedure/schema';
import { OrganisationId, PageLanguage } from '../directline/schemas';
import { publicContact, telHref, type PublicContact } from './contact';
import { escapeHtml, paragraphs, renderTemplate, scriptJson } from './html';

export type Lang = 'nl' | 'en';

/** `/?org=mee-zhn&lang=en&embed=1`; other parameters (a site's tracking tags) are ignored. */
export const PageQuery = z.object({
  org: OrganisationId.optional(),
  lang: PageLanguage.default('nl'),
  embed: z.enum(['0', '1']).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

export const WEB_CHAT_LOCALE: Record<Lang, string> = { nl: 'nl-NL', en: 'en-US' };

export function pageHref(path: string, q: { org?: string; lang: Lang; embed?: boolean }): string {
  const params = new URLSearchParams();
  if (q.org) params.set('org', q.org);
  params.set('lang', q.lang);
  if (q.embed) params.set('embed', '1');
  return `${path}?${params.toString()}`;
}

export function personRouteHtml(t: TFunction, contact: PublicContact | undefined): string {
  if (!contact) return `<p>${escapeHtml(t('person.noOrg'))}</p>`;
  const organisation = contact.organisation.name;
  if (contact.kind === 'none') return `<p>${escapeHtml(t('person.none', { organisation }))}</p>`;
  if (contact.kind === 'website') {
    return `<p>${escapeHtml(t('person.websiteOnly', { organisation }))}</p>
<ul class="kw-contact"><li><span class="kw-contact__label">${escapeHtml(t('person.website'))}</span> <a href="${escapeHtml(contact.website!)}" rel="noopener" target="_blank">${escapeHtml(contact.website!.replace(/^https?:\/\//, ''))}</a></li></ul>`;
  }
  const items: string[] = [];
  if (contact.phone) items.push(`<li><span class="kw-contact__label">${escapeHtml(t('person.phone'))}</span> <a href="${escapeHtml(telHref(contact.phone))}">${escapeHtml(contact.phone)}</a></li>`);
  if (contact.email) items.push(`<li><span class="kw-contact__label">${escapeHtml(t('person.email'))}</span> <a href="mailto:${escapeHtml(contact.email)}">${escapeHtml(contact.email)}</a></li>`);
  if (contact.website) {
    items.push(`<li><span class="kw-contact__label">${escapeHtml(t('person.website'))}</span> <a href="${escapeHtml(contact.website)}" rel="noopener" target="_blank">${escapeHtml(contact.website.replace(/^https?:\/\//, ''))}</a></li>`);
  }
  return `<p>${escapeHtml(t('person.who', { who: contact.who ?? organisation }))}</p>\n<ul class="kw-contact">${items.join('')}</ul>`;
}

/** The texts app.js needs, so that the page itself holds no hard-coded sentence. */
function clientTexts(t: TFunction): Record<string, unknown> {
  const keys = ['progress.label', 'composer.empty', 'composer.emptyText', 'composer.choices', 'composer.label', 'final.copied', 'final.copyFailed', 'page.unavailable', 'person.noOrg', 'person.who', 'person.none', 'person.websiteOnly', 'person.phone', 'person.email', 'person.website'];
  const hints = ['none', 'text', 'longText', 'date', 'email', 'phone', 'number', 'choice'];
  return {
    ...Object.fromEntries(keys.map((k) => [k, t(k)])),
    hints: Object.fromEntries(hints.map((h) => [h, t(`composer.hint.${h}`)])),
  };
}

export interface ChatPageInput {
  template: string;
  t: TFunction;
  query: PageQuery;
  procedure?: Procedure;
  versions: { css: string; js: string; webchat: string };
  /** PRIVACY_URL / TERMS_URL: a deployment's own statements instead of the built-in pages. */
  links?: { privacy?: string; terms?: string };
}

export function renderChatPage(input: ChatPageInput): string {
  const { t, query, procedure } = input;
  const lang = query.lang as Lang;
  const other: Lang = lang === 'nl' ? 'en' : 'nl';
  const embed = query.embed === '1';
  const organisation = procedure?.name;
  const contact = procedure ? publicContact(procedure, lang) : undefined;
  const infoQuery = { lang, ...(query.org ? { org: query.org } : {}) };
  const config = {
    lang,
    locale: WEB_CHAT_LOCALE[lang],
    // An unknown id still goes to the bot, which ignores it and asks; the page just shows no contacts.
    organisation: query.org ?? null,
    contact: contact ?? null,
    texts: clientTexts(t),
  };
  return renderTemplate(input.template, {
    lang,
    title: organisation ? t('page.titleOrg', { organisation }) : t('page.title'),
    heading: organisation ? t('page.headingOrg', { organisation }) : t('page.heading'),
    bodyClass: embed ? 'kw-page kw-page--embedded' : 'kw-page',
    intro: t('page.intro'),
    skipToAnswer: t('page.skipToAnswer'),
    otherLang: other,
    otherLanguage: t('page.otherLanguage'),
    otherLanguageLabel: t('page.otherLanguageLabel'),
    otherLanguageHref: pageHref('/', { org: query.org, lang: other, embed }),
    chatHeading: t('page.chatHeading'),
    chatLabel: t('page.chatLabel'),
    loading: t('page.loading'),
    noscript: t('page.noscript'),
    composerLabel: t('composer.label'),
    hintNone: t('composer.hint.none'),
    send: t('composer.send'),
    ended: t('page.ended'),
    restart: t('page.restart'),
    finalHeading: t('final.heading'),
    finalReference: t('final.reference'),
    finalPrint: t('final.print'),
    finalCopy: t('final.copy'),
    personHeading: t('person.heading'),
    personIntro: t('person.intro'),
    personRoute: personRouteHtml(t, contact),
    danger: t('person.danger'),
    footerNote: t('page.footerNote'),
    privacy: t('page.privacy'),
    terms: t('page.terms'),
    privacyHref: input.links?.privacy ?? pageHref('/privacy', infoQuery),
    termsHref: input.links?.terms ?? pageHref('/terms', infoQuery),
    // Inside an organisation's site, the statements open beside the chat instead of replacing it.
    linkTarget: embed ? ' target="_blank" rel="noopener"' : '',
    config: scriptJson(config),
    cssVersion: input.versions.css,
    jsVersion: input.versions.js,
    webchatVersion: input.versions.webchat,
  });
}

export const INFO_SECTIONS = {
  privacy: ['who', 'what', 'why', 'where', 'howLong', 'rights'],
  terms: ['what', 'advice', 'danger', 'person', 'use', 'availability'],
} as const;

export function renderInfoPage(input: {
  template: string;
  t: TFunction;
  kind: keyof typeof INFO_SECTIONS;
  lang: Lang;
  org?: string;
  values: Record<string, string | number>;
  cssVersion: string;
}): string {
  const { t, kind, lang } = input;
  const other: Lang = lang === 'nl' ? 'en' : 'nl';
  const sections = INFO_SECTIONS[kind]
    .map((s) => `<h2>${escapeHtml(t(`${kind}.${s}.heading`))}</h2>\n${paragraphs(t(`${kind}.${s}.body`, input.values))}`)
    .join('\n');
  return renderTemplate(input.template, {
    lang,
    title: t(`${kind}.title`),
    body: `${paragraphs(t(`${kind}.intro`))}\n${sections}\n<p class="kw-small">${escapeHtml(t('info.lastChange'))}</p>`,
    otherLang: other,
    otherLanguage: t('page.otherLanguage'),
    otherLanguageLabel: t('page.otherLanguageLabel'),
    otherLanguageHref: pageHref(`/${kind}`, { lang: other, org: input.org }),
    back: t('info.back'),
    backHref: pageHref('/', { lang, org: input.org }),
    cssVersion: input.cssVersion,
  });
}

export function renderBadLinkPage(input: { template: string; t: TFunction; lang: Lang; reason: string; cssVersion: string }): string {
  const { t, lang } = input;
  const other: Lang = lang === 'nl' ? 'en' : 'nl';
  return renderTemplate(input.template, {
    lang,
    title: t('error.badLink'),
    body: paragraphs(t('error.badLinkBody', { reason: input.reason })),
    otherLang: other,
    otherLanguage: t('page.otherLanguage'),
    otherLanguageLabel: t('page.otherLanguageLabel'),
    otherLanguageHref: pageHref('/', { lang: other }),
    back: t('error.toChat'),
    backHref: pageHref('/', { lang }),
    cssVersion: input.cssVersion,
  });
}
