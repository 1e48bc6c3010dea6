import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { checkContentDir } from '../../../scripts/lib/content-files.ts';
import { contentCheck } from '../../../scripts/lib/content-check-integration.ts';
import { formatContentIssue } from '../../../src/core/course/content-issues.ts';
import { contentCopyPerTest } from '../../support/content-copy.ts';
import { repoRoot } from '../../support/course-fixture.ts';

const run = promisify(execFile);
const copy = contentCopyPerTest('icrm-content-');
const edit = copy.edit;

async function faults(): Promise<string[]> {
  const result = await checkContentDir(join(copy.root, 'content'), copy.root);
  return result.ok ? [] : result.issues.map(formatContentIssue);
}

describe('checkContentDir', () => {
  test('accepts the shipped course content', async () => {
    expect(await faults()).toEqual([]);
  });

  test('reports a YAML syntax error with its line number in the frontmatter', async () => {
    await edit('lessons/shared-goals.mdx', (text) => text.replace(/^title: (.*)$/m, 'title: $1: 多写了冒号'));
    expect(await faults()).toEqual([
      'content/lessons/shared-goals.mdx › 第 3 行: YAML 语法错误：Nested mappings are not allowed in compact mappings',
    ]);
  });

  test('reports a lesson without frontmatter', async () => {
    await edit('lessons/shared-goals.mdx', (text) => text.replace(/^---[\s\S]*?\n---\n/, ''));
    expect(await faults()).toEqual([
      'content/lessons/shared-goals.mdx › （整个文件）: 缺少 frontmatter：文件必须以 --- 开头的 YAML 块开始',
    ]);
  });

  test('reports a missing glossary file by name', async () => {
    await rm(join(copy.root, 'content', 'glossary.yaml'));
    expect(await faults()).toEqual(['content/glossary.yaml › （整个文件）: 文件不存在或无法读取']);
  });

  test('reports a lesson title that was deleted', async () => {
    await edit('lessons/future-trends.mdx', (text) => text.replace(/^title: .*\n/m, ''));
    expect(await faults()).toEqual(['content/lessons/future-trends.mdx › title: 缺少必填字段（应为文本）']);
  });

  test('reports a glossary term pointing to a lesson that does not exist', async () => {
    await edit('glossary.yaml', (text) => text.replace('lessons: [', 'lessons: [no-such-lesson, '));
    expect((await faults())[0]).toMatch(/^content\/glossary\.yaml › \[0\]\.lessons\[0\]: 术语 “.+”指向的课程 “no-such-lesson”不存在$/);
  });
});

// Each test starts the script in a new process, which takes several seconds on a busy machine.
describe('npm run check (scripts/check-content.ts)', { timeout: 30_000 }, () => {
  test('prints a summary and exits 0 on the shipped content', async () => {
    const { stdout } = await run('node_modules/.bin/tsx', ['scripts/check-content.ts'], { cwd: repoRoot });
    expect(stdout).toMatch(/^内容检查通过：5 个模块，15 节课，\d+ 个术语。/);
  });

  test('exits 1 and prints every fault with file and field', async () => {
    await edit('lessons/shared-goals.mdx', (text) => text.replace(/^module: .*$/m, 'module: nowhere'));
    const failure = await run('node_modules/.bin/tsx', ['scripts/check-content.ts', '--content', join(copy.root, 'content')], {
      cwd: repoRoot,
    }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in failure && failure.code).toBe(1);
    expect(failure.stderr).toContain('内容检查发现 1 个问题');
    expect(failure.stderr).toMatch(/shared-goals\.mdx › module: 模块 “nowhere”不存在/);
  });
});

describe('npm run check: house style and glossary links', { timeout: 30_000 }, () => {
  const check = () =>
    run('node_modules/.bin/tsx', ['scripts/check-content.ts', '--content', join(copy.root, 'content')], { cwd: repoRoot }).catch(
      (error: { code: number; stderr: string }) => error,
    );

  test('names the line of a half-width comma between Chinese characters and of corner quotes', async () => {
    await edit('lessons/shared-goals.mdx', (text) => text.replace('尊重与信任让大家愿意合作，沟通', '尊重与信任让大家愿意合作,沟通'));
    await edit('glossary.yaml', (text) => text.replace('“产品”', '「产品」'));
    const failure = await check();
    expect('code' in failure && failure.code).toBe(1);
    expect(failure.stderr).toContain('内容检查发现 2 个问题');
    expect(failure.stderr).toMatch(/shared-goals\.mdx › 第 \d+ 行: 汉字之间用了半角“,”，应改为全角“，”：…大家愿意合作,沟通与反馈让…/);
    expect(failure.stderr).toMatch(/glossary\.yaml › 第 3 行: 用了直角引号「」，本课程统一用“”/);
  });

  test('refuses a glossary link to a lesson that never uses the term or its aliases', async () => {
    await edit('glossary.yaml', (text) => text.replace('lessons: [implementation-challenges]\n  related: [部门墙, 绩效考核]', 'lessons: [implementation-challenges, course-introduction]\n  related: [部门墙, 绩效考核]'));
    const failure = await check();
    expect(failure.stderr).toMatch(
      /glossary\.yaml › \[\d+\]\.lessons\[1\]: 术语 “抵触情绪”链接到课程 “course-introduction”，但那节课的正文没有用到它，也没有用到别名“抵触心理”/,
    );
  });
});

describe('contentCheck integration', () => {
  const setup = (command: 'build' | 'dev', logged: string[]) =>
    contentCheck().hooks['astro:config:setup']!({
      command,
      config: { root: new URL(`file://${copy.root}/`) },
      logger: { error: (line: string) => logged.push(line) },
    } as never);

  test('stops the build with every fault and a hint', async () => {
    await edit('lessons/shared-goals.mdx', (text) => text.replace(/^order: .*$/m, 'order: 9'));
    await expect(setup('build', [])).rejects.toThrow(/课程内容有 1 个问题：\n {2}✗ content\/lessons\/shared-goals\.mdx › order: order 为 9/);
  });

  test('only logs the faults when the dev server starts, so the author can fix them live', async () => {
    await edit('lessons/shared-goals.mdx', (text) => text.replace(/^order: .*$/m, 'order: 9'));
    const logged: string[] = [];
    await setup('dev', logged);
    expect(logged).toEqual([expect.stringMatching(/shared-goals\.mdx › order: order 为 9/)]);
  });
});
