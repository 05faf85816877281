import { Email, PersonName, Phone } from '../../../src/domain/complaint/complaint';
import { readChoice } from '../../prompt';
import { helpersFor } from '../../../src/domain/rules';
import { contactLines, supportText } from '../../texts/format';
import { choicesFor, paragraphs, procedureOf, skipChoice, yesNo, type StepCtx, type StepDef } from '../kit';

const anonymousChoice = (c: StepCtx) => ({
  value: 'anonymous',
  title: c.t('choices.full_name.anonymous'),
  synonyms: ['anoniem', 'anonymous', 'geen naam', 'no name'],
});

export const fullName: StepDef = {
  id: 'full_name',
  expects: 'text',
  owns: ['fullName', 'anonymous', 'anonymousChoice'],
  needed: () => true,
  answered: (a) => a.fullName !== undefined || a.anonymous === true,
  choices: (c) => (c.a.role === 'staff_on_behalf' ? [] : [anonymousChoice(c)]),
  prompt: (c) => (c.a.role === 'staff_on_behalf' ? c.t('steps.full_name.prompt_staff') : paragraphs(c.t('steps.full_name.intro'), c.t('steps.full_name.prompt'))),
  read(input, c) {
    if (c.a.role !== 'staff_on_behalf' && readChoice(input, [anonymousChoice(c)])) {
      return { ok: true, patch: { anonymous: true, fullName: undefined, anonymousChoice: undefined } };
    }
    const name = PersonName.safeParse(input.text);
    return name.success ? { ok: true, patch: { fullName: name.data, anonymous: false } } : { ok: false, retry: c.t('steps.full_name.retry') };
  },
};

export const anonymous: StepDef = {
  id: 'anonymous',
  expects: 'choice',
  owns: [],
  needed: (c) => c.a.anonymous === true,
  answered: (a) => a.anonymousChoice !== undefined,
  choices: (c) => choicesFor(c, 'anonymous', ['give_name', 'end']),
  prompt(c) {
    const p = procedureOf(c);
    const refuses = p.exclusions.some((e) => e.id === 'anonymous');
    const contact = contactLines(p.contact, c.t).map((l) => `- ${l}`).join('\n');
    const support = supportText(
      helpersFor(p, { role: c.a.role, ageBand: c.a.ageBand }).filter((s) => s.kind === 'vertrouwenspersoon'),
      c.locale,
      c.t,
      c.explained,
    );
    return paragraphs(
      refuses ? c.t('steps.anonymous.not_handled', { organisation: p.name }) : c.t('steps.anonymous.not_a_complaint'),
      // Without a known contact, the seed's own word: the contact details are on the website (002 §4.2).
      contact ? c.t('steps.anonymous.alternative', { organisation: p.name }) : c.t('steps.anonymous.alternative_no_contact', { organisation: p.name }),
      contact,
      support && `${c.t('steps.anonymous.vertrouwenspersoon')}\n\n${support}`,
      c.t('steps.anonymous.prompt'),
    );
  },
  read(input, c) {
    const v = readChoice(input, anonymous.choices!(c));
    if (v === 'give_name') return { ok: true, patch: { anonymous: false, anonymousChoice: undefined } };
    if (v === 'end') return { ok: true, patch: { anonymousChoice: 'end' } };
    return { ok: false, retry: c.t('steps.anonymous.retry') };
  },
  ends: (c) => (c.a.anonymousChoice === 'end' ? { outcome: 'stopped', messages: [c.t('outcome.anonymous_end')] } : undefined),
};

/** A number the organisation can call: a Dutch number has 10 digits (06 12345678), an international one more. */
const PhoneAnswer = Phone.refine((v) => v.replace(/\D/g, '').length >= 10, { message: 'fewer than 10 digits' });

const noEmail = (c: StepCtx) => ({ value: 'skip', title: c.t('choices.email.skip'), synonyms: ['geen', 'geen e-mail', 'no email', 'no e-mail', 'none', 'overslaan', 'skip'] });

export const email: StepDef = {
  id: 'email',
  expects: 'email',
  owns: ['email'],
  needed: (c) => c.a.anonymous !== true,
  answered: (a) => a.email !== undefined,
  choices: (c) => [noEmail(c)],
  prompt: (c) => c.t('steps.email.prompt'),
  read(input, c) {
    if (readChoice(input, [noEmail(c)])) return { ok: true, patch: { email: null } };
    const v = Email.safeParse(input.text.trim());
    return v.success ? { ok: true, patch: { email: v.data } } : { ok: false, retry: c.t('steps.email.retry') };
  },
};

export const phone: StepDef = {
  id: 'phone',
  expects: 'phone',
  owns: ['phone'],
  needed: (c) => c.a.anonymous !== true,
  answered: (a) => a.phone !== undefined,
  choices: (c) => (c.a.email ? [skipChoice(c)] : []),
  prompt: (c) => (c.a.email ? c.t('steps.phone.prompt_optional') : c.t('steps.phone.prompt_required')),
  read(input, c) {
    if (c.a.email && readChoice(input, [skipChoice(c)])) return { ok: true, patch: { phone: null } };
    const v = PhoneAnswer.safeParse(input.text);
    if (v.success) return { ok: true, patch: { phone: v.data } };
    return { ok: false, retry: c.a.email ? c.t('steps.phone.retry') : c.t('steps.phone.retry_required') };
  },
};

export const consent: StepDef = {
  id: 'consent',
  expects: 'choice',
  owns: ['consent', 'noConsentChoice'],
  clears: ['noConsentChoice'],
  needed: (c) => c.a.anonymous !== true,
  answered: (a) => a.consent !== undefined,
  choices: yesNo,
  prompt(c) {
    const p = procedureOf(c);
    return paragraphs(
      c.t('steps.consent.privacy', { organisation: p.name }),
      p.privacy.retention ? c.t('steps.consent.retention', { retention: p.privacy.retention[c.locale] }) : undefined,
      c.t('steps.consent.chat_retention', { days: c.services.conversationRetentionDays }),
      c.t('steps.consent.prompt', { organisation: p.name }),
    );
  },
  // Only the question again, not the whole privacy text.
  reprompt: (c) => c.t('steps.consent.prompt', { organisation: procedureOf(c).name }),
  read(input, c) {
    const v = readChoice(input, yesNo(c));
    return v ? { ok: true, patch: { consent: v === 'yes' } } : { ok: false, retry: c.t('steps.consent.retry') };
  },
};

export const noConsent: StepDef = {
  id: 'no_consent',
  expects: 'choice',
  owns: [],
  needed: (c) => c.a.consent === false,
  answered: (a) => a.noConsentChoice !== undefined,
  choices: (c) => choicesFor(c, 'no_consent', ['reconsider', 'end']),
  prompt: (c) => c.t('steps.no_consent.prompt', { organisation: procedureOf(c).name }),
  read(input, c) {
    const v = readChoice(input, noConsent.choices!(c));
    if (v === 'reconsider') return { ok: true, patch: { consent: undefined, noConsentChoice: undefined } };
    if (v === 'end') return { ok: true, patch: { noConsentChoice: 'end' } };
    return { ok: false, retry: c.t('steps.no_consent.retry') };
  },
  ends: (c) => (c.a.noConsentChoice === 'end' ? { outcome: 'stopped', messages: [c.t('outcome.no_consent_end')] } : undefined),
};
