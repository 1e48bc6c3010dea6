import { describe, expect, test } from 'vitest';
import {
  bigramDice,
  describeQuizFairness,
  expectedOverlap,
  fairnessFaults,
  itemText,
  keyedLongestItems,
  keyedShortestItems,
  keyPositions,
  measureQuizFairness,
  similarPairs,
  trueFalseBalance,
  visibleLength,
} from '../../../../src/core/quiz/quiz-fairness.ts';
import type { Question } from '../../../../src/core/quiz/schemas/quiz.ts';
import {
  matchingQuestion,
  multipleQuestion,
  orderingQuestion,
  singleQuestion,
  situationalQuestion,
  trueFalseQuestion,
} from '../../../support/quiz-fixture.ts';

/** A prompt of Han characters spelled from the id, so that items of different ids share next to nothing. */
const promptOf = (id: string) => [...id].map((char) => String.fromCharCode(0x4e00 + ((char.charCodeAt(0) * 131) % 20000))).join('');

/** A single-choice question whose options have the given texts; the option at `keyed` is correct. */
function choice(id: string, texts: string[], keyed: number): Question {
  const prompt = promptOf(id);
  return {
    ...singleQuestion,
    id,
    prompt,
    explanation: prompt,
    options: texts.map((text, i) => ({ id: `o${i}`, text, correct: i === keyed, feedback: '—' })),
  };
}

const trueFalse = (id: string, answer: boolean): Question => ({
  ...trueFalseQuestion,
  id,
  answer,
  prompt: promptOf(id),
  explanation: promptOf(id),
});

describe('visibleLength', () => {
  test('counts Chinese characters, letters and punctuation but not spaces', () => {
    expect(visibleLength('先问 IT，再定。')).toBe(8);
  });
});

describe('keyedLongestItems', () => {
  test('counts only single and situational items, and a key as long as another option is not the longest', () => {
    const questions = [
      choice('long-key', ['很长很长的正确答案', '短', '短短'], 0),
      choice('tie', ['一样长', '一样长', '短'], 0),
      choice('short-key', ['对', '一个更长的干扰项'], 0),
      multipleQuestion,
      orderingQuestion,
    ];
    expect(keyedLongestItems(questions)).toEqual({
      items: 3,
      keyed: [{ questionId: 'long-key', keyed: 9, nearestOther: 2 }],
    });
  });

  test('looks at the options of situational items as well', () => {
    const situational: Question = {
      ...situationalQuestion,
      options: [
        { id: 'a', text: '先听他把话说完', correct: true, feedback: '好' },
        { id: 'b', text: '让他等着', correct: false, feedback: '不好' },
      ],
    };
    expect(keyedLongestItems([situational]).keyed.map((item) => item.questionId)).toEqual(['q-situational']);
  });
});

describe('keyedShortestItems', () => {
  test('finds the items whose key is shorter than every other option, the mirror signal of a trimmed key', () => {
    const questions = [choice('short-key', ['对', '一个更长的干扰项', '也更长'], 0), choice('tie', ['同样', '同样', '长一些'], 0)];
    expect(keyedShortestItems(questions)).toEqual({ items: 2, keyed: [{ questionId: 'short-key', keyed: 1, nearestOther: 3 }] });
  });
});

describe('keyPositions', () => {
  test('counts where keys are authored among the options of single and situational items', () => {
    const questions = [choice('k1', ['甲', '乙', '丙'], 0), choice('k2', ['甲', '乙', '丙'], 2), choice('k3', ['甲', '乙'], 0), multipleQuestion];
    expect(keyPositions(questions)).toEqual([2, 0, 1]);
  });
});

describe('trueFalseBalance', () => {
  test('counts the true/false items and those keyed true', () => {
    expect(trueFalseBalance([trueFalse('a', true), trueFalse('b', false), trueFalse('c', false), singleQuestion])).toEqual({
      items: 3,
      true: 1,
    });
  });
});

describe('bigramDice', () => {
  test('is 1 for the same text, whatever its punctuation, and 0 for texts that share no pair of characters', () => {
    expect(bigramDice('返工所花的工时', '返工，所花的工时。')).toBe(1);
    expect(bigramDice('返工所花的工时', '客户信任下降')).toBe(0);
  });

  test('gives the share of character pairs two texts have in common', () => {
    // 甲乙 乙丙 against 甲乙 乙丁: one pair shared out of two on each side.
    expect(bigramDice('甲乙丙', '甲乙丁')).toBe(0.5);
  });
});

describe('itemText', () => {
  test('takes every option of a choice item, so a final item asking for the complement of a practice key still matches', () => {
    const text = itemText(singleQuestion);
    expect(text).toContain('甲');
    expect(text).toContain('乙');
    expect(text).toContain('丙');
    expect(text).toContain(singleQuestion.explanation);
  });

  test('joins each matching premise with its partner, and takes the scenario of a situational item', () => {
    expect(itemText(matchingQuestion)).toContain('左一右一');
    expect(itemText(situationalQuestion)).toContain('周一早上');
  });
});

describe('similarPairs', () => {
  const practice = [choice('p-costs', ['返工所花的工时', '客户信任的下降', '反复沟通消耗的精力'], 0), choice('p-other', ['先问担心什么', '再谈方案'], 0)];

  test('pairs a reworded copy with the practice item it copies', () => {
    const original = practice[0] as Extract<Question, { type: 'single' }>;
    const copy: Question = { ...original, id: 'f-costs', options: original.options.map((option) => ({ ...option, correct: !option.correct })) };
    expect(similarPairs([copy], practice, 0.5)).toEqual([{ finalId: 'f-costs', practiceId: 'p-costs', similarity: 1 }]);
  });

  test('leaves out items below the threshold', () => {
    expect(similarPairs([choice('f-new', ['画一张分工表', '写一页约定'], 0)], practice, 0.5)).toEqual([]);
  });
});

describe('expectedOverlap', () => {
  test('is the draw squared over the bank: 20 of 64 share 6.25 questions on average', () => {
    expect(expectedOverlap(64, 20)).toBe(6.25);
    expect(expectedOverlap(45, 20)).toBeCloseTo(8.89, 2);
  });
});

describe('fairnessFaults', () => {
  const fairBank = (size: number) =>
    Array.from({ length: size }, (_, i) =>
      i % 2 === 0 ? choice(`f${i}`, ['中等长度', '短', '一个更长的错误答案'], 0) : trueFalse(`f${i}`, i % 4 === 1),
    );
  const measure = (final: Question[], practice: Question[] = [trueFalse('p1', true), trueFalse('p2', false)]) =>
    measureQuizFairness({ practice, final, lessons: ['shared-goals'], drawn: 20 });

  test('finds nothing to fault in a balanced bank of 60 that tests every lesson', () => {
    expect(fairnessFaults(measure(fairBank(60)))).toEqual([]);
  });

  test('faults a bank whose key is the shortest option in more than a third of its choice items', () => {
    const shortest = Array.from({ length: 30 }, (_, i) => choice(`s${i}`, ['短', '长得多的干扰项'], 0));
    expect(fairnessFaults(measure([...fairBank(60), ...shortest])).map((fault) => fault.message)).toEqual([
      expect.stringMatching(/^结业题库中 30\/60（50%）道单选和情境题的正确选项是最短的一项，上限为三分之一：请改写这些题的选项（s0、s1、/),
    ]);
  });

  test('faults a bank whose key is the longest option in more than a third of its choice items, naming them', () => {
    const final = [...fairBank(60), choice('x1', ['最长的正确答案', '短'], 0), choice('x2', ['最长的正确答案', '短'], 0)];
    const longest = Array.from({ length: 30 }, (_, i) => choice(`g${i}`, ['最长的正确答案', '短'], 0));
    expect(fairnessFaults(measure(final))).toEqual([]);
    expect(fairnessFaults(measure([...fairBank(60), ...longest])).map((fault) => fault.message)).toEqual([
      expect.stringMatching(/^结业题库中 30\/60（50%）道单选和情境题的正确选项是最长的一项，上限为三分之一：请改写这些题的选项（g0、g1、/),
    ]);
  });

  test('faults a true share outside 40–60 % in either bank', () => {
    const practice = [trueFalse('p1', false), trueFalse('p2', false), trueFalse('p3', true)];
    expect(fairnessFaults(measure(fairBank(60), practice))).toEqual([
      { bank: 'practice', message: '练习题（各练习合计）的判断题中答案为“正确”的有 1/3（33%），应在 40%～60% 之间' },
    ]);
  });

  test('faults a near-copy, a bank under 60 and a lesson without a final item', () => {
    const copied = choice('p-copy', ['返工所花的工时', '客户信任的下降'], 0);
    const fairness = measureQuizFairness({
      practice: [copied, trueFalse('p1', true), trueFalse('p2', false)],
      final: [...fairBank(58), { ...copied, id: 'f-copy' }],
      lessons: ['shared-goals', 'future-trends'],
      drawn: 20,
    });
    expect(fairnessFaults(fairness).map((fault) => fault.message)).toEqual([
      '结业题 “f-copy”与练习题 “p-copy”的题干和答案相似度 1.00（上限 0.5）：练习的答案会下发到浏览器，请换一个角度考查',
      '结业题库只有 59 题，至少需要 60 题，两次抽题才不会大量重复',
      '结业题库没有考到课程 “future-trends”：每一课至少要有一道结业题',
    ]);
  });
});

describe('describeQuizFairness', () => {
  test('prints the figures of both banks, the overlap of two draws and the items per lesson, then one warning per contributing item', () => {
    const fairness = measureQuizFairness({
      practice: [choice('p-long', ['很长的正确答案', '短'], 0), choice('p-fair', ['对的', '错', '更长的错误答案'], 0), trueFalse('p1', true), trueFalse('p2', false)],
      final: [choice('f-fair', ['是这样', '否', '一个比它长的选项'], 0), trueFalse('f1', true), trueFalse('f2', false)],
      lessons: ['shared-goals'],
      drawn: 2,
    });
    const { summary, warnings } = describeQuizFairness(fairness);
    expect(summary).toEqual([
      '练习题（各练习合计）：正确选项最长 1/2（50%），最短 0/2（0%），上限均为 33%；判断题答案为“正确” 1/2（50%，应为 40%～60%）',
      '结业题库：正确选项最长 0/1（0%），最短 0/1（0%），上限均为 33%；判断题答案为“正确” 1/2（50%，应为 40%～60%）',
      '结业题库 3 题（至少 60），每次抽 2 题，两次抽题平均重复 1.3 题',
      expect.stringMatching(/^与练习题近似重复 0 道（相似度 ≥ 0\.5）；最相近的是 “[\w-]+”与 “[\w-]+”，相似度 0\.\d\d$/),
      '每课结业题：shared-goals 3',
      '正确选项的编写位置（作答时选项会打乱）：练习 第 1 项 2；结业 第 1 项 1',
    ]);
    expect(warnings).toEqual(['练习题 “p-long”：正确选项 7 字，比其余选项（最长 1 字）都长']);
  });
});
