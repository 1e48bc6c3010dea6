import type { PracticeQuiz, Question } from '../../src/core/quiz/schemas/quiz.ts';

const section = { lesson: 'shared-goals', heading: '找到共同的方向' };
const base = { explanation: '解析', section, principle: 'goals' as const };

export const singleQuestion: Extract<Question, { type: 'single' }> = {
  ...base,
  id: 'q-single',
  type: 'single',
  prompt: '单选',
  options: [
    { id: 'a', text: '甲', correct: false, feedback: '甲不对' },
    { id: 'b', text: '乙', correct: true, feedback: '乙对' },
    { id: 'c', text: '丙', correct: false, feedback: '丙不对' },
  ],
};

export const multipleQuestion: Extract<Question, { type: 'multiple' }> = {
  ...base,
  id: 'q-multiple',
  type: 'multiple',
  prompt: '多选',
  options: [
    { id: 'a', text: '甲', correct: true, feedback: '—' },
    { id: 'b', text: '乙', correct: true, feedback: '—' },
    { id: 'c', text: '丙', correct: false, feedback: '—' },
    { id: 'd', text: '丁', correct: false, feedback: '—' },
  ],
};

export const trueFalseQuestion: Extract<Question, { type: 'true-false' }> = {
  ...base,
  id: 'q-true-false',
  type: 'true-false',
  prompt: '判断',
  answer: false,
  feedback: { true: '选了正确', false: '选了错误' },
};

export const orderingQuestion: Extract<Question, { type: 'ordering' }> = {
  ...base,
  id: 'q-ordering',
  type: 'ordering',
  prompt: '排序',
  items: ['a', 'b', 'c', 'd'].map((id) => ({ id, text: id.toUpperCase(), feedback: `${id} 的位置` })),
};

export const matchingQuestion: Extract<Question, { type: 'matching' }> = {
  ...base,
  id: 'q-matching',
  type: 'matching',
  prompt: '配对',
  left: [
    { id: 'l1', text: '左一', match: 'r1', feedback: '—' },
    { id: 'l2', text: '左二', match: 'r2', feedback: '—' },
    { id: 'l3', text: '左三', match: 'r3', feedback: '—' },
  ],
  right: [
    { id: 'r1', text: '右一' },
    { id: 'r2', text: '右二' },
    { id: 'r3', text: '右三' },
  ],
};

export const situationalQuestion: Extract<Question, { type: 'situational' }> = {
  ...base,
  id: 'q-situational',
  type: 'situational',
  scenario: '周一早上，同事来找你。',
  prompt: '你怎么做？',
  options: [
    { id: 'a', text: '听他说完', correct: true, feedback: '好' },
    { id: 'b', text: '让他等着', correct: false, feedback: '不好' },
  ],
};

/** A small practice quiz for machine tests: two questions, passed only with both right (0.75 of 2). */
export const twoQuestionQuiz: PracticeQuiz = {
  id: 'quiz-shared-goals',
  kind: 'practice',
  title: '练习：共同目标',
  lesson: 'shared-goals',
  passMark: 0.75,
  questions: [singleQuestion, orderingQuestion],
};
