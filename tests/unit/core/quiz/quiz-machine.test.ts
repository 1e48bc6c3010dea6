import { createActor, type Actor, type ActorLogic, type SnapshotFrom } from 'xstate';
import { TestModel, getShortestPaths, getSimplePaths } from 'xstate/graph';
import { describe, expect, test } from 'vitest';
import { gradeResponse, isCompleteResponse, type QuizResponse } from '../../../../src/core/quiz/grading.ts';
import {
  createQuizMachine,
  currentQuestion,
  quizOutcome,
  resumeOf,
  type AnswerRecord,
  type QuizEvent,
  type QuizInput,
  type QuizMachine,
  type QuizOutcome,
  type QuizRecorder,
  type QuizResume,
} from '../../../../src/core/quiz/quiz-machine.ts';
import type { PracticeQuiz } from '../../../../src/core/quiz/schemas/quiz.ts';
import { orderingQuestion, singleQuestion, twoQuestionQuiz } from '../../../support/quiz-fixture.ts';

type Snapshot = SnapshotFrom<ReturnType<typeof createQuizMachine>>;

/** A recorder whose writes stay pending until the test settles them, as a slow or failing device would. */
function controlledRecorder() {
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const answers: AnswerRecord[] = [];
  const results: QuizOutcome[] = [];
  const wait = () => new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
  const recorder: QuizRecorder = {
    recordAnswer: (record) => {
      answers.push(record);
      return wait();
    },
    recordResult: (outcome) => {
      results.push(outcome);
      return wait();
    },
  };
  return {
    recorder,
    answers,
    results,
    settle: async (ok: boolean) => {
      const write = pending.shift();
      if (!write) throw new Error('no write is pending');
      if (ok) write.resolve();
      else write.reject(new Error('disk full'));
      // Lets the promise actor report back to the machine.
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}

const right: Record<string, QuizResponse> = {
  [singleQuestion.id]: { kind: 'choice', selected: ['b'] },
  [orderingQuestion.id]: { kind: 'ordering', order: ['a', 'b', 'c', 'd'] },
};
const wrong: Record<string, QuizResponse> = {
  [singleQuestion.id]: { kind: 'choice', selected: ['a'] },
  [orderingQuestion.id]: { kind: 'ordering', order: ['d', 'c', 'b', 'a'] },
};

/**
 * The model's quiz: two questions that behave alike (option b right, a wrong), so the abstract state below
 * holds whichever order 重新作答 shuffles them into. Question types do not change the flow; grading tests cover them.
 */
const modelQuiz: PracticeQuiz = {
  ...twoQuestionQuiz,
  questions: [singleQuestion, { ...singleQuestion, id: 'q-single-2', prompt: '单选二' }],
};
const rightAnswer: QuizResponse = { kind: 'choice', selected: ['b'] };
const wrongAnswer: QuizResponse = { kind: 'choice', selected: ['a'] };

/**
 * What the learner can tell apart: the state, the question, whether the draft answer is right, wrong or
 * missing, and which earlier answers were right. The attempt number and the shuffles are left out, so a
 * retry leads back to the starting state and the graph stays finite.
 */
function describeState(snapshot: Snapshot): string {
  const { context } = snapshot;
  const question = currentQuestion(context);
  const draft = !isCompleteResponse(question, context.response)
    ? 'none'
    : gradeResponse(question, context.response!).correct
      ? 'right'
      : 'wrong';
  const answers = context.questionOrder.map((id) => {
    const answer = context.answers[id];
    return answer ? (answer.grade.correct ? 'R' : 'W') : '-';
  });
  return `${JSON.stringify(snapshot.value)} q${context.index} draft:${draft} answers:${answers.join('')}`;
}

// One right and one wrong answer keep the model small while reaching every outcome.
const events: QuizEvent[] = [
    { type: 'quiz.answer', response: rightAnswer },
    { type: 'quiz.answer', response: wrongAnswer },
    { type: 'quiz.submit', activeMs: 1000 },
    { type: 'quiz.next' },
    { type: 'quiz.retry' },
    { type: 'quiz.save' },
];

const machine = createQuizMachine({ recordAnswer: async () => {}, recordResult: async () => {} });
const input = { quiz: modelQuiz, seed: 42 };
const traversal = {
  input,
  // The invoked writes finish or fail as events, so the graph covers both outcomes of every write.
  events: () =>
    [
      ...events,
      { type: 'xstate.done.actor.recordAnswer' },
      { type: 'xstate.error.actor.recordAnswer', error: new Error('disk full') },
      { type: 'xstate.done.actor.recordResult' },
      { type: 'xstate.error.actor.recordResult', error: new Error('disk full') },
    ] as QuizEvent[],
  serializeState: (snapshot: Snapshot) => describeState(snapshot),
};
// createTestModel() refuses machines that invoke actors, and this one keeps its I/O in invoked actors (as
// STYLE asks), so the test model is built directly over the same graph functions.
// The machine's emitted events are outside ActorLogic's type parameters, hence the widening.
const model = new TestModel(machine as unknown as ActorLogic<Snapshot, QuizEvent, QuizInput>, traversal);

/** Names a path by its events, shortly: `answer:b → submit → …`. */
function steps(path: { steps: { event: { type: string } }[] }): string {
  return path.steps
    .map(({ event }) => {
      const name = event.type.replace(/^quiz\./, '').replace(/^xstate\.(done|error)\.actor\.(\w+)$/, '$2:$1');
      const response = (event as { response?: { selected?: string[] } }).response;
      return response?.selected ? `${name}:${response.selected.join('')}` : name;
    })
    .join(' → ');
}

/** Sends one model event to a real actor; the ends of invoked writes become settling the pending write. */
async function replay(actor: Actor<QuizMachine>, io: ReturnType<typeof controlledRecorder>, event: { type: string }) {
  if (event.type === 'xstate.init') return;
  const settled = /^xstate\.(done|error)\.actor\./.exec(event.type);
  if (settled) await io.settle(settled[1] === 'done');
  else actor.send(event as QuizEvent);
}

/** Drives a real actor through a generated path and checks that it is where the model says at every step. */
async function walk(path: ReturnType<typeof model.getShortestPaths>[number]) {
  const io = controlledRecorder();
  const actor = createActor(createQuizMachine(io.recorder), { input }).start();
  const send = ({ event }: { event: QuizEvent }) => actor.send(event);
  await path.test({
    events: {
      'quiz.answer': send,
      'quiz.submit': send,
      'quiz.next': send,
      'quiz.retry': send,
      'quiz.save': send,
      'xstate.done.actor.recordAnswer': () => io.settle(true),
      'xstate.error.actor.recordAnswer': () => io.settle(false),
      'xstate.done.actor.recordResult': () => io.settle(true),
      'xstate.error.actor.recordResult': () => io.settle(false),
    } as never,
    states: {
      '*': (expected) => expect(describeState(actor.getSnapshot())).toBe(describeState(expected)),
    },
  });
  return { actor, io };
}

describe('the quiz machine, model-based', () => {
  const shortest = model.getShortestPaths();
  const simple = model.getSimplePaths();

  test('has 39 distinguishable states in every state node, each reached by one shortest path, and 133 simple paths', () => {
    const toEachState = getShortestPaths(machine, traversal);
    expect(toEachState).toHaveLength(39);
    expect(new Set(toEachState.map((path) => JSON.stringify(path.state.value)))).toEqual(
      new Set([
        '"answering"',
        '"checking"',
        '"saveFailed"',
        '"feedback"',
        '{"finished":"saving"}',
        '{"finished":"saveFailed"}',
        '{"finished":"saved"}',
      ]),
    );
    expect(getSimplePaths(machine, traversal)).toHaveLength(133);
  });

  test('needs 14 shortest paths to visit them all once paths contained in longer ones are dropped', () => {
    expect(shortest).toHaveLength(14);
  });

  test.each(shortest.map((path) => [steps(path), path]))('follows the shortest path %s', async (_name, path) => {
    await walk(path);
  });

  test('has 52 maximal simple paths, and a real actor follows every one of them', async () => {
    expect(simple).toHaveLength(52);
    for (const path of simple) await walk(path);
  });

  // Simple paths never return to a state, so 重新作答 and 重新保存 (which lead back to states already seen)
  // are covered here: every edge of the graph, taken after the shortest path to its source state.
  test('takes each of the 58 state-changing transitions on a real actor and lands where the model says', async () => {
    const toEachState = new Map(getShortestPaths(machine, traversal).map((path) => [describeState(path.state), path]));
    type Step = { event: QuizEvent; state: Snapshot };
    const adjacency = model.getAdjacencyMap() as unknown as Record<string, { transitions: Record<string, Step> }>;
    const edges = Object.entries(adjacency).flatMap(([from, { transitions }]) =>
      Object.values(transitions)
        .filter(({ state }) => describeState(state) !== from)
        .map(({ event, state }) => ({ from, event, to: describeState(state) })),
    );
    expect(edges).toHaveLength(58);
    expect(edges.filter(({ event }) => event.type === 'quiz.retry')).toHaveLength(4);
    expect(edges.filter(({ event }) => event.type === 'quiz.save')).toHaveLength(10);
    for (const { from, event, to } of edges) {
      const io = controlledRecorder();
      const actor = createActor(createQuizMachine(io.recorder), { input }).start();
      for (const step of [...toEachState.get(from)!.steps.map((s) => s.event), event]) await replay(actor, io, step);
      expect(describeState(actor.getSnapshot()), `${from} --${event.type}--> ${to}`).toBe(to);
    }
  });

  test('records every submitted answer and, at the end, one result that matches the answers', async () => {
    const ends = simple.filter((path) => path.state.matches({ finished: 'saved' }));
    expect(ends.length).toBeGreaterThan(0);
    for (const path of ends) {
      const { actor, io } = await walk(path);
      const outcome = io.results.at(-1)!;
      expect(outcome).toEqual(quizOutcome(actor.getSnapshot().context));
      const lastAnswers = new Map(io.answers.map((record) => [record.question.id, record.answer.grade.correct]));
      expect(outcome.passed).toBe([...lastAnswers.values()].every(Boolean));
      expect(outcome.missed.map((question) => question.id)).toEqual(
        [...lastAnswers].filter(([, correct]) => !correct).map(([id]) => id),
      );
    }
  });
});

describe('the quiz machine', () => {
  const input = { quiz: twoQuestionQuiz, seed: 42 };

  test('asks for an answer before it submits, and ignores an answer that does not fit the question', () => {
    const actor = createActor(machine, { input }).start();
    actor.send({ type: 'quiz.submit', activeMs: 5 });
    expect(actor.getSnapshot().value).toBe('answering');
    actor.send({ type: 'quiz.answer', response: { kind: 'choice', selected: ['z'] } });
    expect(actor.getSnapshot().context.response).toEqual({ kind: 'choice', selected: [] });
  });

  test('hands out an ordering question unsolved, and keeps the authored order on the first attempt', () => {
    const { context } = createActor(machine, { input }).getSnapshot();
    expect(context.questionOrder).toEqual([singleQuestion.id, orderingQuestion.id]);
    expect(context.choiceOrder[singleQuestion.id]).toEqual(['a', 'b', 'c']);
    expect(context.choiceOrder[orderingQuestion.id]).not.toEqual(['a', 'b', 'c', 'd']);
  });

  test('shuffles questions and options on 重新作答, differently with each seed', async () => {
    const layouts = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const actor = createActor(machine, { input: { quiz: twoQuestionQuiz, seed } }).start();
      for (const id of [singleQuestion.id, orderingQuestion.id]) {
        actor.send({ type: 'quiz.answer', response: wrong[id]! });
        actor.send({ type: 'quiz.submit', activeMs: 10 });
        await new Promise((resolve) => setTimeout(resolve, 0));
        actor.send({ type: 'quiz.next' });
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
      actor.send({ type: 'quiz.retry' });
      const { context } = actor.getSnapshot();
      expect(context.attempt).toBe(2);
      expect(context.answers).toEqual({});
      expect(context.choiceOrder[orderingQuestion.id]).not.toEqual(['a', 'b', 'c', 'd']);
      layouts.add(JSON.stringify([context.questionOrder, context.choiceOrder]));
    }
    expect(layouts.size).toBeGreaterThan(1);
  });

  test('resumes at the question it was left on, with the feedback shown if that question was answered', async () => {
    const io = controlledRecorder();
    const first = createActor(createQuizMachine(io.recorder), { input }).start();
    first.send({ type: 'quiz.answer', response: right[singleQuestion.id]! });
    first.send({ type: 'quiz.submit', activeMs: 1200 });
    await io.settle(true);
    const saved: QuizResume = io.answers[0]!.resume;
    expect(saved).toEqual(resumeOf(first.getSnapshot().context));

    const resumed = createActor(machine, { input: { ...input, resume: structuredClone(saved) } }).start();
    expect(resumed.getSnapshot().value).toBe('feedback');
    expect(resumed.getSnapshot().context.answers[singleQuestion.id]?.activeMs).toBe(1200);

    resumed.send({ type: 'quiz.next' });
    const position: QuizResume = resumeOf(resumed.getSnapshot().context);
    const again = createActor(machine, { input: { ...input, resume: position } }).start();
    expect(again.getSnapshot().value).toBe('answering');
    expect(again.getSnapshot().context.index).toBe(1);
  });

  test('starts afresh when the resume point belongs to another version of the quiz', () => {
    const saved = resumeOf({ ...createActor(machine, { input }).getSnapshot().context, index: 1 });
    const edited = { ...twoQuestionQuiz, title: '练习（修订）' };
    const actor = createActor(machine, { input: { quiz: edited, seed: 1, resume: saved } }).start();
    expect(actor.getSnapshot().context.index).toBe(0);
  });

  test('emits the position each time a question is shown, for the island to keep', () => {
    const actor = createActor(machine, { input });
    const positions: number[] = [];
    actor.on('quiz.position', (event) => positions.push(event.resume.index));
    actor.start();
    expect(positions).toEqual([0]);
  });
});
