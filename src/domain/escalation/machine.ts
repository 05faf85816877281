import { assign, initialTransition, setup, transition } from 'xstate';
import { RUNG_IDS, type Procedure, type ReferralId, type RungId } from '../procedure/schema';
import {
  type EscalationContext,
  EscalationEvent,
  type FinalState,
  type Outcome,
  PersistedEscalation,
  type Stage,
} from './events';

export * from './events';

export interface EscalationInput {
  /** Start higher up the ladder, for example when the talk with the employee already happened. */
  startRung?: RungId;
}

const escalationSetup = setup({
  types: {
    context: {} as EscalationContext,
    events: {} as EscalationEvent,
    input: {} as EscalationInput | undefined,
  },
  guards: {
    isStartRung: ({ context }, params: { rung: RungId }) => context.startRung === params.rung,
  },
  actions: {
    recordOutcome: assign({
      history: ({ context }, params: { rung: RungId; outcome: Outcome }) => [...context.history, params],
    }),
    recordReferral: assign({
      referral: ({ context, event }) => (event.type === 'REFERRED' ? event.referral : context.referral),
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
export function createEscalationMachine(procedure: Pick<Procedure, 'id' | 'ladder'> & Partial<Pick<Procedure, 'offLadder'>>) {
  const ladder = procedure.ladder.map((r) => r.id);
  if (ladder.length === 0) throw new RangeError(`procedure "${procedure.id}" has no ladder`);
  // Off-ladder rungs (the board, for a complaint about the directie) are entered only as a start
  // rung; from there the ladder goes on at the first rung ranked above them, as routing does.
  const offLadder = (procedure.offLadder ?? []).map((r) => r.id).filter((id) => !ladder.includes(id));
  const nextAfter = (rung: RungId): RungId | undefined => {
    const i = ladder.indexOf(rung);
    if (i >= 0) return ladder[i + 1];
    return ladder.find((id) => RUNG_IDS.indexOf(id) > RUNG_IDS.indexOf(rung));
  };

  const rungState = (rung: RungId) => {
    const next = nextAfter(rung);
    const climb = (outcome: Outcome) => ({ target: next ? `#${next}` : '#exhausted', actions: record(rung, outcome) });
    return {
      id: rung,
      initial: 'open' as const,
      states: {
        open: { on: { DELIVERED: 'awaitingAnswer' } },
        awaitingAnswer: { on: { NO_ANSWER_IN_TIME: climb('no_answer_in_time') } },
      },
      on: {
        RESOLVED: { target: '#resolved', actions: record(rung, 'resolved') },
        NOT_RESOLVED: climb('not_resolved'),
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
  /** False when the event does not apply here (no answer awaited yet, or the ladder ended). */
  accepted: boolean;
}

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
  if (!snapshot.can(parsedEvent.data)) return { ...describe(snapshot), accepted: false };
  const [next] = transition(machineFor(procedure), snapshot, parsedEvent.data);
  return { ...describe(next), accepted: true };
}

type MachineSnapshot = ReturnType<EscalationMachine['resolveState']>;

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
  return { snapshot: persisted, status: 'active', rung, stage, ...referral };
}

function persist(snapshot: MachineSnapshot): PersistedEscalation {
  return PersistedEscalation.parse(snapshot.machine.getPersistedSnapshot(snapshot));
}
