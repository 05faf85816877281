import { createTestModel, getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import {
  advanceEscalation,
  createEscalationMachine,
  EscalationSnapshotError,
  type EscalationEvent,
  type EscalationMachine,
  FINAL_STATES,
  readEscalation,
  startEscalation,
} from '../../src/domain/escalation/machine';
import { Procedure, type RungId } from '../../src/domain/procedure/schema';
import { BUILTIN_PROCEDURES, ORGANISATION_IDS } from '../../src/procedures';
import { fixtureProcedure } from '../fixtures/escalationProcedure';

type Snapshot = ReturnType<EscalationMachine['resolveState']>;

const DELIVERED: EscalationEvent = { type: 'DELIVERED' };
const RESOLVED: EscalationEvent = { type: 'RESOLVED' };
const NOT_RESOLVED: EscalationEvent = { type: 'NOT_RESOLVED' };
const NO_ANSWER_IN_TIME: EscalationEvent = { type: 'NO_ANSWER_IN_TIME' };
const WITHDRAWN: EscalationEvent = { type: 'WITHDRAWN' };
const REFERRED: EscalationEvent = { type: 'REFERRED', referral: 'geschillencommissie_zorg' };
/** What the organisation records (on its page or with `npm run complaint -- record`). */
const ACKNOWLEDGED: EscalationEvent = { type: 'ACKNOWLEDGED', on: '2026-04-08' };
const EXTENDED: EscalationEvent = { type: 'EXTENDED', on: '2026-05-01', extendTo: '2026-06-11' };
const DECIDED: EscalationEvent = { type: 'DECIDED', on: '2026-05-12', judgement: 'partly_well_founded' };
const NOT_HANDLED: EscalationEvent = { type: 'NOT_HANDLED', on: '2026-04-09' };

/** The events of the ladder itself: without withdrawing or referring, every case must still end. */
const LADDER_EVENTS = [DELIVERED, RESOLVED, NOT_RESOLVED, NO_ANSWER_IN_TIME];
const ORGANISATION_EVENTS = [ACKNOWLEDGED, EXTENDED, DECIDED, NOT_HANDLED];
const ALL_EVENTS = [...LADDER_EVENTS, ...ORGANISATION_EVENTS, WITHDRAWN, REFERRED];
/** Per rung: open, awaiting an answer, decided. */
const STAGE_COUNT = 3;
/**
 * A state is its value plus which answers the current rung holds; the history's many variants
 * are left out of the key, or the graph would grow with every combination of earlier rungs.
 */
const serializeState = (s: Snapshot) => JSON.stringify([s.value, Object.keys(s.context.current ?? {}).sort()]);

const valueOf = (s: Snapshot) => JSON.stringify(s.value);
/** The shortest of several paths (one per history) to the same state value. */
const shortestTo = <P extends { state: Snapshot; steps: unknown[] }>(paths: P[], value: string): P | undefined =>
  paths.filter((p) => valueOf(p.state) === value).sort((a, b) => a.steps.length - b.steps.length)[0];

const json = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const rungOf = (s: Snapshot): RungId | undefined =>
  typeof s.value === 'string' ? undefined : (Object.keys(s.value)[0] as RungId);

const PROCEDURES: [string, Procedure][] = [
  ...ORGANISATION_IDS.map((id): [string, Procedure] => [id, Procedure.parse(BUILTIN_PROCEDURES[id])]),
  ['fixture with one rung', Procedure.parse(fixtureProcedure(['complaints_officer']))],
];

it('when the built-in procedures are loaded, then all eleven organisations are there', () => {
  expect(ORGANISATION_IDS).toHaveLength(11);
  expect(Object.keys(BUILTIN_PROCEDURES).sort()).toEqual([...ORGANISATION_IDS].sort());
});

describe.each(PROCEDURES)('the escalation ladder of %s', (_id, procedure) => {
  const machine = createEscalationMachine(procedure);
  const ladder = procedure.ladder.map((r) => r.id);
  const shortest = getShortestPaths(machine, { events: ALL_EVENTS, serializeState });
  const endOf = (end: string) => shortestTo(shortest, JSON.stringify(end));

  it.each(FINAL_STATES)('when every event is tried, then the end "%s" is reachable', (end) => {
    const path = endOf(end);
    expect(path).toBeDefined();
    expect(path!.state.status).toBe('done');
  });

  it('when every event is tried, then each rung is reached open, awaiting an answer and decided', () => {
    const reached = shortest.map((p) => valueOf(p.state));
    for (const rung of ladder) {
      expect(reached).toContain(JSON.stringify({ [rung]: 'open' }));
      expect(reached).toContain(JSON.stringify({ [rung]: 'awaitingAnswer' }));
      expect(reached).toContain(JSON.stringify({ [rung]: 'decided' }));
    }
  });

  it('when the shortest way to resolved, withdrawn or referred is taken, then it is one step at the first rung', () => {
    for (const [end, event] of [['resolved', RESOLVED], ['withdrawn', WITHDRAWN], ['referred', REFERRED]] as const) {
      const path = endOf(end)!;
      expect(path.steps.map((s) => s.event)).toContainEqual(event);
      const events = path.steps.map((s) => s.event).filter((e) => !e.type.startsWith('xstate.'));
      expect(events).toHaveLength(1);
      // Replayed, since the graph keys states without their history.
      expect(advanceEscalation(procedure, json(startEscalation(procedure)), events[0]).snapshot.context.history).toEqual([
        { rung: ladder[0], outcome: end },
      ]);
    }
    expect(advanceEscalation(procedure, json(startEscalation(procedure)), REFERRED).referral).toBe('geschillencommissie_zorg');
  });

  it('when the shortest way to exhausted is taken, then it visits every rung in ladder order', () => {
    const path = endOf('exhausted')!;
    const visited = path.steps.map((s) => rungOf(s.state)).filter((r): r is RungId => r !== undefined);
    expect([...new Set(visited)]).toEqual(ladder);
    expect(path.state.context.history.map((h) => h.rung)).toEqual(ladder);
    expect(path.steps.filter((s) => s.event.type === 'NOT_RESOLVED')).toHaveLength(ladder.length);
  });

  it.each([
    ['no answer comes in time', [NO_ANSWER_IN_TIME], {}],
    ['the organisation does not handle it', [NOT_HANDLED], {}],
    ['the ruling did not solve it', [ACKNOWLEDGED, DECIDED, NOT_RESOLVED], { acknowledgedOn: '2026-04-08', decidedOn: '2026-05-12', judgement: 'partly_well_founded' }],
  ] as const)('when %s at a rung, then the complaint moves up to the next rung, or the ladder ends after the last', (_why, events, answers) => {
    ladder.forEach((rung, i) => {
      let stored: unknown = advanceEscalation(procedure, json(startEscalation(procedure, rung)), DELIVERED).snapshot;
      let step = advanceEscalation(procedure, json(stored), events[0]);
      for (const event of events) {
        step = advanceEscalation(procedure, json(stored), event);
        expect(step.accepted).toBe(true);
        stored = step.snapshot;
      }
      const next = ladder[i + 1];
      expect(step).toMatchObject(next ? { status: 'active', rung: next, stage: 'open' } : { status: 'exhausted' });
      expect(step.snapshot.context.history).toEqual([{ rung, outcome: events[events.length - 1].type.toLowerCase(), ...answers }]);
      expect(step.snapshot.context.current).toBeUndefined();
    });
  });

  it('when a ruling is still awaited, then "not resolved" is refused: the next rung opens only after the ruling or a missed date', () => {
    const delivered = advanceEscalation(procedure, json(startEscalation(procedure)), DELIVERED).snapshot;
    const step = advanceEscalation(procedure, json(delivered), NOT_RESOLVED);
    expect(step).toMatchObject({ accepted: false, stage: 'awaitingAnswer', refusal: { reason: 'not_now', stage: 'awaitingAnswer' } });
  });

  it('when the complainant withdraws or is referred from any state, then the case ends that way', () => {
    const adjacency = getAdjacencyMap(machine, { events: ALL_EVENTS, serializeState });
    for (const { state, transitions } of Object.values(adjacency)) {
      if (state.status === 'done') continue;
      // Keys are branded strings, which Object.values cannot see through.
      const steps = Object.values(transitions as Record<string, { event: EscalationEvent; state: Snapshot }>);
      const outcomes = steps.map(({ event, state: next }) => [event.type, next.value]);
      expect(outcomes).toContainEqual(['WITHDRAWN', 'withdrawn']);
      expect(outcomes).toContainEqual(['REFERRED', 'referred']);
    }
  });

  it('when any reachable state is taken, then the ladder alone can still end it, resolved or exhausted', () => {
    const adjacency = getAdjacencyMap(machine, { events: ALL_EVENTS, serializeState });
    const states = Object.values(adjacency).map((a) => a.state);
    expect(new Set(states.map(valueOf)).size).toBe(STAGE_COUNT * ladder.length + FINAL_STATES.length);
    for (const state of states) {
      if (state.status === 'done') {
        expect(FINAL_STATES).toContain(state.value);
        expect(ALL_EVENTS.some((e) => state.can(e))).toBe(false);
        continue;
      }
      const onward = getShortestPaths(machine, { events: LADDER_EVENTS, fromState: state, serializeState });
      const ends = onward.map((p) => p.state.value);
      expect(ends).toEqual(expect.arrayContaining(['resolved', 'exhausted']));
    }
  });

  it('when every shortest path is replayed on stored JSON snapshots, then the stored state follows the model', async () => {
    // One test path per state and history, not per incoming transition as well.
    const model = createTestModel(machine, { events: ALL_EVENTS, serializeTransition: () => '', serializeState });
    const paths = model.getShortestPaths({ allowDuplicatePaths: true });
    expect(new Set(paths.map((p) => valueOf(p.state))).size).toBe(STAGE_COUNT * ladder.length + FINAL_STATES.length);
    for (const path of paths) {
      let stored: unknown = json(startEscalation(procedure));
      const send = (event: EscalationEvent) => {
        const step = advanceEscalation(procedure, stored, event);
        expect(step.accepted).toBe(true);
        stored = json(step.snapshot);
      };
      await path.test({
        events: {
          DELIVERED: () => send(DELIVERED),
          RESOLVED: () => send(RESOLVED),
          NOT_RESOLVED: () => send(NOT_RESOLVED),
          NO_ANSWER_IN_TIME: () => send(NO_ANSWER_IN_TIME),
          WITHDRAWN: () => send(WITHDRAWN),
          REFERRED: () => send(REFERRED),
          ACKNOWLEDGED: () => send(ACKNOWLEDGED),
          EXTENDED: () => send(EXTENDED),
          DECIDED: () => send(DECIDED),
          NOT_HANDLED: () => send(NOT_HANDLED),
        },
        states: {
          '*': (state) => {
            const view = readEscalation(procedure, stored);
            if (state.status === 'done') {
              expect(view.status).toBe(state.value);
              expect(view.rung).toBeUndefined();
            } else {
              const [rung, stage] = Object.entries(state.value)[0];
              expect(view).toMatchObject({ status: 'active', rung, stage });
            }
            // The graph keys states without their history (see serializeState), so only the rung's answers compare.
            expect(Object.keys(view.snapshot.context.current ?? {}).sort()).toEqual(Object.keys(state.context.current ?? {}).sort());
          },
        },
      });
    }
  });
});

describe('starting, storing and resuming', () => {
  const procedure = Procedure.parse(fixtureProcedure());

  it('when an escalation starts, then it waits at the first rung for the complaint to be delivered', () => {
    const stored = startEscalation(procedure);
    expect(readEscalation(procedure, json(stored))).toMatchObject({ status: 'active', rung: 'employee', stage: 'open' });
    expect(stored.context).toEqual({ history: [] });
  });

  it('when the employee was already spoken to, then it starts at the complaints officer and climbs on from there', () => {
    const stored = json(startEscalation(procedure, 'complaints_officer'));
    expect(readEscalation(procedure, stored)).toMatchObject({ rung: 'complaints_officer', stage: 'open' });
    const step = advanceEscalation(procedure, stored, NOT_RESOLVED);
    expect(step).toMatchObject({ status: 'active', rung: 'director', stage: 'open', accepted: true });
    expect(step.snapshot.context.history).toEqual([{ rung: 'complaints_officer', outcome: 'not_resolved' }]);
  });

  it('when a start rung is not on the ladder, then it is refused instead of silently starting elsewhere', () => {
    expect(() => startEscalation(procedure, 'board')).toThrow(RangeError);
  });

  it('when a snapshot goes through JSON at every step, then the whole climb resumes without loss', () => {
    let stored: unknown = json(startEscalation(procedure));
    const events = [NOT_RESOLVED, DELIVERED, NO_ANSWER_IN_TIME, DELIVERED, REFERRED];
    const seen: string[] = [];
    for (const event of events) {
      const step = advanceEscalation(procedure, stored, event);
      seen.push(`${step.status}:${step.rung ?? '-'}:${step.stage ?? '-'}`);
      stored = JSON.parse(JSON.stringify(step.snapshot));
    }
    expect(seen).toEqual([
      'active:complaints_officer:open',
      'active:complaints_officer:awaitingAnswer',
      'active:director:open',
      'active:director:awaitingAnswer',
      'referred:-:-',
    ]);
    expect(readEscalation(procedure, stored)).toMatchObject({ status: 'referred', referral: 'geschillencommissie_zorg' });
    expect((stored as { context: unknown }).context).toEqual({
      history: [
        { rung: 'employee', outcome: 'not_resolved' },
        { rung: 'complaints_officer', outcome: 'no_answer_in_time' },
        { rung: 'director', outcome: 'referred' },
      ],
      referral: 'geschillencommissie_zorg',
    });
  });

  it('when no answer is awaited yet, then "no answer in time" is not accepted and nothing changes', () => {
    const stored = json(startEscalation(procedure));
    const step = advanceEscalation(procedure, stored, NO_ANSWER_IN_TIME);
    expect(step).toMatchObject({ accepted: false, status: 'active', rung: 'employee', stage: 'open' });
    expect(step.snapshot).toEqual(stored);
  });

  it('when the case has ended, then later events are not accepted and the end stays', () => {
    const ended = advanceEscalation(procedure, json(startEscalation(procedure)), WITHDRAWN).snapshot;
    const step = advanceEscalation(procedure, json(ended), NOT_RESOLVED);
    expect(step).toMatchObject({ accepted: false, status: 'withdrawn' });
  });

  it('when the organisation dropped the stored rung from its ladder, then the snapshot is reported as not fitting', () => {
    const atDirector = advanceEscalation(procedure, json(startEscalation(procedure, 'director')), DELIVERED).snapshot;
    const shorter = Procedure.parse(fixtureProcedure(['employee', 'complaints_officer']));
    expect(() => readEscalation(shorter, json(atDirector))).toThrow(EscalationSnapshotError);
  });

  it('when a finished case names a rung the organisation later dropped, then it still reads as finished', () => {
    const climbed = advanceEscalation(procedure, json(startEscalation(procedure, 'director')), NOT_RESOLVED).snapshot;
    const shorter = Procedure.parse(fixtureProcedure(['employee', 'complaints_officer']));
    expect(readEscalation(shorter, json(climbed))).toMatchObject({ status: 'exhausted' });
  });

  it('when stored data is damaged, then it is reported, not half-read', () => {
    expect(() => readEscalation(procedure, { status: 'active', value: { nowhere: 'open' }, context: { history: [] } })).toThrow(
      EscalationSnapshotError,
    );
    expect(() => readEscalation(procedure, 'not a snapshot')).toThrow(EscalationSnapshotError);
  });

  it('when an event is malformed, then the caller hears it at once', () => {
    const stored = json(startEscalation(procedure));
    expect(() => advanceEscalation(procedure, stored, { type: 'REFERRED' } as unknown as EscalationEvent)).toThrow(RangeError);
  });
});

describe('the organisation\'s answers and their dates', () => {
  const procedure = Procedure.parse(BUILTIN_PROCEDURES.xtra);
  const deadlines = { acknowledgeBy: '2026-04-10', decideBy: '2026-05-14' };
  const delivered = () =>
    json(advanceEscalation(procedure, json(startEscalation(procedure, 'manager')), { type: 'DELIVERED', on: '2026-04-02', deadlines }).snapshot);

  it('when the complaint is delivered with its dates, then the rung keeps them and the 004 ruling date is also the cap', () => {
    expect(readEscalation(procedure, delivered()).current).toEqual({ deliveredOn: '2026-04-02', ...deadlines, extensionCap: '2026-05-14' });
  });

  it('when Xtra tries to move its ruling past the six weeks of 004 §4d, then it is refused with the cap', () => {
    const step = advanceEscalation(procedure, delivered(), { type: 'EXTENDED', on: '2026-05-01', extendTo: '2026-06-11' });
    expect(step).toMatchObject({ accepted: false, refusal: { reason: 'extension_capped', cap: '2026-05-14' } });
  });

  it('when a procedure has its own extension term, then the ruling may move up to it and no further', () => {
    const withTerm = { ...deadlines, decideByExtended: '2026-06-11' };
    const stored = json(advanceEscalation(procedure, json(startEscalation(procedure, 'manager')), { type: 'DELIVERED', on: '2026-04-02', deadlines: withTerm }).snapshot);
    const ok = advanceEscalation(procedure, stored, { type: 'EXTENDED', on: '2026-05-01', extendTo: '2026-06-04' });
    expect(ok).toMatchObject({ accepted: true, current: { extendedTo: '2026-06-04' } });
    const tooFar = advanceEscalation(procedure, json(ok.snapshot), { type: 'EXTENDED', on: '2026-05-02', extendTo: '2026-06-12' });
    expect(tooFar).toMatchObject({ accepted: false, refusal: { reason: 'extension_capped', cap: '2026-06-11' } });
    // The extended date now counts: the day after the old ruling date is not late any more.
    expect(advanceEscalation(procedure, json(ok.snapshot), { type: 'NO_ANSWER_IN_TIME', on: '2026-05-15' })).toMatchObject({ accepted: true });
    const acknowledged = json(advanceEscalation(procedure, json(ok.snapshot), { type: 'ACKNOWLEDGED', on: '2026-04-09' }).snapshot);
    expect(advanceEscalation(procedure, acknowledged, { type: 'NO_ANSWER_IN_TIME', on: '2026-05-15' })).toMatchObject({
      accepted: false,
      refusal: { reason: 'not_overdue', due: '2026-06-04' },
    });
  });

  it('when no date has passed yet, then "no answer in time" is refused; the day after the acknowledgement date it is accepted', () => {
    expect(advanceEscalation(procedure, delivered(), { type: 'NO_ANSWER_IN_TIME', on: '2026-04-10' })).toMatchObject({
      accepted: false,
      refusal: { reason: 'not_overdue', due: '2026-04-10' },
    });
    expect(advanceEscalation(procedure, delivered(), { type: 'NO_ANSWER_IN_TIME', on: '2026-04-11' })).toMatchObject({
      accepted: true,
      rung: 'director',
      stage: 'open',
    });
  });

  it('when receipt is confirmed twice or a ruling follows a withdrawal, then the second is refused with the reason', () => {
    const once = json(advanceEscalation(procedure, delivered(), { type: 'ACKNOWLEDGED', on: '2026-04-08' }).snapshot);
    expect(advanceEscalation(procedure, once, { type: 'ACKNOWLEDGED', on: '2026-04-09' })).toMatchObject({
      accepted: false,
      refusal: { reason: 'already_acknowledged', on: '2026-04-08' },
    });
    const withdrawn = json(advanceEscalation(procedure, once, { type: 'WITHDRAWN' }).snapshot);
    expect(advanceEscalation(procedure, withdrawn, DECIDED)).toMatchObject({ accepted: false, refusal: { reason: 'ended', status: 'withdrawn' } });
  });
});
