import type { TurnContext } from 'botbuilder';
import type { Locale } from '../domain/complaint/complaint';
import type { StaffIdentity } from './teams';

const LOCALE = Symbol('klachtwijzer.locale');
const ERASE = Symbol('klachtwijzer.erase');

/** The language of this turn, so that an error apology uses it too. */
export function setTurnLocale(context: TurnContext, locale: Locale): void {
  context.turnState.set(LOCALE, locale);
}

export function turnLocale(context: TurnContext): Locale | undefined {
  return context.turnState.get(LOCALE) as Locale | undefined;
}

/** Ask the bot to erase this conversation's state at the end of the turn instead of saving it. */
export function requestErase(context: TurnContext): void {
  context.turnState.set(ERASE, true);
}

export function eraseRequested(context: TurnContext): boolean {
  return context.turnState.get(ERASE) === true;
}

const BSN_MASKED = Symbol('klachtwijzer.bsnMasked');

/** A BSN was masked in this turn's activity before the dialogs saw it (the bot tells the person). */
export function setBsnMasked(context: TurnContext): void {
  context.turnState.set(BSN_MASKED, true);
}

export function bsnMasked(context: TurnContext): boolean {
  return context.turnState.get(BSN_MASKED) === true;
}

const STAFF = Symbol('klachtwijzer.staff');

/** Set by the channel layer on every turn: may this person file for a client (Teams), and their Entra id. */
export function setStaff(context: TurnContext, staff: StaffIdentity): void {
  context.turnState.set(STAFF, staff);
}

export function staffOf(context: TurnContext): StaffIdentity {
  return (context.turnState.get(STAFF) as StaffIdentity | undefined) ?? { allowed: false };
}
