import { format } from 'date-fns/format';
import { enGB } from 'date-fns/locale/en-GB';
import { nl } from 'date-fns/locale/nl';
import type { Locale } from '../../domain/complaint/complaint';
import type { Contact, Procedure, RungId, Text } from '../../domain/procedure/schema';
import { findRung } from '../../domain/rules/routing';

/** "donderdag 9 april 2026": a weekday and a full date, never "within 5 working days". */
export function longDate(isoDate: string, locale: Locale): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return format(new Date(y, m - 1, d), 'EEEE d MMMM yyyy', { locale: locale === 'nl' ? nl : enGB });
}

export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** "De leidinggevende …" inside a sentence reads "de leidinggevende …"; names and abbreviations stay. */
export const inSentence = (s: string): string => (/^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

export const pick = (text: Text, locale: Locale): string => text[locale];

/** The rung's own title from the procedure, else the general word for it. */
export function rungTitle(procedure: Procedure | undefined, rung: RungId, locale: Locale, generic: (id: RungId) => string): string {
  const found = procedure && findRung(procedure, rung);
  return found ? pick(found.title, locale) : generic(rung);
}

/** A contact as one line per route, in a fixed order. */
export function contactLines(contact: Contact, label: (key: 'email' | 'phone' | 'website' | 'post') => string): string[] {
  const lines: string[] = [];
  if (contact.email) lines.push(`${label('email')}: ${contact.email}`);
  if (contact.phone) lines.push(`${label('phone')}: ${contact.phone}`);
  if (contact.website) lines.push(`${label('website')}: ${contact.website}`);
  if (contact.post) lines.push(`${label('post')}: ${contact.post}`);
  return lines;
}

/** The domain part of MAIL_FROM, for Message-IDs that point at the sender. */
export function senderDomain(mailFrom: string): string {
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(mailFrom.trim());
  return m ? m[1].toLowerCase() : 'klachtwijzer.invalid';
}

export function messageIdFor(mailId: string, mailFrom: string): string {
  return `<kw.${mailId}@${senderDomain(mailFrom)}>`;
}

/** The name of a regeling from the procedure's sources ("002: Klachtenprocedure Lentl (…)" gives "Klachtenprocedure Lentl"). */
export function regelingName(procedure: Procedure | undefined, seed: string): string {
  const line = procedure?.sources.find((s) => s.startsWith(`${seed}:`));
  if (!line) return seed;
  const name = line.slice(seed.length + 1).trim();
  const cut = name.indexOf(' (');
  return `${cut > 0 ? name.slice(0, cut) : name} (${seed})`;
}
