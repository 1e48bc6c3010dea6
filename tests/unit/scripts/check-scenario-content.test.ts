import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { checkContentDir } from '../../../scripts/lib/content-files.ts';
import { formatContentIssue } from '../../../src/core/course/content-issues.ts';
import { contentCopyPerTest } from '../../support/content-copy.ts';
import { repoRoot } from '../../support/course-fixture.ts';

const run = promisify(execFile);
const copy = contentCopyPerTest('icrm-scenarios-');
const edit = copy.edit;

async function faults(): Promise<string[]> {
  const result = await checkContentDir(join(copy.root, 'content'), copy.root);
  return result.ok ? [] : result.issues.map(formatContentIssue);
}

describe('checkContentDir with role-play scenarios', () => {
  test('returns every shipped scenario with its figures', async () => {
    const result = await checkContentDir(join(copy.root, 'content'), copy.root);
    expect(result.ok && result.content.scenarios.map(({ file }) => file)).toEqual([
      'content/scenarios/cross-functional-group.yaml',
      'content/scenarios/reluctant-colleague.yaml',
      'content/scenarios/survey-feedback.yaml',
      'content/scenarios/unclear-ownership.yaml',
      'content/scenarios/urgent-data-request.yaml',
    ]);
  });

  test('stops on a dead end, naming the file, the node and the fault', async () => {
    // The replies for a rebate never checked with finance now ask for a check: such a learner has nothing to say.
    await edit('scenarios/urgent-data-request.yaml', (text) =>
      text.replaceAll('notChose: [wang-weighs.split-request', 'chose: [wang-weighs.split-request'),
    );
    expect(await faults()).toContainEqual(
      expect.stringMatching(
        /^content\/scenarios\/urgent-data-request\.yaml › nodes\[11\]\.choices: 节点 “next-morning”是死胡同：当仪表为 .*所有选项的条件都不满足，学员无路可走$/,
      ),
    );
  });

  test('stops on a narration that assumes a choice some route to it never made', async () => {
    // The wrong-numbers ending says finance used the old tiers: a learner who checked the rebate with finance must never see it.
    await edit('scenarios/urgent-data-request.yaml', (text) =>
      text.replace(
        /(      - id: bluff\n(?:.*\n)*?        if:\n)          notChose: \[[^\]]*\]/,
        '$1          choseAny: [opening.plan-first, opening.rush-to-finance, opening.push-back]',
      ),
    );
    expect(await faults()).toContainEqual(
      expect.stringMatching(
        /^content\/scenarios\/urgent-data-request\.yaml › endings\[4\]\.assumes: “numbers-wrong”的叙述假定学员没有选过 wang-weighs\.split-request、manager-call\.own-the-delay、wang-reluctant\.confirm-terms，但依次选择 .* 也会到达这里$/,
      ),
    );
  });

  test('stops on ratings that contradict the scores', async () => {
    // Blaming the client after a good run would score more than some acceptable endings.
    await edit('scenarios/urgent-data-request.yaml', (text) =>
      text.replace('effects: { respect: -3, improvement: -3 }\n        next: strained', 'effects: { respect: 1 }\n        next: strained'),
    );
    expect(await faults()).toContainEqual(
      expect.stringMatching(/^content\/scenarios\/urgent-data-request\.yaml › endings\[\d\]\.rating: 结局 “(good-once|lesson-learned)”（评价“尚可”）最低 .*“strained”（评价“待改进”）/),
    );
  });

  test('stops on a debrief link to a lesson section that was renamed', async () => {
    await edit('lessons/respect-and-trust.mdx', (text) => text.replace('## 信任怎样一点点攒起来', '## 信任怎样积累'));
    expect(await faults()).toContainEqual(
      expect.stringMatching(
        /^content\/scenarios\/urgent-data-request\.yaml › endings\[0\]\.links\[1\]\.section: 课程 “respect-and-trust”中没有小节 “信任怎样一点点攒起来”/,
      ),
    );
  });

  test('stops on a lesson embedding a scenario that does not exist, naming its line', async () => {
    await rm(join(copy.root, 'content', 'scenarios', 'urgent-data-request.yaml'));
    const found = await faults();
    expect(found).toEqual([
      expect.stringMatching(
        /^content\/lessons\/respect-and-trust\.mdx › 第 \d+ 行: <RolePlay id="urgent-data-request" \/> 指向的情景演练不存在/,
      ),
    ]);
  });

  test('reports a YAML syntax error in a scenario with its line', async () => {
    await edit('scenarios/urgent-data-request.yaml', (text) => text.replace('maxChoices: 10', 'maxChoices: [10'));
    expect(await faults()).toEqual([expect.stringMatching(/^content\/scenarios\/urgent-data-request\.yaml › 第 \d+ 行: YAML 语法错误：/)]);
  });
});

describe('npm run check with role-play scenarios', () => {
  test('prints each scenario’s nodes, endings, paths, shortest way to the best ending, score range, authored-first share and ending scores', async () => {
    const { stdout } = await run('node_modules/.bin/tsx', ['scripts/check-content.ts'], { cwd: repoRoot });
    expect(stdout).toContain('情景演练 5 个，均已证明可走通：');
    expect(stdout).toMatch(
      /· urgent-data-request（明早就要的对账数据）：\d+ 个节点（\d+ 个决策点），\d+ 个结局，\d+ 条路径，最长 \d+ 步（上限 10），最短 \d+ 步到达最佳结局，总分 [-+]?\d+～\+\d+/,
    );
    expect(stdout).toMatch(
      /最佳选项写在首位：\d+\/14 个决策点（\d+ %）；打乱顺序后总选第一个显示的选项，1000 次中 \d+ 次到达最佳结局（\d+ %）/,
    );
    expect(stdout).toMatch(/结局得分：partners（最佳）\+\d+～\+\d+；good-once（尚可）[-+]?\d+～\+\d+；.*numbers-wrong（待改进）-\d+～-\d+/);
    expect(stdout).toMatch(/全部演练中，最佳选项写在首位的决策点共 \d+\/\d+ 个（\d+ %）。/);
    // Proving five scenarios and playing each a thousand times takes a few seconds on a busy machine.
  }, 60_000);
});
