import type { ContentIssue } from './content-issues.ts';
import type { GlossaryEntry } from './schemas/glossary.ts';

/** Spaces are left out when a name is looked for, so “RACI 表” and “RACI表” count as one use. */
const withoutSpaces = (text: string) => text.replace(/\s+/g, '');

/**
 * Checks that every lesson a glossary entry links to really uses the term or one of its aliases: a learner who
 * follows the link from the glossary must find the word there. `lessonTexts` maps a lesson id to the text its
 * reader sees; links to lessons it does not know are left to the check of missing lessons.
 */
export function checkGlossaryLinks(
  file: string,
  glossary: readonly GlossaryEntry[],
  lessonTexts: ReadonlyMap<string, string>,
): ContentIssue[] {
  return glossary.flatMap((entry, i) => {
    const names = [entry.term, ...entry.aliases];
    return entry.lessons.flatMap((lessonId, j) => {
      const text = lessonTexts.get(lessonId);
      if (text === undefined) return [];
      const plain = withoutSpaces(text);
      if (names.some((name) => plain.includes(withoutSpaces(name)))) return [];
      const aliases = entry.aliases.length > 0 ? `，也没有用到别名${entry.aliases.map((alias) => `“${alias}”`).join('、')}` : '';
      return [
        {
          file,
          field: `[${i}].lessons[${j}]`,
          message: `术语 “${entry.term}”链接到课程 “${lessonId}”，但那节课的正文没有用到它${aliases}`,
        },
      ];
    });
  });
}
