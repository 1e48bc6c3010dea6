/** Characters of the CJK Unified Ideographs block: what "Chinese characters" counts. */
const cjkCharacter = /[\u4e00-\u9fff]/g;

/**
 * Returns the text a self-study reader sees in a lesson's MDX body: without facilitator notes,
 * component tags, markdown markup or expressions.
 */
export function lessonReaderText(mdxBody: string): string {
  return mdxBody
    .replace(/<FacilitatorNote\b[\s\S]*?<\/FacilitatorNote>/g, '')
    .replace(/<\/?[A-Za-z][^>]*>/g, '')
    .replace(/\{[^}]*\}/g, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    // Table delimiter rows and thematic breaks are markup only.
    .replace(/^[ \t]*\|?[ \t]*:?-{3,}[-|: \t]*(?:\n|$)/gm, '')
    .replace(/^[ \t]*(#{1,6}|>|[-*+]|\d+\.)[ \t]+/gm, '')
    .replace(/[*_`|]/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
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
