import { assign, initialTransition, setup, transition } from 'xstate';
import { extendDecision } from '../deadlines/deadlines';
import { RUNG_IDS, type Procedure, type ReferralId, type RungId } from '../procedure/schema';
import {
  type EscalationContext,
  EscalationEvent,
  type FinalState,
  type Outcome,
  PersistedEscalation,
  type RungDeadlines,
  type RungProgress,
  type Stage,
} from './events';

export * from './events';

export interface EscalationInput {
  /** Start higher up the ladder, for example when the talk with the employee already happened. */
  startRung?: RungId;
}

/** The ruling date that counts now: the extended one, else the procedure's own. */
export function rulingDue(current: RungProgress | undefined): string | undefined {
  return current?.extendedTo ?? current?.decideBy;
}

/**
 * True when a date the organisation owed has passed on `on` without its answer: the
 * acknowledgement date without `acknowledged`, or the ruling date (extended or not) without a
 * ruling. A rung without any term cannot be late, so the complainant's word counts there.
 */
export function answerOverdue(current: RungProgress | undefined, on: string): boolean {
  if (!current?.acknowledgeBy && !current?.decideBy) return true;
  if (current.acknowledgeBy && !current.acknowledgedOn && on > current.acknowledgeBy) return true;
  const due = rulingDue(current);
  return due !== undefined && on > due;
}

/**
 * How far the ruling date may be moved. The procedure's own extension term where it has one;
 * the Wkkgz's one extension of at most 4 weeks for a care provider; otherwise the decision term is
 * the procedure's maximum (004 §4d: "De duur van het onderzoek is maximaal zes weken"), so the
 * ruling date cannot move at all.
 */
export function extensionCap(procedure: Pick<Procedure, 'regimes'>, deadlines: RungDeadlines | undefined): string | undefined {
  if (!deadlines?.decideBy) return undefined;
  if (deadlines.decideByExtended) return deadlines.decideByExtended;
  if (procedure.regimes.some((r) => r.regime === 'wkkgz')) return extendDecision(deadlines.decideBy);
  return deadlines.decideBy;
}

const escalationSetup = setup({
  types: {
    context: {} as EscalationContext,
    events: {} as EscalationEvent,
    input: {} as EscalationInput | undefined,
  },
  guards: {
    isStartRung: ({ context }, params: { rung: RungId }) => context.startRung === params.rung,
    notYetAcknowledged: ({ context }) => !context.current?.acknowledgedOn,
    extensionAllowed: ({ context, event }) => {
      if (event.type !== 'EXTENDED') return false;
      const current = context.current;
      const from = rulingDue(current) ?? event.on;
      if (event.extendTo <= from) return false;
      return current?.extensionCap === undefined || !current.decideBy || event.extendTo <= current.extensionCap;
    },
    overdue: ({ context, event }) =>
      event.type !== 'NO_ANSWER_IN_TIME' || event.on === undefined || answerOverdue(context.current, event.on),
  },
  actions: {
    recordOutcome: assign({
      history: ({ context }, params: { rung: RungId; outcome: Outcome }) => {
        const c = context.current;
        const answers = {
          ...(c?.acknowledgedOn ? { acknowledgedOn: c.acknowledgedOn } : {}),
          ...(c?.decidedOn ? { decidedOn: c.decidedOn } : {}),
          ...(c?.judgement ? { judgement: c.judgement } : {}),
        };
        return [...context.history, { ...params, ...answers }];
      },
      current: () => undefined,
    }),
    recordReferral: assign({
      referral: ({ context, event }) => (event.type === 'REFERRED' ? event.referral : context.referral),
    }),
    recordProgress: assign({
      current: ({ context, event }): RungProgress | undefined => {
        const c = context.current ?? {};
        switch (event.type) {
          case 'ACKNOWLEDGED':
            return { ...c, acknowledgedOn: event.on };
          case 'EXTENDED':
            return { ...c, extendedTo: event.extendTo };
          case 'DECIDED':
            return { ...c, decidedOn: event.on, judgement: event.judgement };
          default:
            return context.current;
        }
      },
    }),
  },
});

const record = (rung: RungId, outcome: Outcome) => ({ type: 'recordOutcome' as const, params: { rung, outcome } });

/**
 * The escalation ladder of one procedure: a state per rung in ladder order (state id = rung id),
 * each `open` until the complaint is delivered and then `awaitingAnswer`. "Not resolved" and "no
 * answer in time" both climb to the next rung; after the last rung the ladder is `exhausted`.
 * Whether a rung has a next one is fixed by the ladder, so it is settled here, not by a guard.
 */
export function createEscalationMachine(
  procedure: Pick<Procedure, 'id' | 'ladder'> & Partial<Pick<Procedure, 'offLadder' | 'regimes'>>,
) {
  const regimes = { regimes: procedure.regimes ?? [] };
  const ladder = procedure.ladder.map((r) => r.id);
  if (ladder.length === 0) throw new RangeError(`procedure "${procedure.id}" has no ladder`);
  // Off-ladder rungs (the board, for a complaint about the directie) are entered only as a start
  // rung; from there the ladder goes on at the first rung ranked above them, as routing does.
  const offLadder = (procedure.offLadder ?? []).map((r) => r.id).filter((id) => !ladder.includes(id));
  const nextAfter = (rung: RungId): RungId | undefined => nextRungAfter(procedure as Procedure, rung);

  const rungState = (rung: RungId) => {
    const next = nextAfter(rung);
    const climb = (outcome: Outcome) => ({ target: next ? `#${next}` : '#exhausted', actions: record(rung, outcome) });
    return {
      id: rung,
      initial: 'open' as const,
      states: {
        open: {
          on: {
            DELIVERED: {
              target: 'awaitingAnswer',
              actions: assign({
                current: ({ event }) => {
                  if (event.type !== 'DELIVERED') return undefined;
                  const d = event.deadlines;
                  const cap = extensionCap(regimes, d);
                  return {
                    ...(event.on ? { deliveredOn: event.on } : {}),
                    ...(d?.acknowledgeBy ? { acknowledgeBy: d.acknowledgeBy } : {}),
                    ...(d?.decideBy ? { decideBy: d.decideBy } : {}),
                    ...(cap ? { extensionCap: cap } : {}),
                  };
                },
              }),
            },
            // A conversation rung (or one the complainant went to themselves) that did not solve it.
            NOT_RESOLVED: climb('not_resolved'),
          },
        },
        awaitingAnswer: {
          on: {
            ACKNOWLEDGED: { guard: 'notYetAcknowledged', actions: 'recordProgress' },
            EXTENDED: { guard: 'extensionAllowed', actions: 'recordProgress' },
            DECIDED: { target: 'decided', actions: 'recordProgress' },
            NOT_HANDLED: climb('not_handled'),
            NO_ANSWER_IN_TIME: { guard: 'overdue', ...climb('no_answer_in_time') },
          },
        },
        // The ruling came; the complainant may accept it (resolved) or take the next step.
        decided: { on: { NOT_RESOLVED: climb('not_resolved') } },
      },
      on: {
        RESOLVED: { target: '#resolved', actions: record(rung, 'resolved') },
        WITHDRAWN: { target: '#withdrawn', actions: record(rung, 'withdrawn') },
        REFERRED: { target: '#referred', actions: [record(rung, 'referred'), { type: 'recordReferral' as const }] },
      },
    };
  };

  return escalationSetup.createMachine({
    id: 'escalation',
    context: ({ input }) => ({ history: [], ...(input?.startRung ? { startRung: input.startRung } : {}) }),
    initial: 'start',
    states: {
      // Passed through at once: the input picks the first rung.
      start: {
        always: [
          ...[...ladder.slice(1), ...offLadder].map((rung) => ({
            guard: { type: 'isStartRung' as const, params: { rung } },
            target: `#${rung}`,
          })),
          { target: `#${ladder[0]}` },
        ],
      },
      ...Object.fromEntries([...ladder, ...offLadder].map((rung) => [rung, rungState(rung)])),
      resolved: { id: 'resolved', type: 'final' },
      referred: { id: 'referred', type: 'final' },
      withdrawn: { id: 'withdrawn', type: 'final' },
      exhausted: { id: 'exhausted', type: 'final' },
    },
  });
}

export type EscalationMachine = ReturnType<typeof createEscalationMachine>;
export type EscalationStatus = 'active' | FinalState;

export interface EscalationStep {
  /** Store this as is; it survives JSON and resumes with `advanceEscalation`. */
  snapshot: PersistedEscalation;
  status: EscalationStatus;
  /** The current rung while active. */
  rung?: RungId;
  stage?: Stage;
  referral?: ReferralId;
  /** The current rung's dates and recorded answers while active. */
  current?: RungProgress;
  /** False when the event does not apply here (no answer awaited yet, or the ladder ended). */
  accepted: boolean;
  /** Why it was not accepted, for the person who asked. */
  refusal?: Refusal;
}

/**
 * Why an event was refused: the case ended; the rung has not been delivered yet; the step was
 * recorded already; the ruling date cannot move there (`cap` is the latest allowed, or the
 * current ruling date when the procedure allows no extension); no date has passed yet; or the
 * event does not fit this stage (such as `not_resolved` while a ruling is still awaited).
 */
export type Refusal =
  | { reason: 'ended'; status: FinalState }
  | { reason: 'not_delivered' }
  | { reason: 'already_acknowledged'; on: string }
  | { reason: 'extension_not_later'; due: string }
  | { reason: 'extension_capped'; cap: string }
  | { reason: 'not_overdue'; due?: string }
  | { reason: 'already_decided'; on: string }
  | { reason: 'not_now'; stage: Stage };

/** A stored snapshot that does not fit this procedure (changed ladder, damaged data). */
export class EscalationSnapshotError extends Error {
  override name = 'EscalationSnapshotError';
}

const machines = new WeakMap<object, EscalationMachine>();
function machineFor(procedure: Procedure): EscalationMachine {
  let machine = machines.get(procedure);
  if (!machine) {
    machine = createEscalationMachine(procedure);
    machines.set(procedure, machine);
  }
  return machine;
}

const knowsRung = (procedure: Procedure, rung: string) => [...procedure.ladder, ...procedure.offLadder].some((r) => r.id === rung);

/** The rung after `rung` on this procedure's ladder (as the machine climbs), or none after the last. */
export function nextRungAfter(procedure: Procedure, rung: RungId): RungId | undefined {
  const ladder = procedure.ladder.map((r) => r.id);
  const i = ladder.indexOf(rung);
  if (i >= 0) return ladder[i + 1];
  return ladder.find((id) => RUNG_IDS.indexOf(id) > RUNG_IDS.indexOf(rung));
}

/** A new escalation at the first rung, or at `startRung` when given (on the ladder or off it). */
export function startEscalation(procedure: Procedure, startRung?: RungId): PersistedEscalation {
  if (startRung !== undefined && !knowsRung(procedure, startRung)) {
    throw new RangeError(`rung "${startRung}" is not on the ladder of "${procedure.id}"`);
  }
  const [snapshot] = initialTransition(machineFor(procedure), startRung ? { startRung } : {});
  return persist(snapshot);
}

/** Where a stored escalation stands, without changing it. */
export function readEscalation(procedure: Procedure, persisted: unknown): Omit<EscalationStep, 'accepted'> {
  return describe(restore(procedure, persisted));
}

/**
 * Apply one event to a stored escalation. Pure: nothing runs but the machine's own bookkeeping,
 * so the caller decides what to say and send from the returned step.
 */
export function advanceEscalation(procedure: Procedure, persisted: unknown, event: EscalationEvent): EscalationStep {
  const parsedEvent = EscalationEvent.safeParse(event);
  if (!parsedEvent.success) throw new RangeError(`not an escalation event: ${parsedEvent.error.message}`);
  const snapshot = restore(procedure, persisted);
  if (!snapshot.can(parsedEvent.data)) {
    const view = describe(snapshot);
    return { ...view, accepted: false, refusal: refusalOf(view, parsedEvent.data) };
  }
  const [next] = transition(machineFor(procedure), snapshot, parsedEvent.data);
  return { ...describe(next), accepted: true };
}

type MachineSnapshot = ReturnType<EscalationMachine['resolveState']>;

function refusalOf(view: Omit<EscalationStep, 'accepted'>, event: EscalationEvent): Refusal {
  if (view.status !== 'active') return { reason: 'ended', status: view.status };
  const c = view.current;
  const stage = view.stage ?? 'open';
  if (stage === 'open' && event.type !== 'DELIVERED') return { reason: 'not_delivered' };
  if (stage === 'decided' && c?.decidedOn && ['ACKNOWLEDGED', 'EXTENDED', 'DECIDED', 'NOT_HANDLED', 'NO_ANSWER_IN_TIME'].includes(event.type)) {
    return { reason: 'already_decided', on: c.decidedOn };
  }
  if (event.type === 'ACKNOWLEDGED' && c?.acknowledgedOn) return { reason: 'already_acknowledged', on: c.acknowledgedOn };
  if (event.type === 'EXTENDED') {
    const due = rulingDue(c) ?? event.on;
    if (event.extendTo <= due) return { reason: 'extension_not_later', due };
    if (c?.extensionCap) return { reason: 'extension_capped', cap: c.extensionCap };
  }
  if (event.type === 'NO_ANSWER_IN_TIME') {
    const due = c?.acknowledgeBy && !c.acknowledgedOn ? c.acknowledgeBy : rulingDue(c);
    return { reason: 'not_overdue', ...(due ? { due } : {}) };
  }
  return { reason: 'not_now', stage };
}

function restore(procedure: Procedure, persisted: unknown): MachineSnapshot {
  const parsed = PersistedEscalation.safeParse(persisted);
  if (!parsed.success) throw new EscalationSnapshotError(`stored escalation is damaged: ${parsed.error.message}`);
  const { value, context } = parsed.data;
  // Only the current rung must still exist; history is a record and may name a rung since removed.
  const rung = typeof value === 'string' ? undefined : Object.keys(value)[0];
  if (rung !== undefined && !knowsRung(procedure, rung)) {
    throw new EscalationSnapshotError(`stored escalation is at rung "${rung}", which "${procedure.id}" no longer has`);
  }
  return machineFor(procedure).resolveState({ value, context });
}

function describe(snapshot: MachineSnapshot): Omit<EscalationStep, 'accepted'> {
  const persisted = persist(snapshot);
  const { value, context } = persisted;
  const referral = context.referral ? { referral: context.referral } : {};
  if (typeof value === 'string') return { snapshot: persisted, status: value, ...referral };
  const [rung, stage] = Object.entries(value)[0] as [RungId, Stage];
  const current = context.current ? { current: context.current } : {};
  return { snapshot: persisted, status: 'active', rung, stage, ...referral, ...current };
}

function persist(snapshot: MachineSnapshot): PersistedEscalation {
  return PersistedEscalation.parse(snapshot.machine.getPersistedSnapshot(snapshot));
}

/**
 * What opens the next rung for the complainant on `today`, asked of the machine itself: after a
 * ruling, "not resolved"; while an answer is owed, "no answer in time" once a date has passed;
 * after the organisation did not handle it, the next rung is open already. `target` is the rung
 * the follow-up goes to; none when the ladder has ended or nothing is open yet.
 */
export function nextStep(
  procedure: Procedure,
  persisted: unknown,
  today: string,
): { open: true; target: RungId; event?: EscalationEvent } | { open: false; refusal?: Refusal; exhausted?: boolean } {
  const view = readEscalation(procedure, persisted);
  if (view.status !== 'active' || !view.rung) return { open: false, refusal: { reason: 'ended', status: view.status as FinalState } };
  const last = view.snapshot.context.history.at(-1);
  if (view.stage === 'open' && last && last.outcome !== 'resolved') return { open: true, target: view.rung };
  const event: EscalationEvent = view.stage === 'decided' ? { type: 'NOT_RESOLVED', on: today } : { type: 'NO_ANSWER_IN_TIME', on: today };
  const step = advanceEscalation(procedure, persisted, event);
  if (!step.accepted) return { open: false, ...(step.refusal ? { refusal: step.refusal } : {}) };
  if (step.status !== 'active' || !step.rung) return { open: false, exhausted: true };
  return { open: true, target: step.rung, event };
}
