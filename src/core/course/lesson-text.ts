import { readerText, splitLesson } from './lesson-tree.ts';

/** Characters of the CJK Unified Ideographs block: what "Chinese characters" counts. */
const cjkCharacter = /[\u4e00-\u9fff]/g;

/**
 * Returns the text a self-study reader sees in a lesson's MDX body: without facilitator notes,
 * component tags, markdown markup or expressions. Blocks are separated by a blank line; list items
 * and table rows (cells two spaces apart) keep a line each.
 */
export function lessonReaderText(mdxBody: string): string {
  return readerText(splitLesson(mdxBody).root.children);
}

/** Counts the Chinese characters in a text. */
export function countChineseCharacters(text: string): number {
  return text.match(cjkCharacter)?.length ?? 0;
}

/** Estimates reading minutes: about 400 Chinese characters or 200 Latin words a minute, at least one. */
export function estimateReadingMinutes(text: string): number {
  const chinese = countChineseCharacters(text);
  const latinWords = text.replace(cjkCharacter, ' ').match(/[A-Za-z0-9]+/g)?.length ?? 0;
  return Math.max(1, Math.round(chinese / 400 + latinWords / 200));
}
