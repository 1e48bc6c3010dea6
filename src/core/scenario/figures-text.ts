import { ratingNames, type ScenarioFigures } from './analyze-scenario.ts';
import type { Scenario } from './schemas/scenario.ts';

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
const percent = (count: number, of: number) => `${of === 0 ? 0 : Math.round((100 * count) / of)} %`;

/** Above this share of decision points with the best choice written first, the check warns the author. */
export const authoredFirstLimit = 0.4;

/** Describes a scenario's checker figures in one line, as `npm run check` prints them. */
export function describeScenarioFigures(scenario: Scenario, figures: ScenarioFigures): string {
  return (
    `${scenario.id}（${scenario.title}）：${figures.nodes} 个节点（${figures.decisionNodes} 个决策点），` +
    `${figures.endings} 个结局，${figures.paths} 条路径，最长 ${figures.longestPath} 步（上限 ${scenario.maxChoices}），` +
    `最短 ${figures.shortestToBest} 步到达最佳结局，总分 ${signed(figures.scoreRange.min)}～${signed(figures.scoreRange.max)}`
  );
}

/** Describes how much the order of choices gives away, and each ending's score range beside its rating. */
export function describeScenarioFairness(scenario: Scenario, figures: ScenarioFigures): string[] {
  const { authoredFirst, firstShownBest, endingScores } = figures;
  return [
    `最佳选项写在首位：${authoredFirst.count}/${authoredFirst.of} 个决策点（${percent(authoredFirst.count, authoredFirst.of)}）；` +
      `打乱顺序后总选第一个显示的选项，${firstShownBest.plays} 次中 ${firstShownBest.count} 次到达最佳结局（${percent(firstShownBest.count, firstShownBest.plays)}）`,
    `结局得分：${scenario.endings
      .map((ending) => {
        const range = endingScores[ending.id]!;
        return `${ending.id}（${ratingNames[ending.rating]}）${signed(range.min)}～${signed(range.max)}`;
      })
      .join('；')}`,
  ];
}

/**
 * Sums the authored-first share over all scenarios; warns, naming them, about those above the
 * limit: authors should vary where the best choice stands even though the player shuffles.
 */
export function describeAuthoredFirst(scenarios: { scenario: Scenario; figures: ScenarioFigures }[]): { summary: string; warnings: string[] } {
  const count = scenarios.reduce((sum, { figures }) => sum + figures.authoredFirst.count, 0);
  const of = scenarios.reduce((sum, { figures }) => sum + figures.authoredFirst.of, 0);
  const warnings = scenarios
    .filter(({ figures }) => figures.authoredFirst.count > authoredFirstLimit * figures.authoredFirst.of)
    .map(
      ({ scenario, figures: { authoredFirst } }) =>
        `${scenario.id}：${authoredFirst.count}/${authoredFirst.of} 个决策点（${percent(authoredFirst.count, authoredFirst.of)}）的最佳选项写在首位，` +
        `超过 ${percent(authoredFirstLimit, 1)}：请把一些最佳选项挪到后面`,
    );
  return { summary: `全部演练中，最佳选项写在首位的决策点共 ${count}/${of} 个（${percent(count, of)}）`, warnings };
}
