import type { PracticeQuiz, Question } from './schemas/quiz.ts';
import { trueFalseOptions } from './grading.ts';

/** The order a learner meets an attempt in: question ids, and per question the ids of its options, items or right column. */
export interface AttemptLayout {
  questionOrder: string[];
  choiceOrder: Record<string, string[]>;
}

/** Makes a small seeded random generator (mulberry32), so a layout can be rebuilt from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Derives the seed of the next attempt from the current one. */
export function nextSeed(seed: number): number {
  return Math.floor(seededRandom(seed)() * 4294967296);
}

/** Hashes a string to a 32-bit seed (FNV-1a). */
export function hashSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** Returns a shuffled copy (Fisher–Yates). */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Shuffles, and if chance left the list as it was, rotates it by one so it is never handed over already solved. */
function shuffleAway(ids: readonly string[], solved: readonly string[], random: () => number): string[] {
  const shuffled = shuffle(ids, random);
  const same = shuffled.length > 1 && shuffled.every((id, i) => id === solved[i]);
  return same ? [...shuffled.slice(1), shuffled[0]!] : shuffled;
}

function choiceIds(question: Question): string[] {
  switch (question.type) {
    case 'single':
    case 'multiple':
    case 'situational':
      return question.options.map((option) => option.id);
    case 'true-false':
      return [...trueFalseOptions];
    case 'ordering':
      return question.items.map((item) => item.id);
    case 'matching':
      return question.right.map((item) => item.id);
  }
}

/** The right-column order that would line every premise up with its partner: never shown as it is. */
function solvedOrder(question: Question): string[] {
  if (question.type === 'ordering') return question.items.map((item) => item.id);
  if (question.type === 'matching') return question.left.map((item) => item.match ?? '');
  return [];
}

/**
 * Lays out an attempt. The first attempt keeps the authored order of questions and options (so every learner
 * and the prerendered page see the same thing), shuffling only ordering items and matching partners, from a
 * seed made of the question id. Later attempts (重新作答) shuffle everything from `seed`. True/false always
 * reads 正确, 错误.
 */
export function layoutAttempt(quiz: PracticeQuiz, attempt: number, seed: number): AttemptLayout {
  const random = seededRandom(seed);
  const first = attempt <= 1;
  const questions = first ? quiz.questions : shuffle(quiz.questions, random);
  const choiceOrder: Record<string, string[]> = {};
  for (const question of questions) {
    const ids = choiceIds(question);
    if (question.type === 'ordering' || question.type === 'matching') {
      choiceOrder[question.id] = shuffleAway(ids, solvedOrder(question), first ? seededRandom(hashSeed(question.id)) : random);
    } else if (question.type === 'true-false' || first) {
      choiceOrder[question.id] = ids;
    } else {
      choiceOrder[question.id] = shuffle(ids, random);
    }
  }
  return { questionOrder: questions.map((question) => question.id), choiceOrder };
}
