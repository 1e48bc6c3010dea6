import type { ChoiceQuestion, MatchingQuestion, OrderingQuestion, Question, TrueFalseQuestion } from './schemas/quiz.ts';

/** What a learner gave as the answer to one question. */
export type QuizResponse =
  /** The chosen option ids; a true/false question's options are `true` and `false`. */
  | { kind: 'choice'; selected: string[] }
  /** Every item id, in the order the learner put them. */
  | { kind: 'ordering'; order: string[] }
  /** Each left (premise) id with the right id the learner paired it with. */
  | { kind: 'matching'; pairs: Record<string, string> };

/**
 * The result of one answer. `score` is the credit earned, 0–1; `correct` is true only for a full answer.
 * `marks` says, per option / item / premise id, whether the learner got that part right, for feedback: an
 * option chosen (or left) rightly, an item in its own position, a premise paired with its partner.
 */
export interface Grade {
  score: number;
  correct: boolean;
  marks: Record<string, boolean>;
}

/** The option ids of a true/false question, as responses name them. */
export const trueFalseOptions = ['true', 'false'] as const;

/**
 * Grades an answer. Single choice, situational and true/false questions are all or nothing. Partial credit:
 * - multiple choice: (right picks − wrong picks) ÷ correct options, at least 0, so ticking every box earns nothing;
 * - ordering: (L − 1) ÷ (n − 1), where L is the largest number of items already in the right order relative to
 *   one another (the ones that need not move): 1 when all is in order, 0 when the list is reversed;
 * - matching: the share of premises paired with their partner.
 */
export function gradeResponse(question: Question, response: QuizResponse): Grade {
  switch (question.type) {
    case 'single':
    case 'situational':
    case 'multiple':
      return gradeChoice(question, response.kind === 'choice' ? response.selected : []);
    case 'true-false':
      return gradeTrueFalse(question, response.kind === 'choice' ? response.selected : []);
    case 'ordering':
      return gradeOrdering(question, response.kind === 'ordering' ? response.order : []);
    case 'matching':
      return gradeMatching(question, response.kind === 'matching' ? response.pairs : {});
  }
}

/** Grades a single, situational or multiple choice answer (see `gradeResponse` for the partial-credit rule). */
export function gradeChoice(question: ChoiceQuestion, selected: readonly string[]): Grade {
  const picked = new Set(selected);
  const marks = Object.fromEntries(question.options.map((option) => [option.id, picked.has(option.id) === option.correct]));
  const correctCount = question.options.filter((option) => option.correct).length;
  const allRight = question.options.every((option) => marks[option.id]);
  if (question.type !== 'multiple') return { score: allRight ? 1 : 0, correct: allRight, marks };
  const hits = question.options.filter((option) => option.correct && picked.has(option.id)).length;
  const misses = question.options.filter((option) => !option.correct && picked.has(option.id)).length;
  return { score: allRight ? 1 : Math.max(0, (hits - misses) / correctCount), correct: allRight, marks };
}

/** Grades a true/false answer: `selected` holds `true` or `false`. */
export function gradeTrueFalse(question: TrueFalseQuestion, selected: readonly string[]): Grade {
  const answer = String(question.answer);
  const correct = selected.length === 1 && selected[0] === answer;
  return { score: correct ? 1 : 0, correct, marks: Object.fromEntries(trueFalseOptions.map((id) => [id, (id === answer) === selected.includes(id)])) };
}

/** Grades an ordering answer by the largest set of items already in correct relative order (see `gradeResponse`). */
export function gradeOrdering(question: OrderingQuestion, order: readonly string[]): Grade {
  const rank = new Map(question.items.map((item, i) => [item.id, i]));
  const ranks = order.map((id) => rank.get(id)).filter((r) => r !== undefined);
  const n = question.items.length;
  const complete = ranks.length === n && new Set(ranks).size === n;
  const inOrder = complete ? longestIncreasingRun(ranks) : 0;
  return {
    score: complete ? (inOrder - 1) / (n - 1) : 0,
    correct: complete && inOrder === n,
    // Marks say where each item belongs, which is what a learner can act on; the score above is more forgiving.
    marks: Object.fromEntries(question.items.map((item, i) => [item.id, complete && order[i] === item.id])),
  };
}

/** Returns the length of the longest increasing subsequence: how many items need not move. */
function longestIncreasingRun(values: readonly number[]): number {
  const longestEndingAt = values.map(() => 1);
  for (let i = 1; i < values.length; i++) {
    for (let j = 0; j < i; j++) {
      if (values[j]! < values[i]!) longestEndingAt[i] = Math.max(longestEndingAt[i]!, longestEndingAt[j]! + 1);
    }
  }
  return Math.max(0, ...longestEndingAt);
}

/** Grades a matching answer: one share of the score per premise paired with its partner. */
export function gradeMatching(question: MatchingQuestion, pairs: Readonly<Record<string, string>>): Grade {
  const marks = Object.fromEntries(question.left.map((item) => [item.id, item.match !== undefined && pairs[item.id] === item.match]));
  const right = Object.values(marks).filter(Boolean).length;
  return { score: right / question.left.length, correct: right === question.left.length, marks };
}

/** Says whether a response is a complete answer to the question, so it can be submitted. */
export function isCompleteResponse(question: Question, response: QuizResponse | null): boolean {
  if (!response) return false;
  switch (question.type) {
    case 'single':
    case 'situational':
    case 'true-false':
      return response.kind === 'choice' && response.selected.length === 1;
    case 'multiple':
      return response.kind === 'choice' && response.selected.length > 0;
    case 'ordering':
      return response.kind === 'ordering' && response.order.length === question.items.length;
    case 'matching':
      return response.kind === 'matching' && question.left.every((item) => Boolean(response.pairs[item.id]));
  }
}

/** Says whether a response only names options, items or pairs that the question has. */
export function fitsQuestion(question: Question, response: QuizResponse): boolean {
  switch (question.type) {
    case 'single':
    case 'situational':
    case 'multiple': {
      const ids = new Set(question.options.map((option) => option.id));
      return response.kind === 'choice' && response.selected.every((id) => ids.has(id)) && (question.type === 'multiple' || response.selected.length <= 1);
    }
    case 'true-false':
      return response.kind === 'choice' && response.selected.length <= 1 && response.selected.every((id) => id === 'true' || id === 'false');
    case 'ordering': {
      const ids = new Set(question.items.map((item) => item.id));
      return response.kind === 'ordering' && response.order.length === ids.size && response.order.every((id) => ids.has(id)) && new Set(response.order).size === ids.size;
    }
    case 'matching': {
      const left = new Set(question.left.map((item) => item.id));
      const right = new Set(question.right.map((item) => item.id));
      return response.kind === 'matching' && Object.entries(response.pairs).every(([l, r]) => left.has(l) && (r === '' || right.has(r)));
    }
  }
}

/** Writes a response in the xAPI interaction format: `a[,]b` for choices and sequences, `l1[.]r1[,]l2[.]r2` for matching. */
export function formatResponse(response: QuizResponse): string {
  switch (response.kind) {
    case 'choice':
      return response.selected.join('[,]');
    case 'ordering':
      return response.order.join('[,]');
    case 'matching':
      return Object.entries(response.pairs)
        .filter(([, right]) => right)
        .map(([left, right]) => `${left}[.]${right}`)
        .join('[,]');
  }
}

/** Rounds a score for display and records, to two decimals, so 2/3 is 0.67 and sums stay exact enough. */
export function roundScore(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Sums question scores into a quiz result and says whether it reaches the pass mark. */
export function scoreQuiz(scores: readonly number[], passMark: number): { raw: number; max: number; scaled: number; passed: boolean } {
  const raw = roundScore(scores.reduce((sum, score) => sum + score, 0));
  const max = scores.length;
  const scaled = max ? raw / max : 0;
  // A small tolerance: 3 of 4 at a pass mark of 0.75 must pass whatever the floating point says.
  return { raw, max, scaled, passed: scaled + 1e-9 >= passMark };
}
