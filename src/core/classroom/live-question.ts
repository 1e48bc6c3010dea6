import type { ChoiceQuestion, Question, TrueFalseQuestion } from '../quiz/schemas/quiz.ts';
import { seededShuffle } from '../scenario/shuffle.ts';

/** The question types a room answers live: one tap or a few, counted per option on a bar chart. */
export type LiveQuestion = ChoiceQuestion | TrueFalseQuestion;

/**
 * Whether a practice question can be put to the room. Ordering and matching questions are left to self-study: their
 * answers are arrangements, which a bar chart of options cannot show.
 */
export function isLiveQuestion(question: Question): question is LiveQuestion {
  return question.type !== 'ordering' && question.type !== 'matching';
}

/** A question as phones see it before the reveal: its text and options in the room's order, without any key. */
export interface LiveQuestionView {
  id: string;
  type: LiveQuestion['type'];
  prompt: string;
  scenario?: string;
  options: { id: string; text: string }[];
}

/** What the reveal shows: the correct option ids and the explanation. */
export interface LiveQuestionKey {
  correct: string[];
  explanation: string;
}

/** The labels of true/false options, as the practice quizzes show them. */
export const trueFalseLabels = { true: '正确', false: '错误' } as const;

/**
 * Splits a question into what phones see and the key the server keeps until the reveal. Options are shuffled with the
 * session's seed, so the projector and every phone show them in one order.
 */
export function liveQuestion(question: LiveQuestion, seed: number): { view: LiveQuestionView; key: LiveQuestionKey } {
  if (question.type === 'true-false') {
    return {
      view: {
        id: question.id,
        type: 'true-false',
        prompt: question.prompt,
        options: [
          { id: 'true', text: trueFalseLabels.true },
          { id: 'false', text: trueFalseLabels.false },
        ],
      },
      key: { correct: [String(question.answer)], explanation: question.explanation },
    };
  }
  return {
    view: {
      id: question.id,
      type: question.type,
      prompt: question.prompt,
      ...(question.type === 'situational' ? { scenario: question.scenario } : {}),
      options: seededShuffle(question.options, seed, question.id).map(({ id, text }) => ({ id, text })),
    },
    key: {
      correct: question.options.filter((option) => option.correct).map((option) => option.id),
      explanation: question.explanation,
    },
  };
}

/** Whether a selection fits the question: offered options, each once; exactly one unless it is a multiple choice. */
export function fitsSelection(options: readonly { id: string }[], multiple: boolean, selected: readonly string[]): boolean {
  if (selected.length === 0 || new Set(selected).size !== selected.length) return false;
  if (!multiple && selected.length !== 1) return false;
  return selected.every((id) => options.some((option) => option.id === id));
}

/** Whether a selection is exactly the key. */
export function isCorrectSelection(key: Pick<LiveQuestionKey, 'correct'>, selected: readonly string[]): boolean {
  return selected.length === key.correct.length && selected.every((id) => key.correct.includes(id));
}

/** Letters for options in display order (A, B, C…), as the room says them aloud. */
export function optionLetter(index: number): string {
  return String.fromCharCode(65 + index);
}
