import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkContentDir } from '../../../scripts/lib/content-files.ts';
import { formatContentIssue } from '../../../src/core/course/content-issues.ts';
import { contentCopyPerTest } from '../../support/content-copy.ts';

const copy = contentCopyPerTest('icrm-facilitator-');

async function faults(): Promise<string[]> {
  const result = await checkContentDir(join(copy.root, 'content'), copy.root);
  return result.ok ? [] : result.issues.map(formatContentIssue);
}

describe('checkContentDir on the trainer kit (content/facilitator/)', () => {
  test('accepts the shipped agendas, worksheets and kit, and returns them', async () => {
    const result = await checkContentDir(join(copy.root, 'content'), copy.root);
    if (!result.ok) throw new Error(result.issues.map(formatContentIssue).join('\n'));
    expect(result.content.facilitator.agendas.map((agenda) => agenda.id)).toEqual(['half-day', 'one-day', 'two-day']);
    expect(result.content.facilitator.kit.worksheets).toEqual(['service-chain-map', 'raci-table', 'service-agreement', 'action-plan']);
  });

  test('names the file and field of a template’s broken block, a missing worksheet and a bad clock time', async () => {
    await copy.edit('facilitator/agendas/one-day.yaml', (text) =>
      text
        .replace("start: '09:00'", "start: '9:00'")
        .replace('title: 午餐与休息', 'title: 午餐与休息\n        worksheets: [lunch-menu]')
        .replace('      - kind: break\n        minutes: 15\n        title: 茶歇\n', '      - kind: break\n        minutes: 15\n'),
    );
    expect(await faults()).toEqual([
      'content/facilitator/agendas/one-day.yaml › days[0].start: 时间格式应为 HH:MM（24 小时制），如 09:00',
      'content/facilitator/agendas/one-day.yaml › days[0].blocks[2].title: 除 lessons 以外的时段都要写标题（如“茶歇”）',
    ]);
    await copy.edit('facilitator/agendas/one-day.yaml', (text) => text.replace("start: '9:00'", "start: '09:00'").replace('minutes: 15\n      - kind: lessons', 'minutes: 15\n        title: 茶歇\n      - kind: lessons'));
    expect(await faults()).toEqual([
      'content/facilitator/agendas/one-day.yaml › days[0].blocks[4].worksheets[0]: 工作表“lunch-menu”不存在；content/facilitator/worksheets/ 中有：action-plan、raci-table、service-agreement、service-chain-map',
    ]);
  });

  test('refuses a worksheet whose example row does not match its columns, or that names a missing lesson', async () => {
    await copy.edit('facilitator/worksheets/action-plan.yaml', (text) => text.replace('lesson: summary-and-outlook', 'lesson: summary').replace('第一周, 双方签认一页纸的内部服务约定]', '第一周]'));
    expect(await faults()).toEqual([
      'content/facilitator/worksheets/action-plan.yaml › blocks[1].example: 示范行有 4 格，表头有 5 列，应当一样多',
    ]);
    await copy.edit('facilitator/worksheets/action-plan.yaml', (text) => text.replace('第一周]', '第一周, 签约]'));
    expect(await faults()).toEqual(['content/facilitator/worksheets/action-plan.yaml › lesson: 课程“summary”不存在']);
  });

  test('checks that each file’s id is its name and that the kit lists worksheets that exist, once', async () => {
    await copy.edit('facilitator/worksheets/raci-table.yaml', (text) => text.replace('id: raci-table', 'id: raci'));
    await copy.edit('facilitator/kit.yaml', (text) => text.replace('worksheets: [service-chain-map,', 'worksheets: [service-chain-map, service-chain-map, team-quiz,'));
    expect(await faults()).toEqual([
      'content/facilitator/worksheets/raci-table.yaml › id: id “raci”应与文件名“raci-table”一致',
      'content/facilitator/kit.yaml › worksheets[1]: 工作表“service-chain-map”列了两次',
      'content/facilitator/kit.yaml › worksheets[2]: 工作表“team-quiz”不存在；content/facilitator/worksheets/ 中有：action-plan、raci-table、service-agreement、service-chain-map',
    ]);
  });

  test('reports a missing kit.yaml and the house style of the trainer kit’s prose', async () => {
    await rm(join(copy.root, 'content', 'facilitator', 'kit.yaml'));
    await copy.edit('facilitator/worksheets/raci-table.yaml', (text) => text.replace('具体动手做这件事的人', '具体动手做这件事的人,不是"拍板"的人'));
    expect(await faults()).toEqual([
      'content/facilitator/kit.yaml › （整个文件）: 文件不存在或无法读取',
      expect.stringMatching(/^content\/facilitator\/worksheets\/raci-table\.yaml › 第 \d+ 行: 中文里用了英文直引号/),
      expect.stringMatching(/^content\/facilitator\/worksheets\/raci-table\.yaml › 第 \d+ 行: 汉字之间用了半角“,”/),
    ]);
  });
});
