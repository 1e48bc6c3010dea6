import GithubSlugger from 'github-slugger';

/** One `##` section of a lesson: its heading as written and the anchor the lesson page gives it. */
export interface LessonSection {
  heading: string;
  anchor: string;
}

const fence = /^\s*(```|~~~)/;
const atxHeading = /^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$/;

/** Reduces a heading's Markdown to the plain text Astro slugs: link text kept, emphasis and code marks dropped. */
function headingText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*`]/g, '')
    .trim();
}

/**
 * Lists a lesson's `##` sections with the anchors Astro gives them. Every heading level is slugged in order,
 * as Astro's heading-id plugin does, so a repeated heading gets the same `-1` suffix it gets on the page.
 */
export function lessonSections(mdxSource: string): LessonSection[] {
  const slugger = new GithubSlugger();
  const sections: LessonSection[] = [];
  let inFence = false;
  for (const line of mdxSource.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, '').split(/\r?\n/)) {
    if (fence.test(line)) inFence = !inFence;
    if (inFence) continue;
    const match = atxHeading.exec(line);
    if (!match) continue;
    const heading = headingText(match[2]!);
    let anchor = slugger.slug(heading);
    if (anchor.endsWith('-')) anchor = anchor.slice(0, -1);
    if (match[1]!.length === 2) sections.push({ heading, anchor });
  }
  return sections;
}

/** Finds the section a reference names, by its heading text or by its anchor (with or without `#`). */
export function findLessonSection(sections: readonly LessonSection[], reference: string): LessonSection | undefined {
  const wanted = reference.trim().replace(/^#/, '');
  return sections.find((section) => section.heading === wanted || section.anchor === wanted);
}
