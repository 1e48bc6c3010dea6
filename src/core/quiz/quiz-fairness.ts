import type { ChoiceQuestion, Question } from './schemas/quiz.ts';

/**
 * Thresholds past which a bank can be gamed or leaks its keys.
 * - keyedByLengthMax: a learner who always picks the longest (or the shortest) option should do little better than
 *   chance, so the key may be the strictly longest, and the strictly shortest, option in at most a third of the
 *   single and situational items each.
 * - trueShare: a learner who always answers 正确 (or 错误) should not pass on that alone.
 * - nearCopy: the similarity (character-bigram Dice of all an item shows, see `itemText`) from which a final item
 *   rewords a practice item whose key already ships to the browser: the complement copy of issue 12 scored 0.63,
 *   while items on the same section that ask something else stay below 0.4 (0.37 at most in the shipped banks).
 * - nearCopyWarn: similar enough that an author should look, not yet a copy.
 * - finalBankMin: with 20 questions drawn, 60 keeps the expected overlap of two draws to a third at most.
 */
export const fairnessThresholds = {
  keyedByLengthMax: 1 / 3,
  trueShare: { min: 0.4, max: 0.6 },
  nearCopy: 0.5,
  nearCopyWarn: 0.4,
  finalBankMin: 60,
} as const;

/** Counts the characters of a text as a reader sees them: code points, whitespace left out. */
export function visibleLength(text: string): number {
  return [...text.replace(/\s+/g, '')].length;
}

/** A choice item whose key stands out by length: its length and the nearest length among the other options. */
export interface KeyedByLength {
  questionId: string;
  keyed: number;
  nearestOther: number;
}

type SingleOrSituational = Extract<ChoiceQuestion, { type: 'single' | 'situational' }>;

function keyedByLength(questions: readonly Question[], stands: 'longest' | 'shortest'): { items: number; keyed: KeyedByLength[] } {
  const choice = questions.filter((question): question is SingleOrSituational => question.type === 'single' || question.type === 'situational');
  const keyed = choice.flatMap((question) => {
    const key = question.options.find((option) => option.correct);
    if (!key) return [];
    const length = visibleLength(key.text);
    const others = question.options.filter((option) => option !== key).map((option) => visibleLength(option.text));
    const nearestOther = stands === 'longest' ? Math.max(...others) : Math.min(...others);
    const out = stands === 'longest' ? length > nearestOther : length < nearestOther;
    return out ? [{ questionId: question.id, keyed: length, nearestOther }] : [];
  });
  return { items: choice.length, keyed };
}

/** Returns the single and situational items whose keyed option is strictly longer than every other option. */
export function keyedLongestItems(questions: readonly Question[]): { items: number; keyed: KeyedByLength[] } {
  return keyedByLength(questions, 'longest');
}

/**
 * Returns the single and situational items whose keyed option is strictly shorter than every other option:
 * trimming keys too far turns “pick the longest” into “pick the shortest”.
 */
export function keyedShortestItems(questions: readonly Question[]): { items: number; keyed: KeyedByLength[] } {
  return keyedByLength(questions, 'shortest');
}

/**
 * Counts where the key is authored among the options of single and situational items (index 0 = first).
 * Players shuffle options, so this is only reported: it matters if a player ever shows them as authored.
 */
export function keyPositions(questions: readonly Question[]): number[] {
  const counts: number[] = [];
  for (const question of questions) {
    if (question.type !== 'single' && question.type !== 'situational') continue;
    const at = question.options.findIndex((option) => option.correct);
    if (at >= 0) counts[at] = (counts[at] ?? 0) + 1;
  }
  return Array.from(counts, (count) => count ?? 0);
}

/** Counts the true/false items and those keyed 正确. */
export function trueFalseBalance(questions: readonly Question[]): { items: number; true: number } {
  const trueFalse = questions.filter((question) => question.type === 'true-false');
  return { items: trueFalse.length, true: trueFalse.filter((question) => question.answer).length };
}

/** Reduces a text to the characters that carry meaning: Han characters, letters and digits, lower-cased. */
function meaningful(text: string): string {
  return text.toLowerCase().replace(/[^\p{Script=Han}\p{L}\p{N}]/gu, '');
}

function bigrams(text: string): Set<string> {
  const chars = [...meaningful(text)];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  return grams;
}

function diceOfSets(left: Set<string>, right: Set<string>): number {
  if (left.size + right.size === 0) return 1;
  let shared = 0;
  for (const gram of left) if (right.has(gram)) shared++;
  return (2 * shared) / (left.size + right.size);
}

/** Returns the Dice coefficient of two texts' character-bigram sets: 1 for the same text, 0 for nothing shared. */
export function bigramDice(a: string, b: string): number {
  return diceOfSets(bigrams(a), bigrams(b));
}

/**
 * Everything a practice item shows once answered: scenario, prompt, every option (its key is revealed by the
 * feedback), and the explanation. Prompt and key alone miss a final item that asks for the complement of a
 * practice key over the same options (“显性成本” against “隐性成本”).
 */
export function itemText(question: Question): string {
  const head = [question.type === 'situational' ? question.scenario : '', question.prompt];
  const body = (() => {
    switch (question.type) {
      case 'single':
      case 'multiple':
      case 'situational':
        return question.options.map((option) => option.text);
      case 'true-false':
        return [];
      case 'ordering':
        return question.items.map((item) => item.text);
      case 'matching': {
        const right = new Map(question.right.map((item) => [item.id, item.text]));
        return question.left.map((item) => `${item.text}${right.get(item.match ?? '') ?? ''}`);
      }
    }
  })();
  return [...head, ...body, question.explanation].join('\n');
}

export interface SimilarPair {
  finalId: string;
  practiceId: string;
  similarity: number;
}

/** Pairs each final item with its most similar practice item, keeping the pairs at or above `threshold`, most similar first. */
export function similarPairs(final: readonly Question[], practice: readonly Question[], threshold: number): SimilarPair[] {
  const practiceGrams = practice.map((question) => ({ id: question.id, grams: bigrams(itemText(question)) }));
  return final
    .flatMap((question) => {
      const grams = bigrams(itemText(question));
      let best: SimilarPair | undefined;
      for (const other of practiceGrams) {
        const similarity = diceOfSets(grams, other.grams);
        if (!best || similarity > best.similarity) best = { finalId: question.id, practiceId: other.id, similarity };
      }
      return best && best.similarity >= threshold ? [best] : [];
    })
    .sort((a, b) => b.similarity - a.similarity);
}

/** Expected number of questions two independent uniform draws of `drawn` from `bank` have in common: drawn² ÷ bank. */
export function expectedOverlap(bank: number, drawn: number): number {
  return bank > 0 ? (drawn * drawn) / bank : 0;
}

export interface QuizFairness {
  practiceLongest: ReturnType<typeof keyedLongestItems>;
  finalLongest: ReturnType<typeof keyedLongestItems>;
  practiceShortest: ReturnType<typeof keyedShortestItems>;
  finalShortest: ReturnType<typeof keyedShortestItems>;
  practiceTrueFalse: ReturnType<typeof trueFalseBalance>;
  finalTrueFalse: ReturnType<typeof trueFalseBalance>;
  practiceKeyPositions: number[];
  finalKeyPositions: number[];
  /** Final items at or above the warning threshold of similarity to a practice item. */
  similar: SimilarPair[];
  /** The most similar final–practice pair, to show how far the bank stays from the threshold. */
  closest: SimilarPair | undefined;
  finalSize: number;
  drawn: number;
  /** Final items per lesson, in the course's lesson order; 0 for an untested lesson. */
  perLesson: { lesson: string; items: number }[];
}

/** Measures what makes a course's banks guessable or leaky: the practice banks are taken together, the final bank alone. */
export function measureQuizFairness(input: {
  practice: readonly Question[];
  final: readonly Question[];
  lessons: readonly string[];
  drawn: number;
}): QuizFairness {
  const pairs = similarPairs(input.final, input.practice, 0);
  return {
    practiceLongest: keyedLongestItems(input.practice),
    finalLongest: keyedLongestItems(input.final),
    practiceShortest: keyedShortestItems(input.practice),
    finalShortest: keyedShortestItems(input.final),
    practiceTrueFalse: trueFalseBalance(input.practice),
    finalTrueFalse: trueFalseBalance(input.final),
    practiceKeyPositions: keyPositions(input.practice),
    finalKeyPositions: keyPositions(input.final),
    similar: pairs.filter((pair) => pair.similarity >= fairnessThresholds.nearCopyWarn),
    closest: pairs[0],
    finalSize: input.final.length,
    drawn: input.drawn,
    perLesson: input.lessons.map((lesson) => ({
      lesson,
      items: input.final.filter((question) => question.section.lesson === lesson).length,
    })),
  };
}

/** Measures a course's validated banks: the lessons it lists (those that exist) and the size of its final draw. */
export function courseQuizFairness(input: {
  lessons: readonly string[];
  drawn: number;
  practice: readonly { questions: readonly Question[] }[];
  final: { questions: readonly Question[] };
}): QuizFairness {
  return measureQuizFairness({
    practice: input.practice.flatMap((quiz) => quiz.questions),
    final: input.final.questions,
    lessons: input.lessons,
    drawn: input.drawn,
  });
}

export type BankName = 'practice' | 'final';
const bankNames: Record<BankName, string> = { practice: '练习题（各练习合计）', final: '结业题库' };
const itemNames: Record<BankName, string> = { practice: '练习题', final: '结业题' };
const lengthWords = { longest: '最长', shortest: '最短' } as const;

const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((100 * part) / whole)}%`);
const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/** One breach of a fairness threshold, said so that the author knows which number to change. */
export interface FairnessFault {
  bank: BankName;
  message: string;
}

/** Lists the thresholds a measurement breaks; an empty list means the banks are fit to ship. */
export function fairnessFaults(fairness: QuizFairness): FairnessFault[] {
  const faults: FairnessFault[] = [];
  const { keyedByLengthMax, trueShare, nearCopy, finalBankMin } = fairnessThresholds;
  const byLength = [
    ['practice', 'longest', fairness.practiceLongest],
    ['final', 'longest', fairness.finalLongest],
    ['practice', 'shortest', fairness.practiceShortest],
    ['final', 'shortest', fairness.finalShortest],
  ] as const;
  for (const [bank, stands, { items, keyed }] of byLength) {
    if (ratio(keyed.length, items) > keyedByLengthMax) {
      faults.push({
        bank,
        message:
          `${bankNames[bank]}中 ${keyed.length}/${items}（${percent(keyed.length, items)}）道单选和情境题的正确选项是${lengthWords[stands]}的一项，` +
          `上限为三分之一：请改写这些题的选项（${keyed.map((item) => item.questionId).join('、')}）`,
      });
    }
  }
  for (const [bank, balance] of [
    ['practice', fairness.practiceTrueFalse],
    ['final', fairness.finalTrueFalse],
  ] as const) {
    const share = ratio(balance.true, balance.items);
    if (balance.items > 0 && (share < trueShare.min || share > trueShare.max)) {
      faults.push({
        bank,
        message: `${bankNames[bank]}的判断题中答案为“正确”的有 ${balance.true}/${balance.items}（${percent(balance.true, balance.items)}），应在 40%～60% 之间`,
      });
    }
  }
  for (const pair of fairness.similar.filter((item) => item.similarity >= nearCopy)) {
    faults.push({
      bank: 'final',
      message: `结业题 “${pair.finalId}”与练习题 “${pair.practiceId}”的题干和答案相似度 ${pair.similarity.toFixed(2)}（上限 ${nearCopy}）：练习的答案会下发到浏览器，请换一个角度考查`,
    });
  }
  if (fairness.finalSize < finalBankMin) {
    faults.push({
      bank: 'final',
      message: `结业题库只有 ${fairness.finalSize} 题，至少需要 ${finalBankMin} 题，两次抽题才不会大量重复`,
    });
  }
  for (const { lesson } of fairness.perLesson.filter((entry) => entry.items === 0)) {
    faults.push({ bank: 'final', message: `结业题库没有考到课程 “${lesson}”：每一课至少要有一道结业题` });
  }
  return faults;
}

const positions = (counts: number[]) => counts.map((count, i) => `第 ${i + 1} 项 ${count}`).join('，');

/** Describes the measurement as `npm run check` prints it: figures first, then the items that push them up. */
export function describeQuizFairness(fairness: QuizFairness): { summary: string[]; warnings: string[] } {
  const line = (bank: BankName) => {
    const longest = bank === 'practice' ? fairness.practiceLongest : fairness.finalLongest;
    const shortest = bank === 'practice' ? fairness.practiceShortest : fairness.finalShortest;
    const balance = bank === 'practice' ? fairness.practiceTrueFalse : fairness.finalTrueFalse;
    return (
      `${bankNames[bank]}：正确选项最长 ${longest.keyed.length}/${longest.items}（${percent(longest.keyed.length, longest.items)}），` +
      `最短 ${shortest.keyed.length}/${shortest.items}（${percent(shortest.keyed.length, shortest.items)}），上限均为 33%；` +
      `判断题答案为“正确” ${balance.true}/${balance.items}（${percent(balance.true, balance.items)}，应为 40%～60%）`
    );
  };
  const perLesson = fairness.perLesson.map((entry) => `${entry.lesson} ${entry.items}`).join('，');
  const copies = fairness.similar.filter((pair) => pair.similarity >= fairnessThresholds.nearCopy).length;
  const summary = [
    line('practice'),
    line('final'),
    `结业题库 ${fairness.finalSize} 题（至少 ${fairnessThresholds.finalBankMin}），每次抽 ${fairness.drawn} 题，` +
      `两次抽题平均重复 ${expectedOverlap(fairness.finalSize, fairness.drawn).toFixed(1)} 题`,
    `与练习题近似重复 ${copies} 道（相似度 ≥ ${fairnessThresholds.nearCopy}）` +
      (fairness.closest
        ? `；最相近的是 “${fairness.closest.finalId}”与 “${fairness.closest.practiceId}”，相似度 ${fairness.closest.similarity.toFixed(2)}`
        : ''),
    `每课结业题：${perLesson}`,
    `正确选项的编写位置（作答时选项会打乱）：练习 ${positions(fairness.practiceKeyPositions)}；结业 ${positions(fairness.finalKeyPositions)}`,
  ];
  const warnings = [
    ...(['longest', 'shortest'] as const).flatMap((stands) =>
      ([
        ['practice', stands === 'longest' ? fairness.practiceLongest : fairness.practiceShortest],
        ['final', stands === 'longest' ? fairness.finalLongest : fairness.finalShortest],
      ] as const).flatMap(([bank, { keyed }]) =>
        keyed.map(
          (item) =>
            `${itemNames[bank]} “${item.questionId}”：正确选项 ${item.keyed} 字，比其余选项（${lengthWords[stands]} ${item.nearestOther} 字）都${stands === 'longest' ? '长' : '短'}`,
        ),
      ),
    ),
    ...fairness.similar.map(
      (pair) => `结业题 “${pair.finalId}”与练习题 “${pair.practiceId}”相似度 ${pair.similarity.toFixed(2)}（${pair.similarity >= fairnessThresholds.nearCopy ? '超过上限' : '接近上限'} ${fairnessThresholds.nearCopy}）`,
    ),
  ];
  return { summary, warnings };
}
