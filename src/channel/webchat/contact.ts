import { personRoute } from '../../app/personContacts';
import type { Procedure } from '../../domain/procedure/schema';

/** How to reach a person instead of the chat: only routes the organisation publishes in its procedure. */
export interface PublicContact {
  organisation: { id: string; name: string };
  kind: 'person' | 'website' | 'none';
  who?: string;
  phone?: string;
  email?: string;
  website?: string;
}

export function publicContact(procedure: Procedure, lang: 'nl' | 'en'): PublicContact {
  const organisation = { id: procedure.id, name: procedure.name };
  const route = personRoute(procedure);
  if (route.kind === 'website') return { organisation, kind: 'website', website: route.website };
  if (route.kind === 'none') return { organisation, kind: 'none' };
  const { phone, email } = route.contact;
  const website = route.contact.website ?? procedure.contact.website;
  return {
    organisation,
    kind: 'person',
    who: route.who[lang],
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
    ...(website ? { website } : {}),
  };
}

/** `tel:` wants digits; a leading + stays (international numbers). */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/(?!^\+)[^\d]/g, '')}`;
}
