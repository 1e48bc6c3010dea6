import type { Nodes } from 'mdast';
import { describe, expect, test } from 'vitest';
import { splitLesson } from '../../../../src/core/course/lesson-tree.ts';
import { buildDeck, buildLessonDeck, type DeckLesson } from '../../../../src/core/facilitator/slide-deck.ts';
import { readShippedDeckLessons } from '../../../support/deck-fixture.ts';

const lesson: DeckLesson = {
  id: 'demo',
  title: '示例课',
  number: 3,
  moduleTitle: '基本原则',
  minutes: 12,
  summary: '一句话说明。',
  objectives: ['说明一件事'],
};

const source = [
  '---',
  'id: demo',
  '---',
  '',
  '开头的故事：财务和销售吵了一架。',
  '',
  '## 第一节',
  '',
  '正文**一**。',
  '',
  '<Callout kind="tip" title="小技巧">',
  '',
  '提示正文。',
  '',
  '<FacilitatorNote minutes={3}>',
  '',
  '藏在提示里的讲师提示。',
  '',
  '</FacilitatorNote>',
  '',
  '</Callout>',
  '',
  '<FacilitatorNote minutes={5}>',
  '',
  '请学员两人一组讨论。',
  '',
  '</FacilitatorNote>',
  '',
  '## 第二节',
  '',
  '<Figure caption="服务链">',
  '',
  '<ServiceChainDiagram />',
  '',
  '</Figure>',
  '',
  '<RolePlay id="urgent-data-request" />',
  '',
  '<Quiz id="quiz-demo" />',
  '',
  '<KeyPoints>',
  '',
  '- 要点一',
  '',
  '</KeyPoints>',
  '',
  '<Discussion>',
  '',
  '1. 第一个问题？',
  '2. 第二个问题？',
  '',
  '</Discussion>',
  '',
].join('\n');

/** Every JSX element name in a slide's nodes, nested ones included. */
function elementNames(nodes: readonly Nodes[]): string[] {
  return nodes.flatMap((node) => [
    ...(node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement' ? [node.name ?? ''] : []),
    ...('children' in node ? elementNames(node.children as Nodes[]) : []),
  ]);
}

describe('buildLessonDeck', () => {
  test('makes a title slide, one slide per ## section and a key-points slide', () => {
    const deck = buildLessonDeck(lesson, source);
    expect(deck.slides.map(({ id, kind, heading }) => ({ id, kind, heading }))).toEqual([
      { id: 'demo#start', kind: 'title', heading: '示例课' },
      { id: 'demo#第一节', kind: 'section', heading: '第一节' },
      { id: 'demo#第二节', kind: 'section', heading: '第二节' },
      { id: 'demo#key-points', kind: 'key-points', heading: '' },
    ]);
  });

  test('keeps figures and callouts on the slide and takes notes, quizzes and role-plays off it', () => {
    const [, first, second, keyPoints] = buildLessonDeck(lesson, source).slides;
    expect(elementNames(first!.nodes)).toEqual(['Callout']);
    expect(elementNames(second!.nodes)).toEqual(['Figure', 'ServiceChainDiagram']);
    expect(second!.activities).toEqual([
      { kind: 'role-play', id: 'urgent-data-request' },
      { kind: 'quiz', id: 'quiz-demo' },
    ]);
    expect(keyPoints!.nodes.map((node) => node.type)).toEqual(['list']);
  });

  test('turns facilitator notes, the opening and the discussion questions into speaker notes', () => {
    const [title, first, second, keyPoints] = buildLessonDeck(lesson, source).slides;
    expect(title!.notes).toEqual([{ kind: 'opening', text: '开头的故事：财务和销售吵了一架。' }]);
    expect(first!.notes).toEqual([
      { kind: 'facilitator', minutes: 3, text: '藏在提示里的讲师提示。' },
      { kind: 'facilitator', minutes: 5, text: '请学员两人一组讨论。' },
    ]);
    expect(second!.notes).toEqual([]);
    expect(keyPoints!.notes).toEqual([{ kind: 'discussion', questions: ['第一个问题？', '第二个问题？'] }]);
  });

  test('plans each slide’s minutes from the lesson’s minutes and its notes', () => {
    const deck = buildLessonDeck(lesson, source);
    expect(deck.slides.map((slide) => slide.activityMinutes)).toEqual([0, 8, 0, 0]);
    expect(deck.minutes).toBe(12 + 8);
    expect(deck.slides[1]!.minutes).toBeGreaterThan(8);
  });

  test('leaves the shared lesson tree as it was', () => {
    const before = JSON.stringify(splitLesson(source).sections.map((section) => section.nodes));
    buildLessonDeck(lesson, source);
    expect(JSON.stringify(splitLesson(source).sections.map((section) => section.nodes))).toBe(before);
  });

  test('needs no key-points slide for a lesson without 要点回顾 or questions', () => {
    const deck = buildLessonDeck(lesson, '## 唯一一节\n\n正文。\n');
    expect(deck.slides.map((slide) => slide.kind)).toEqual(['title', 'section']);
    expect(deck.slides[0]!.notes).toEqual([]);
  });
});

describe('buildDeck over the shipped course', () => {
  test('gives every lesson a title slide, its sections, a key-points slide, and every note to the facilitator only', async () => {
    const lessons = await readShippedDeckLessons();
    const deck = buildDeck(lessons);
    expect(deck.lessons).toHaveLength(15);
    for (const { lesson: item, slides, minutes } of deck.lessons) {
      const tree = splitLesson(lessons.find((entry) => entry.lesson.id === item.id)!.source);
      expect(slides.map((slide) => slide.kind)).toEqual(['title', ...tree.sections.map(() => 'section'), 'key-points']);
      const noteMinutes = tree.sections.flatMap((section) => section.facilitatorNotes).reduce((sum, note) => sum + (note.minutes ?? 0), 0);
      expect(minutes).toBe(Math.max(item.minutes, slides.length) + noteMinutes);
      expect(slides.flatMap((slide) => elementNames(slide.nodes))).not.toContain('FacilitatorNote');
      expect(slides.at(-1)!.notes.find((note) => note.kind === 'discussion')).toBeDefined();
    }
    expect(new Set(deck.slides.map((slide) => slide.id)).size).toBe(deck.slides.length);
    expect(deck.minutes).toBe(deck.lessons.reduce((sum, lessonDeck) => sum + lessonDeck.minutes, 0));
  });
});
