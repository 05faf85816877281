import { calendarFor, computeDeadlines, type Deadlines } from '../deadlines/deadlines';
import type { Procedure, Rung } from '../procedure/schema';

/**
 * The answers the organisation owes for a complaint that reached `rung` on `receivedOn`, as
 * concrete dates. A term the procedure does not set is absent: the wording then says that no
 * term is set, never an invented date.
 */
export function deadlinesFor(procedure: Procedure, rung: Rung, receivedOn: string, extraDaysOff: readonly string[] = []): Deadlines {
  return computeDeadlines(receivedOn, rung.terms, calendarFor(procedure.calendar, extraDaysOff));
}
