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

/** The events of the ladder itself: without withdrawing or referring, every case must still end. */
const LADDER_EVENTS = [DELIVERED, RESOLVED, NOT_RESOLVED, NO_ANSWER_IN_TIME];
const ALL_EVENTS = [...LADDER_EVENTS, WITHDRAWN, REFERRED];

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
  const shortest = getShortestPaths(machine, { events: ALL_EVENTS });
  const endOf = (end: string) => shortestTo(shortest, JSON.stringify(end));

  it.each(FINAL_STATES)('when every event is tried, then the end "%s" is reachable', (end) => {
    const path = endOf(end);
    expect(path).toBeDefined();
    expect(path!.state.status).toBe('done');
  });

  it('when every event is tried, then each rung is reached both open and awaiting an answer', () => {
    const reached = shortest.map((p) => valueOf(p.state));
    for (const rung of ladder) {
      expect(reached).toContain(JSON.stringify({ [rung]: 'open' }));
      expect(reached).toContain(JSON.stringify({ [rung]: 'awaitingAnswer' }));
    }
  });

  it('when the shortest way to resolved, withdrawn or referred is taken, then it is one step at the first rung', () => {
    for (const [end, event] of [['resolved', RESOLVED], ['withdrawn', WITHDRAWN], ['referred', REFERRED]] as const) {
      const path = endOf(end)!;
      expect(path.steps.map((s) => s.event)).toContainEqual(event);
      expect(path.steps.filter((s) => !s.event.type.startsWith('xstate.'))).toHaveLength(1);
      expect(path.state.context.history).toEqual([{ rung: ladder[0], outcome: end }]);
    }
    expect(endOf('referred')!.state.context.referral).toBe('geschillencommissie_zorg');
  });

  it('when the shortest way to exhausted is taken, then it visits every rung in ladder order', () => {
    const path = endOf('exhausted')!;
    const visited = path.steps.map((s) => rungOf(s.state)).filter((r): r is RungId => r !== undefined);
    expect([...new Set(visited)]).toEqual(ladder);
    expect(path.state.context.history.map((h) => h.rung)).toEqual(ladder);
    expect(path.steps.filter((s) => s.event.type === 'NOT_RESOLVED')).toHaveLength(ladder.length);
  });

  it.each([
    ['no answer comes in time', NO_ANSWER_IN_TIME],
    ['the rung did not solve it', NOT_RESOLVED],
  ])('when %s at a rung, then the complaint moves up to the next rung, or the ladder ends after the last', (_why, event) => {
    ladder.forEach((rung, i) => {
      const delivered = advanceEscalation(procedure, json(startEscalation(procedure, rung)), DELIVERED);
      const step = advanceEscalation(procedure, json(delivered.snapshot), event);
      const next = ladder[i + 1];
      expect(step).toMatchObject(next ? { status: 'active', rung: next, stage: 'open' } : { status: 'exhausted' });
      expect(step.snapshot.context.history).toEqual([{ rung, outcome: event.type.toLowerCase() }]);
    });
  });

  it('when the complainant withdraws or is referred from any state, then the case ends that way', () => {
    const adjacency = getAdjacencyMap(machine, { events: ALL_EVENTS });
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
    const adjacency = getAdjacencyMap(machine, { events: ALL_EVENTS });
    const states = Object.values(adjacency).map((a) => a.state);
    expect(new Set(states.map(valueOf)).size).toBe(2 * ladder.length + FINAL_STATES.length);
    for (const state of states) {
      if (state.status === 'done') {
        expect(FINAL_STATES).toContain(state.value);
        expect(ALL_EVENTS.some((e) => state.can(e))).toBe(false);
        continue;
      }
      const onward = getShortestPaths(machine, { events: LADDER_EVENTS, fromState: state });
      const ends = onward.map((p) => p.state.value);
      expect(ends).toEqual(expect.arrayContaining(['resolved', 'exhausted']));
    }
  });

  it('when every shortest path is replayed on stored JSON snapshots, then the stored state follows the model', async () => {
    // One test path per state and history, not per incoming transition as well.
    const model = createTestModel(machine, { events: ALL_EVENTS, serializeTransition: () => '' });
    const paths = model.getShortestPaths({ allowDuplicatePaths: true });
    expect(new Set(paths.map((p) => valueOf(p.state))).size).toBe(2 * ladder.length + FINAL_STATES.length);
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
            expect(view.snapshot.context).toEqual(state.context);
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
