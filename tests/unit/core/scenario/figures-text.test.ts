import { describe, expect, test } from 'vitest';
import { analyzeScenario, type ScenarioFigures } from '../../../../src/core/scenario/analyze-scenario.ts';
import { describeAuthoredFirst, describeScenarioFairness } from '../../../../src/core/scenario/figures-text.ts';
import { tinyScenario } from '../../../support/scenario-fixture.ts';

const scenario = tinyScenario();
const analysis = analyzeScenario(scenario);
const figures = analysis.ok ? analysis.figures : ({} as ScenarioFigures);

describe('describeScenarioFairness', () => {
  test('says how often the best choice is written first, how often the first choice shown wins, and each ending’s scores by rating', () => {
    const [order, endings] = describeScenarioFairness(scenario, { ...figures, firstShownBest: { count: 253, plays: 1000 } });
    expect(order).toBe('最佳选项写在首位：2/2 个决策点（100 %）；打乱顺序后总选第一个显示的选项，1000 次中 253 次到达最佳结局（25 %）');
    expect(endings).toBe('结局得分：best-end（最佳）+2～+2；ok-end（尚可）-2～+1；bad-end（待改进）-4～-4');
  });
});

describe('describeAuthoredFirst', () => {
  test('sums the share over all scenarios and warns, with the numbers, about each one above 40 %', () => {
    const fair = { scenario: tinyScenario((data) => Object.assign(data, { id: 'fair' })), figures: { ...figures, authoredFirst: { count: 3, of: 10 } } };
    const tilted = { scenario, figures: { ...figures, authoredFirst: { count: 5, of: 10 } } };
    expect(describeAuthoredFirst([fair, tilted])).toEqual({
      summary: '全部演练中，最佳选项写在首位的决策点共 8/20 个（40 %）',
      warnings: ['tiny：5/10 个决策点（50 %）的最佳选项写在首位，超过 40 %：请把一些最佳选项挪到后面'],
    });
    expect(describeAuthoredFirst([fair]).warnings).toEqual([]);
  });
});
