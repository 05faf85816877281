import type { TFunction } from 'i18next';
import { personRoute } from '../../src/app/personContacts';
import type { Locale } from '../../src/domain/complaint/complaint';
import { formatLongDate } from '../../src/domain/dates/parseUserDate';
import type { Contact, Procedure, Referral, Support, Text } from '../../src/domain/procedure/schema';

export const longDate = (date: string, locale: Locale): string => formatLongDate(date, locale);

export const text = (value: Text, locale: Locale): string => value[locale];

/** A phone number as a link that dials it on a phone: `[030 789 78 78](tel:0307897878)`. */
export function telLink(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '');
  return digits.length >= 3 ? `[${phone}](tel:${digits})` : phone;
}

/** A contact as short lines: phone, e-mail, website, post. */
export function contactLines(c: Contact, t: TFunction): string[] {
  const lines: string[] = [];
  if (c.phone) lines.push(t('contact.phone', { phone: telLink(c.phone) }));
  if (c.email) lines.push(t('contact.email', { email: c.email }));
  if (c.website) lines.push(t('contact.website', { website: c.website }));
  if (c.post) lines.push(t('contact.post', { post: c.post }));
  return lines;
}

/**
 * A helper's one plain sentence, the first time in a conversation: `seen` is the conversation's
 * list (absent in a mail, which always explains).
 */
export function explainOnce(kind: string, t: TFunction, seen?: string[]): string {
  if (seen?.includes(kind)) return '';
  seen?.push(kind);
  return ` ${t(`helper.${kind}`)}`;
}

function block(title: string, c: Contact, t: TFunction): string {
  const lines = contactLines(c, t);
  return lines.length ? `${title}\n${lines.map((l) => `- ${l}`).join('\n')}` : title;
}

/**
 * Helpers as blocks: the name, one plain sentence on what they do, and how to reach them (the
 * contact from the procedure, else the seed's word on how to find them). Never a bare name.
 */
export function supportText(list: readonly Support[], locale: Locale, t: TFunction, seen?: string[]): string | undefined {
  if (list.length === 0) return undefined;
  return list
    .map((s) => {
      const explain = s.kind === 'bring_someone' ? '' : explainOnce(s.kind, t, seen);
      const found = s.howToFind && contactLines(s.contact, t).length === 0 ? `\n${text(s.howToFind, locale)}` : '';
      return `${block(`**${text(s.name, locale)}**${explain}`, s.contact, t)}${found}`;
    })
    .join('\n\n');
}

export function referralText(r: Referral, locale: Locale, t: TFunction, seen?: string[]): string {
  // SKJ in one plain sentence: what it is, before when to go there (once in a conversation).
  const explain = r.id === 'skj' ? explainOnce('skj', t, seen) : '';
  return `${block(`**${text(r.name, locale)}**${explain}`, r.contact, t)}\n${text(r.when, locale)}`;
}

/**
 * The general routes (Het Juiste Loket, cliëntondersteuning), and Jeugdstem only where youth care
 * applies: never to an adult in welfare work (DOMAIN S1: Jeugdstem is for youth care).
 */
export function generalRoutes(t: TFunction, youth: boolean, seen?: string[]): string {
  if (!youth) return t('human.general_routes');
  // Jeugdstem's sentence once in a conversation; after that its name and address.
  const explained = seen?.includes('jeugdstem') ?? false;
  seen?.push('jeugdstem');
  return `${t('human.general_routes')}\n${t(explained ? 'human.general_routes_youth_again' : 'human.general_routes_youth')}`;
}

/** Youth care applies: a youth-care organisation without welfare work, or a complaint about a minor. */
export function youthCareApplies(procedure: Procedure | undefined, ageBand?: string): boolean {
  if (!procedure) return true;
  return !procedure.regimes.some((r) => r.regime === 'wmo') || (ageBand !== undefined && ageBand !== '18_plus');
}

/**
 * How to reach a person at once (command `mens`, or asked in the person's own words): the
 * organisation's phone where known, else its e-mail and an honest "no phone number is known",
 * then the general routes. Never a loop back into the bot.
 */
export function personText(procedure: Procedure | undefined, locale: Locale, t: TFunction, ageBand?: string, seen?: string[]): string {
  if (!procedure) return `${t('human.no_organisation')}\n\n${generalRoutes(t, true, seen)}`;
  const r = personRoute(procedure);
  const organisation = procedure.name;
  const routes = generalRoutes(t, youthCareApplies(procedure, ageBand), seen);
  switch (r.kind) {
    case 'person': {
      const reach = `${t('human.person', { organisation })}\n\n${block(`**${text(r.who, locale)}**`, r.contact, t)}`;
      const phone = r.contact.phone ?? procedure.contact.phone;
      return phone ? `${reach}\n\n${routes}` : `${reach}\n\n${t('human.no_phone', { organisation })}\n\n${routes}`;
    }
    case 'website':
      return `${t('human.website', { organisation, website: r.website })}\n\n${routes}`;
    case 'none':
      return `${t('human.none', { organisation })}\n\n${routes}`;
  }
}

/** The emergency numbers (112, Veilig Thuis, 113, De Kindertelefoon): shown first, before anything else. */
export function safetyText(t: TFunction): string {
  return [t('safety.intro'), `- ${t('safety.emergency')}`, `- ${t('safety.veilig_thuis')}`, `- ${t('safety.suicide')}`, `- ${t('safety.children')}`, t('safety.go_on')].join('\n');
}

/** "De leidinggevende" reads as "de leidinggevende" inside a sentence; a name (SKJ, Xtra) stays as it is. */
export function inSentence(title: string): string {
  return /^(?:De|Het|Uw|Een|The|Your|A|An) /.test(title) ? title[0].toLowerCase() + title.slice(1) : title;
}

/**
 * What a person typed, to be shown literally where the bot repeats it (Web Chat and Adaptive
 * Cards read markdown): markdown and HTML characters are escaped, and web addresses are broken
 * with an invisible space so that no link, image or bold text can come from an answer.
 */
export function literal(typed: string): string {
  return typed
    .replace(/[\\`*_[\]<>~#|]/g, (ch) => `\\${ch}`)
    .replace(/:\/\//g, ':\u200b//')
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\u200b.`);
}
