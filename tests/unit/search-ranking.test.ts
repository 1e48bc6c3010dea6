import { beforeAll, describe, expect, test } from 'vitest';
import { readSearchSources } from '../../scripts/lib/search-sources.ts';
import { collectSearchDocuments } from '../../src/core/search/documents.ts';
import { buildSearchIndex, loadSearchIndex, querySearchIndex, type LoadedSearchIndex } from '../../src/core/search/search-index.ts';
import { contentDir, repoRoot } from '../support/course-fixture.ts';
import { learnerQueries } from '../support/search-queries.ts';

let index: LoadedSearchIndex;

beforeAll(async () => {
  const documents = collectSearchDocuments(await readSearchSources(contentDir, repoRoot));
  index = loadSearchIndex(JSON.parse(JSON.stringify(buildSearchIndex(documents))));
});

describe('searching the shipped course', () => {
  test.each(learnerQueries)('“%s” puts a section of %s in the top three', (query, lessonId) => {
    const topThree = querySearchIndex(index, query, 3).results.map((result) => result.document.lessonId ?? result.document.url);
    expect(topThree).toContain(lessonId);
  });

  test('puts the glossary entry first for a query that is exactly a glossary term', () => {
    for (const term of ['抵触情绪', '服务利润链', '部门墙', '内部服务约定']) {
      expect(querySearchIndex(index, term).results[0]?.document.url, term).toBe(`/glossary/#term-${term}`);
    }
  });

  test.each([
    ['团队合作', '/courses/icrm/why-it-matters/#团队合作顺了摩擦少了'],
    ['凝聚力', '/courses/icrm/appraisal-and-team-building/#团队建设不只是聚餐'],
    ['员工满意度', '/courses/icrm/why-it-matters/#员工被重视才愿意投入'],
  ])('leads a learner who searches with the source’s word “%s” to the section that teaches it', (query, url) => {
    expect(querySearchIndex(index, query, 3).results.map((result) => result.document.url)).toContain(url);
  });

  test('finds a glossary term by one of its aliases first', () => {
    for (const [alias, term] of [['SLA', '内部服务约定'], ['戴明环', 'PDCA'], ['甲方思维', '甲方心态'], ['TQM', '全面质量管理']] as const) {
      expect(querySearchIndex(index, alias).results[0]?.document.url, alias).toBe(`/glossary/#term-${term}`);
    }
  });

  test('finds a glossary term by its English name', () => {
    expect(querySearchIndex(index, 'internal customer').results[0]?.document.title).toBe('内部客户');
  });

  test('finds the explanations of practice questions, linked to the quiz on its lesson page', () => {
    const quizResults = querySearchIndex(index, '终点 贡献 交叉点', 10).results.filter((result) => result.document.kind === 'quiz');
    expect(quizResults[0]?.document.url).toBe('/courses/icrm/shared-goals/#quiz-shared-goals');
  });

  test('never indexes the final assessment bank', () => {
    // An explanation that appears only in content/quizzes/final-assessment.yaml.
    expect(querySearchIndex(index, '对别人的抱怨').results.map((result) => result.document.text).join('')).not.toContain('对别人的抱怨');
  });

  test('never returns a facilitator note', () => {
    // Facilitator notes of shared-goals ask learners to draw “冲突箭头” on a whiteboard.
    expect(querySearchIndex(index, '冲突箭头 白板').results.map((result) => result.document.text).join('')).not.toContain('冲突箭头');
  });
});
