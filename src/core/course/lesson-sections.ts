import { splitLesson } from './lesson-tree.ts';

/** One `##` section of a lesson: its heading as written and the anchor the lesson page gives it. */
export interface LessonSection {
  heading: string;
  anchor: string;
}

/** Lists a lesson's top-level `##` sections with the anchors Astro gives them (see splitLesson). */
export function lessonSections(mdxSource: string): LessonSection[] {
  return splitLesson(mdxSource).sections.map(({ heading, anchor }) => ({ heading, anchor }));
}

/** Finds the section a reference names, by its heading text or by its anchor (with or without `#`). */
export function findLessonSection(sections: readonly LessonSection[], reference: string): LessonSection | undefined {
  const wanted = reference.trim().replace(/^#/, '');
  return sections.find((section) => section.heading === wanted || section.anchor === wanted);
}
