import { getCollection } from 'astro:content';
import { isLiveQuestion, type LiveQuestion } from '../../core/classroom/live-question.ts';
import { analyzeScenario } from '../../core/scenario/analyze-scenario.ts';
import { createScenarioMachine, type ScenarioMachine } from '../../core/scenario/scenario-machine.ts';
import { indexScenario, type ScenarioIndex } from '../../core/scenario/scenario-view.ts';
import type { Scenario } from '../../core/scenario/schemas/scenario.ts';
import type { ProgressModel } from '../../core/progress/progress-model.ts';
import { loadCourse } from '../course-content.ts';
import { loadScenarios } from '../scenario-content.ts';

/** A practice question a session can put to the room, with the lesson and quiz it comes from. */
export interface ClassroomQuestion {
  question: LiveQuestion;
  lessonId: string;
  lessonTitle: string;
}

/** A role-play a session can play as a class: compiled once, its best path found once on its machine's graph. */
export interface ClassroomScenario {
  scenario: Scenario;
  lessonId: string;
  machine: ScenarioMachine;
  index: ScenarioIndex;
  /** The best play-through as choice refs (from the scenario's analysis). */
  bestPath(): string[];
}

/** What the live sessions of one course draw on: its outline, the live questions and the role-plays of each lesson. */
export interface ClassroomContent {
  courseId: string;
  courseTitle: string;
  contentVersion: string;
  model: ProgressModel;
  modules: { id: string; title: string; lessons: { id: string; title: string; minutes: number }[] }[];
  /** Lesson id → title, in course order. */
  lessons: Map<string, string>;
  questions: Map<string, ClassroomQuestion>;
  scenarios: Map<string, ClassroomScenario>;
}

const loaded = new Map<string, Promise<ClassroomContent>>();

/** Loads a course's classroom material once per process (a built server's content cannot change under it). */
export function classroomContent(courseId: string): Promise<ClassroomContent> {
  let content = loaded.get(courseId);
  if (!content) {
    content = readClassroomContent(courseId);
    content.catch(() => loaded.delete(courseId));
    loaded.set(courseId, content);
  }
  return content;
}

async function readClassroomContent(courseId: string): Promise<ClassroomContent> {
  const course = await loadCourse(courseId);
  const lessonTitles = new Map(course.outline.lessons.map((lesson) => [lesson.id, lesson.title]));
  const questions = new Map<string, ClassroomQuestion>();
  const quizzes = (await getCollection('quizzes')).map((entry) => entry.data);
  // Questions in course order, each lesson's in its quiz's order.
  for (const lesson of course.outline.lessons) {
    for (const quiz of quizzes.filter((candidate) => candidate.lesson === lesson.id)) {
      for (const question of quiz.questions) {
        if (isLiveQuestion(question)) questions.set(question.id, { question, lessonId: lesson.id, lessonTitle: lesson.title });
      }
    }
  }
  const scenarios = new Map<string, ClassroomScenario>();
  for (const scenario of await loadScenarios()) {
    if (!lessonTitles.has(scenario.lesson)) continue;
    const machine = createScenarioMachine(scenario);
    let best: string[] | undefined;
    scenarios.set(scenario.id, {
      scenario,
      lessonId: scenario.lesson,
      machine,
      index: indexScenario(scenario),
      // Walking the graph takes a moment: done when a class first plays the scenario, then kept.
      bestPath: () => {
        if (!best) {
          const analysis = analyzeScenario(scenario, machine);
          if (!analysis.ok) throw new Error(`Scenario "${scenario.id}" is not sound: ${JSON.stringify(analysis.faults)}`);
          best = analysis.figures.bestPath;
        }
        return best;
      },
    });
  }
  return {
    courseId,
    courseTitle: course.course.title,
    contentVersion: course.contentVersion,
    model: course.progressModel,
    modules: course.outline.modules.map((module) => ({
      id: module.id,
      title: module.title,
      lessons: module.lessons.map((lesson) => ({ id: lesson.id, title: lesson.title, minutes: lesson.minutes })),
    })),
    lessons: lessonTitles,
    questions,
    scenarios,
  };
}
