import type { ScenarioFigures } from './analyze-scenario.ts';
import type { Scenario } from './schemas/scenario.ts';

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** Describes a scenario's checker figures in one line, as `npm run check` prints them. */
export function describeScenarioFigures(scenario: Scenario, figures: ScenarioFigures): string {
  return (
    `${scenario.id}（${scenario.title}）：${figures.nodes} 个节点（${figures.decisionNodes} 个决策点），` +
    `${figures.endings} 个结局，${figures.paths} 条路径，最长 ${figures.longestPath} 步（上限 ${scenario.maxChoices}），` +
    `最短 ${figures.shortestToBest} 步到达最佳结局，总分 ${signed(figures.scoreRange.min)}～${signed(figures.scoreRange.max)}`
  );
}
