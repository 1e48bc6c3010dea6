import { getCollection } from 'astro:content';
import type { AgendaTemplate } from '../../core/facilitator/schemas/agenda-template';
import type { TrainerKit } from '../../core/facilitator/schemas/trainer-kit';
import type { Worksheet } from '../../core/facilitator/schemas/worksheet';
import { buildDeck, type Deck } from '../../core/facilitator/slide-deck';
import { loadCourses, type CourseContent } from '../course-content';
import { loadScenarios } from '../scenario-content';

export type SessionDeck = { ok: true; content: CourseContent; deck: Deck } | { ok: false; missing: string };

/** Builds the slides of a session's lessons, all from one course, or names the first lesson that course lacks. */
export async function loadSessionDeck(lessonIds: readonly string[]): Promise<SessionDeck> {
  const courses = await loadCourses();
  const content = courses.find((candidate) => candidate.outline.lessons.some((lesson) => lesson.id === lessonIds[0]));
  const lessons = lessonIds.map((id) => content?.outline.lessons.find((lesson) => lesson.id === id));
  const missing = lessons.findIndex((lesson) => !lesson);
  if (!content || missing >= 0) return { ok: false, missing: lessonIds[Math.max(missing, 0)]! };
  return {
    ok: true,
    content,
    deck: buildDeck(lessons.map((lesson) => ({ lesson: lesson!, source: content.lessonEntries.get(lesson!.id)?.body ?? '' }))),
  };
}

export interface TrainerKitContent {
  agendas: AgendaTemplate[];
  /** The worksheets in the order kit.yaml lists them. */
  worksheets: Worksheet[];
  kit: TrainerKit;
}

/** Loads the trainer kit's agenda templates, worksheets, materials and group guidance from content/facilitator/. */
export async function loadTrainerKit(): Promise<TrainerKitContent> {
  const [kitEntry] = await getCollection('trainerKit');
  if (!kitEntry) throw new Error('content/facilitator/kit.yaml is missing');
  const worksheets = new Map((await getCollection('worksheets')).map((entry) => [entry.data.id, entry.data]));
  return {
    agendas: (await getCollection('agendaTemplates')).map((entry) => entry.data),
    worksheets: kitEntry.data.worksheets.map((id) => worksheets.get(id)!),
    kit: kitEntry.data,
  };
}

/** The worksheets a lesson teaches, to name beside it in an agenda. */
export function worksheetsOfLesson(content: TrainerKitContent, lessonId: string): Worksheet[] {
  return content.worksheets.filter((worksheet) => worksheet.lesson === lessonId);
}

/** The titles of the practice quizzes and role-plays slides name as class activities, by id. */
export async function loadActivityTitles(): Promise<Map<string, string>> {
  const quizzes = (await getCollection('quizzes')).map((entry) => [entry.data.id, entry.data.title] as const);
  const scenarios = (await loadScenarios()).map((scenario) => [scenario.id, scenario.title] as const);
  return new Map([...quizzes, ...scenarios]);
}
