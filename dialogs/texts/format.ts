import type { TFunction } from 'i18next';
import { personRoute } from '../../src/app/personContacts';
import type { Locale } from '../../src/domain/complaint/complaint';
import { formatLongDate } from '../../src/domain/dates/parseUserDate';
import type { Contact, Procedure, Referral, Support, Text } from '../../src/domain/procedure/schema';

export const longDate = (date: string, locale: Locale): string => formatLongDate(date, locale);

export const text = (value: Text, locale: Locale): string => value[locale];

/** A contact as short lines: phone, e-mail, website, post. */
export function contactLines(c: Contact, t: TFunction): string[] {
  const lines: string[] = [];
  if (c.phone) lines.push(t('contact.phone', { phone: c.phone }));
  if (c.email) lines.push(t('contact.email', { email: c.email }));
  if (c.website) lines.push(t('contact.website', { website: c.website }));
  if (c.post) lines.push(t('contact.post', { post: c.post }));
  return lines;
}

function block(title: string, c: Contact, t: TFunction): string {
  const lines = contactLines(c, t);
  return lines.length ? `${title}\n${lines.map((l) => `- ${l}`).join('\n')}` : title;
}

export function supportText(list: readonly Support[], locale: Locale, t: TFunction): string | undefined {
  if (list.length === 0) return undefined;
  return list.map((s) => block(`**${text(s.name, locale)}**`, s.contact, t)).join('\n\n');
}

export function referralText(r: Referral, locale: Locale, t: TFunction): string {
  return `${block(`**${text(r.name, locale)}**`, r.contact, t)}\n${text(r.when, locale)}`;
}

/** How to reach a person at once (command `mens`): never a loop back into the bot. */
export function personText(procedure: Procedure | undefined, locale: Locale, t: TFunction): string {
  if (!procedure) return `${t('human.no_organisation')}\n\n${t('human.general_routes')}`;
  const r = personRoute(procedure);
  switch (r.kind) {
    case 'person':
      return `${t('human.person', { organisation: procedure.name })}\n\n${block(`**${text(r.who, locale)}**`, r.contact, t)}`;
    case 'website':
      return t('human.website', { organisation: procedure.name, website: r.website });
    case 'none':
      return `${t('human.none', { organisation: procedure.name })}\n\n${t('human.general_routes')}`;
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
