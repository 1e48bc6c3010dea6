import { createHash } from 'node:crypto';
import { getCollection, getEntry, render } from 'astro:content';
import { analyzeScenario } from '../core/scenario/analyze-scenario';
import type { DebriefLink, ScoreRange } from '../core/scenario/scenario-view';
import type { Scenario } from '../core/scenario/schemas/scenario';

/** What a role-play player needs from the build: the scenario and what its machine's graph tells about it. */
export interface RolePlayData {
  scenario: Scenario;
  revision: string;
  bestPath: string[];
  scoreRange: ScoreRange;
  debriefLinks: Record<string, DebriefLink[]>;
}

const loaded = new Map<string, Promise<RolePlayData>>();

/** Loads a scenario for its player, with its best path and score range from the machine's graph (once per build). */
export function loadRolePlay(courseId: string, scenarioId: string): Promise<RolePlayData> {
  const key = `${courseId}/${scenarioId}`;
  let data = loaded.get(key);
  if (!data) {
    data = prepareRolePlay(courseId, scenarioId);
    loaded.set(key, data);
  }
  return data;
}

/** Lists every scenario. */
export async function loadScenarios(): Promise<Scenario[]> {
  return (await getCollection('scenarios')).map((entry) => entry.data);
}

async function prepareRolePlay(courseId: string, scenarioId: string): Promise<RolePlayData> {
  const entry = await getEntry('scenarios', scenarioId);
  if (!entry) throw new Error(`No scenario "${scenarioId}" in content/scenarios`);
  const scenario = entry.data;
  const analysis = analyzeScenario(scenario);
  // The content check runs before every build, so a scenario that reaches a page is sound.
  if (!analysis.ok) throw new Error(`Scenario "${scenarioId}" is not sound: ${JSON.stringify(analysis.faults)}`);
  const debriefLinks: Record<string, DebriefLink[]> = {};
  for (const ending of scenario.endings) {
    debriefLinks[ending.id] = await Promise.all(ending.links.map((link) => sectionLink(courseId, link.lesson, link.section)));
  }
  return {
    scenario,
    revision: createHash('sha256').update(JSON.stringify(scenario)).digest('hex').slice(0, 12),
    bestPath: analysis.figures.bestPath,
    scoreRange: analysis.figures.scoreRange,
    debriefLinks,
  };
}

/** Links a lesson section by the anchor Astro gives its heading. */
async function sectionLink(courseId: string, lessonId: string, section: string): Promise<DebriefLink> {
  const lesson = await getEntry('lessons', lessonId);
  if (!lesson) throw new Error(`No lesson "${lessonId}"`);
  const { headings } = await render(lesson);
  const heading = headings.find((candidate) => candidate.depth === 2 && candidate.text === section);
  if (!heading) throw new Error(`Lesson "${lessonId}" has no section "${section}"`);
  return { href: `/courses/${courseId}/${lessonId}/#${heading.slug}`, text: `${lesson.data.title} › ${section}` };
}
