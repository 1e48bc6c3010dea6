import { checkContentDir } from '../../scripts/lib/content-files.ts';
import type { CheckedScenario, LessonOutline } from '../../src/core/scenario/check-scenarios.ts';
import type { z } from 'zod';
import { ScenarioSchema, type Scenario } from '../../src/core/scenario/schemas/scenario.ts';
import { contentDir, repoRoot } from './course-fixture.ts';

/** A scenario as an author writes it, before defaults are filled in. */
export type ScenarioData = z.input<typeof ScenarioSchema>;

/**
 * A small sound scenario as an author would write it: polite or blunt at the start, then a choice
 * offered only with enough respect (to the best ending; shown with its reason otherwise), a plain
 * one, and one offered only after the blunt opening. Tests change copies of it to produce each fault.
 */
export function tinyScenarioData(): ScenarioData {
  return {
    id: 'tiny',
    title: '一次小对话',
    summary: '测试用的小情景。',
    lesson: 'respect-and-trust',
    principles: ['respect'],
    player: 'me',
    maxChoices: 3,
    cast: [
      { id: 'me', name: '小周', department: '销售部', role: '客户经理' },
      { id: 'ann', name: '王姐', department: '财务部', role: '会计' },
      { id: 'boss', name: '陈总', department: '销售部', role: '总监' },
    ],
    nodes: [
      {
        id: 'start',
        narration: '周四下午。',
        speaker: 'ann',
        line: '有什么事？',
        choices: [
          { id: 'polite', text: '打扰了，想请您帮个忙。', effects: { respect: 1 }, next: 'middle' },
          { id: 'blunt', text: '今天必须给我。', effects: { respect: -1, communication: -1 }, next: 'middle' },
        ],
      },
      {
        id: 'middle',
        speaker: 'boss',
        line: '数据拿到了吗？',
        undo: false,
        choices: [
          {
            id: 'praise',
            text: '拿到了，多亏王姐。',
            effects: { goals: 1 },
            if: { atLeast: { respect: 1 } },
            unavailable: '你开口就催，王姐这次只是照章办事。',
            next: 'best-end',
          },
          { id: 'plain', text: '拿到了。', next: 'ok-end' },
          { id: 'blame', text: '财务太慢了。', effects: { respect: -2 }, if: { chose: ['start.blunt'] }, next: 'bad-end' },
        ],
      },
    ],
    endings: [
      {
        id: 'best-end',
        title: '皆大欢喜',
        rating: 'best',
        speaker: 'ann',
        line: '下次提前说就好。',
        narration: '大家都满意。',
        debrief: '你尊重了对方。',
        principles: ['respect'],
        links: [{ lesson: 'respect-and-trust', section: '尊重：认可对方的专业' }],
      },
      {
        id: 'ok-end',
        title: '还行',
        rating: 'acceptable',
        narration: '事情办成了。',
        debrief: '还可以更好。',
        principles: ['respect'],
        links: [{ lesson: 'respect-and-trust', section: '尊重：认可对方的专业' }],
      },
      {
        id: 'bad-end',
        title: '关系僵了',
        rating: 'poor',
        narration: '对方不高兴。',
        debrief: '指责无助于协作。',
        principles: ['respect', 'communication'],
        links: [{ lesson: 'respect-and-trust', section: '信任：让协作少走弯路' }],
      },
    ],
  };
}


/** The tiny scenario, parsed as the content collection would. */
export function tinyScenario(change: (data: ScenarioData) => void = () => {}): Scenario {
  const data = tinyScenarioData();
  change(data);
  return ScenarioSchema.parse(data);
}

/** The lesson outline the tiny scenario links to. */
export const tinyLessons: LessonOutline[] = [
  {
    id: 'respect-and-trust',
    file: 'content/lessons/respect-and-trust.mdx',
    sections: ['四项原则全景', '尊重：认可对方的专业', '信任：让协作少走弯路'],
    rolePlays: [{ id: 'tiny', line: 40 }],
  },
];

/** Loads the shipped scenarios with their checker figures, failing loudly if the content does not validate. */
export async function loadShippedScenarios(): Promise<CheckedScenario[]> {
  const result = await checkContentDir(contentDir, repoRoot);
  if (!result.ok) throw new Error(`shipped content is invalid: ${JSON.stringify(result.issues, null, 2)}`);
  return result.content.scenarios;
}
