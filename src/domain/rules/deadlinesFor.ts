import type { About } from '../procedure/schema';
import { calendarFor, computeDeadlines, type Deadlines } from '../deadlines/deadlines';
import type { Procedure, Rung } from '../procedure/schema';
import { route, type LadderAnswer } from './routing';

/**
 * The answers the organisation owes for a complaint that reached `rung` on `receivedOn`, as
 * concrete dates. A term the procedure does not set is absent: the wording then says that no
 * term is set, never an invented date. When the complaint reached `rung` by special routing (a
 * complaint about a leidinggevende goes to the directie), the terms of that handling apply.
 */
export function deadlinesFor(
  procedure: Procedure,
  rung: Rung,
  receivedOn: string,
  extraDaysOff: readonly string[] = [],
  how?: { about: About; highestTried: LadderAnswer },
): Deadlines {
  const r = how && route(procedure, { ...how, goOnWithoutConversation: true });
  const terms = r?.rung?.id === rung.id ? r.terms : rung.terms;
  return computeDeadlines(receivedOn, terms, calendarFor(procedure.calendar, extraDaysOff));
}
