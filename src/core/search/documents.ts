import { splitLesson } from '../course/lesson-tree.ts';

/**
 * What a search result points at. A lesson is cut into its opening (summary, objectives and the text
 * before the first `##`), one document per `##` section, its 要点回顾 and its 思考与讨论.
 */
export type SearchDocumentKind = 'opening' | 'section' | 'key-points' | 'discussion' | 'term' | 'quiz';

/** One unit of the search index: a lesson section, a glossary term or a practice-quiz question. */
export interface SearchDocument {
  kind: SearchDocumentKind;
  /** The lesson's title, the glossary term or the quiz's title. */
  title: string;
  /** The `##` heading, the term's English name or the question; empty where the kind names the part. */
  heading: string;
  /** The words a reader sees there, as plain text. */
  text: string;
  /** Where the result leads: a page path with the section's anchor. */
  url: string;
  /** The lesson the document belongs to; glossary terms belong to the glossary page instead. */
  lessonId?: string;
  /** A glossary term's other names, which learners search with as they do with the term. */
  aliases?: string[];
}

/** A lesson as the indexer needs it: its frontmatter fields and its MDX body. */
export interface LessonSearchSource {
  id: string;
  title: string;
  summary: string;
  objectives: readonly string[];
  /** The MDX body without its frontmatter. */
  body: string;
}

/** A glossary entry as the indexer needs it. */
export interface GlossarySearchSource {
  term: string;
  en?: string | undefined;
  definition: string;
  aliases?: readonly string[];
}

/**
 * A practice quiz as the indexer needs it (see quizSearchSource in core/quiz); the lesson page gives the
 * quiz's container the quiz id (`quiz-<lesson>`), which results link to.
 */
export interface QuizSearchSource {
  id: string;
  /** The content file it was read from, e.g. `content/quizzes/shared-goals.yaml`. */
  file?: string;
  /** The lesson whose page embeds the quiz. */
  lessonId: string;
  title: string;
  /** Set on a final-assessment question bank, whose explanations would give the answers away. */
  finalAssessment?: boolean;
  questions: readonly {
    prompt: string;
    /** Why the correct answer is correct. */
    explanation: string;
    /** The feedback shown for each option. */
    feedback?: readonly string[];
  }[];
}

/** Everything the search covers. */
export interface SearchSources {
  courseId: string;
  lessons: readonly LessonSearchSource[];
  glossary: readonly GlossarySearchSource[];
  quizzes?: readonly QuizSearchSource[];
}

/** Returns the URL path of a lesson page. */
function lessonPath(courseId: string, lessonId: string): string {
  return `/courses/${courseId}/${lessonId}/`;
}

/** Returns the URL of a term on the glossary page, whose entries carry the id `term-<term>`. */
function glossaryTermPath(term: string): string {
  return `/glossary/#term-${term}`;
}

/** Tells whether a quiz is (part of) the final assessment, by its flag or by its `final-*` id or file name. */
export function isFinalAssessmentBank(quiz: QuizSearchSource): boolean {
  const fileName = quiz.file?.split(/[\\/]/).pop() ?? '';
  return quiz.finalAssessment === true || quiz.id.startsWith('final-') || fileName.startsWith('final-');
}

/** Collects every searchable document of a course: lesson sections, glossary terms and practice-quiz questions. */
export function collectSearchDocuments({ courseId, lessons, glossary, quizzes = [] }: SearchSources): SearchDocument[] {
  return [
    ...lessons.flatMap((lesson) => lessonDocuments(courseId, lesson)),
    ...glossary.map(glossaryDocument),
    ...quizzes
      .filter((quiz) => !isFinalAssessmentBank(quiz))
      .flatMap((quiz) => quizDocuments(courseId, quiz)),
  ];
}

/** Cuts one lesson into its opening, its `##` sections, its key points and its discussion questions, in page order. */
export function lessonDocuments(courseId: string, lesson: LessonSearchSource): SearchDocument[] {
  const url = lessonPath(courseId, lesson.id);
  const tree = splitLesson(lesson.body);
  const base = { title: lesson.title, lessonId: lesson.id };
  const opening: SearchDocument = {
    ...base,
    kind: 'opening',
    heading: '',
    text: [lesson.summary, ...lesson.objectives, tree.intro.text].filter(Boolean).join('\n'),
    url,
  };
  const parts: { line: number; document: SearchDocument }[] = tree.sections.map((section) => ({
    line: section.line,
    document: { ...base, kind: 'section', heading: section.heading, text: section.text, url: `${url}#${section.anchor}` },
  }));
  // The KeyPoints and Discussion components render their headings with these fixed ids.
  for (const [kind, block] of [['key-points', tree.keyPoints], ['discussion', tree.discussion]] as const) {
    if (block) parts.push({ line: block.line, document: { ...base, kind, heading: '', text: block.text, url: `${url}#${kind}` } });
  }
  return [opening, ...parts.sort((a, b) => a.line - b.line).map((part) => part.document)];
}

/** Turns a glossary entry into the document that leads to it on the glossary page. */
function glossaryDocument(entry: GlossarySearchSource): SearchDocument {
  const document: SearchDocument = {
    kind: 'term',
    title: entry.term,
    heading: entry.en ?? '',
    text: entry.definition,
    url: glossaryTermPath(entry.term),
  };
  return entry.aliases?.length ? { ...document, aliases: [...entry.aliases] } : document;
}

/** Turns each question of a practice quiz into a document holding its explanation and option feedback. */
function quizDocuments(courseId: string, quiz: QuizSearchSource): SearchDocument[] {
  const url = `${lessonPath(courseId, quiz.lessonId)}#${quiz.id}`;
  return quiz.questions.map((question) => ({
    kind: 'quiz',
    title: quiz.title,
    heading: question.prompt,
    text: [question.explanation, ...(question.feedback ?? [])].filter(Boolean).join('\n'),
    url,
    lessonId: quiz.lessonId,
  }));
}
