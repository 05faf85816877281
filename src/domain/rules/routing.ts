import {
  ABOUT,
  RUNG_IDS,
  type About,
  type Procedure,
  type Referral,
  type Rung,
  type RungId,
  type SpecialRouting,
  type Term,
  type Text,
} from '../procedure/schema';

export type LadderAnswer = 'none' | RungId;

export type RouteReason =
  | 'next_rung'
  | 'conversation_first_then_written'
  | 'conversation_first'
  | 'special_routing'
  | 'ladder_exhausted';

export interface Route {
  /** Where the complaint goes now; absent when every rung has been tried. */
  rung?: Rung;
  /** The mailbox the bot can deliver to; absent when that rung has none (or is a conversation). */
  email?: string;
  deliverable: boolean;
  /**
   * The person said `none` and the first rung is a conversation with the employee: the bot
   * explains why that comes first, and goes on with a written complaint where the procedure allows.
   */
  skippedConversation: boolean;
  /**
   * With `conversation_first`: the written rung that comes after the talk. The bot explains why
   * the talk comes first and may still go on to this rung (the leidinggevende then decides
   * whether the talk happens first): we never refuse what the organisation might accept.
   */
  afterConversation?: Rung;
  /** A person who handles it instead of the usual one (the volunteer coordinator). */
  handler?: Text;
  special?: SpecialRouting;
  /** Routes beside the ladder (SKJ, Geschillencommissie Kinderopvang): always worth naming. */
  referrals: Referral[];
  /**
   * The terms that apply to this handling: the special routing's own (004 §4b-4d for the directie
   * investigating a complaint about a leidinggevende), else the rung's.
   */
  terms: Term[];
  reasonKey: RouteReason;
}

export interface RouteFacts {
  highestTried: LadderAnswer;
  about: About;
  /**
   * The person has not talked to the employee and chose to go on where the procedure lets the
   * next rung take it on request (`writtenComplaintAtOnce.onRequest`, 002 §2.3).
   */
  goOnWithoutConversation?: boolean;
}

const rank = (id: RungId) => RUNG_IDS.indexOf(id);

/**
 * Routes beside the ladder, worth naming when the ladder is done. The others (bezwaar, the police,
 * the court, another procedure) answer an exclusion and are named only there.
 */
const BESIDE_THE_LADDER: readonly Referral['id'][] = ['skj', 'geschillencommissie_zorg', 'geschillencommissie_kinderopvang', 'klachtenloket_kinderopvang'];

/** All rungs the procedure knows, in and beside the ladder. */
export function findRung(procedure: Procedure, id: RungId): Rung | undefined {
  return procedure.ladder.find((r) => r.id === id) ?? procedure.offLadder.find((r) => r.id === id);
}

/**
 * The rung after the highest one already tried without a good result (or that did not answer
 * in time). A rung the ladder lacks (someone says "the director" where there is none) counts by
 * its usual place: the next ladder rung above it.
 */
function nextLadderRung(procedure: Procedure, highestTried: LadderAnswer): Rung | undefined {
  if (highestTried === 'none') return procedure.ladder[0];
  const at = procedure.ladder.findIndex((r) => r.id === highestTried);
  if (at >= 0) return procedure.ladder[at + 1];
  return procedure.ladder.find((r) => rank(r.id) > rank(highestTried));
}

/** Which rung comes next and where the complaint must go. */
export function route(procedure: Procedure, facts: RouteFacts): Route {
  let rung = nextLadderRung(procedure, facts.highestTried);
  let reasonKey: RouteReason = 'next_rung';
  let skippedConversation = false;
  let afterConversation: Rung | undefined;

  if (rung?.conversation) {
    const from = procedure.ladder.indexOf(rung);
    const written = procedure.ladder.find((r, i) => i > from && !r.conversation);
    const onRequest = Boolean(procedure.writtenComplaintAtOnce.onRequest && facts.goOnWithoutConversation);
    if ((procedure.writtenComplaintAtOnce.allowed || onRequest) && written) {
      rung = written;
      skippedConversation = true;
      reasonKey = 'conversation_first_then_written';
    } else {
      afterConversation = written;
      reasonKey = 'conversation_first';
    }
  }

  const special = rung && specialFor(procedure, facts.about, rung);
  let handler: Text | undefined;
  if (special) {
    if (special.rung) rung = findRung(procedure, special.rung) ?? rung;
    handler = special.handler;
    reasonKey = 'special_routing';
  }

  if (!rung) reasonKey = 'ladder_exhausted';
  const email = rung?.deliverByEmail ? rung.contact.email : undefined;
  return {
    rung,
    email,
    deliverable: Boolean(email),
    skippedConversation,
    afterConversation,
    handler,
    special,
    referrals: procedure.referrals.filter((r) => BESIDE_THE_LADDER.includes(r.id)),
    terms: special?.terms ?? rung?.terms ?? [],
    reasonKey,
  };
}

/** May the person go on without the talk the procedure asks for first (002 §2.3)? */
export function mayGoOnWithoutConversation(procedure: Procedure): boolean {
  return procedure.writtenComplaintAtOnce.allowed || procedure.writtenComplaintAtOnce.onRequest !== undefined;
}

/**
 * Special routing applies where the usual rung would be the person complained about, or below
 * them: a complaint about a manager does not go to that manager; one about the directie goes to
 * the board. A volunteer's or intern's coordinator or supervisor takes the first steps.
 */
function specialFor(procedure: Procedure, about: About, rung: Rung): SpecialRouting | undefined {
  const s = procedure.specialRouting.find((x) => x.about === about);
  if (!s) return undefined;
  if (s.rung) return rank(rung.id) < rank(s.rung) ? s : undefined;
  return rank(rung.id) <= rank('manager') ? s : undefined;
}

export interface RoutingRow {
  highestTried: LadderAnswer;
  about: About;
  target: RungId | null;
  email: string | null;
  deliverable: boolean;
  skippedConversation: boolean;
  /** With `conversation_first`: the written rung after the talk, where the person may still go. */
  afterConversation?: RungId;
  handler?: Text;
  reasonKey: RouteReason;
}

/** The routing as data: for every ladder answer and every "about", the target and its mailbox. */
export function routingTable(procedure: Procedure): RoutingRow[] {
  const answers: LadderAnswer[] = ['none', ...procedure.ladder.map((r) => r.id)];
  return answers.flatMap((highestTried) =>
    ABOUT.map((about) => {
      const r = route(procedure, { highestTried, about });
      return {
        highestTried,
        about,
        target: r.rung?.id ?? null,
        email: r.email ?? null,
        deliverable: r.deliverable,
        skippedConversation: r.skippedConversation,
        ...(r.afterConversation ? { afterConversation: r.afterConversation.id } : {}),
        ...(r.handler ? { handler: r.handler } : {}),
        reasonKey: r.reasonKey,
      };
    }),
  );
}
