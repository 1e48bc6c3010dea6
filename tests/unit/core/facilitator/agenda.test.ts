import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import type { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { buildAgenda, firstSentence, formatClock, overrunMinutes, recommendAgenda, type AgendaItem } from '../../../../src/core/facilitator/agenda.ts';
import { AgendaBlockSchema, AgendaTemplateSchema, type AgendaTemplate } from '../../../../src/core/facilitator/schemas/agenda-template.ts';
import { buildDeck, type LessonDeck, type Slide } from '../../../../src/core/facilitator/slide-deck.ts';
import { readShippedDeckLessons } from '../../../support/deck-fixture.ts';

/** A lesson whose slides plan the minutes given: a title slide, sections, and a key-points slide. */
function lessonDeck(id: string, number: number, minutes: number[]): LessonDeck {
  const slides: Slide[] = minutes.map((planned, index) => ({
    id: `${id}#${index}`,
    kind: index === 0 ? 'title' : index === minutes.length - 1 ? 'key-points' : 'section',
    lessonId: id,
    heading: index === 0 ? `课${number}` : `第${index}节`,
    nodes: [],
    notes: index === 1 ? [{ kind: 'facilitator', minutes: 5, text: '请学员两人一组讨论。再请两组分享。' }] : [],
    activities: [],
    minutes: planned,
    activityMinutes: index === 1 ? 5 : 0,
  }));
  return {
    lesson: { id, title: `课${number}`, number, moduleTitle: '模块', minutes: 0, summary: '', objectives: [] },
    slides,
    minutes: minutes.reduce((sum, value) => sum + value, 0),
  };
}

function template(blocks: z.input<typeof AgendaBlockSchema>[], id = 'test'): AgendaTemplate {
  return AgendaTemplateSchema.parse({ id, title: '测试', summary: '测试用的模板。', days: [{ title: '全天', start: '09:00', blocks }] });
}

const lessonBlocks = (items: AgendaItem[]) => items.filter((item) => item.kind === 'lessons');

describe('buildAgenda', () => {
  test('times every block from the day’s start and fills the lesson blocks in course order', () => {
    const agenda = buildAgenda(
      template([
        { kind: 'session', minutes: 15, title: '开场' },
        { kind: 'lessons', minutes: 60 },
        { kind: 'break', minutes: 15, title: '茶歇' },
        { kind: 'lessons', minutes: 60 },
      ]),
      [lessonDeck('a', 1, [2, 20, 10, 3]), lessonDeck('b', 2, [2, 30, 3])],
    );
    const items = agenda.days[0]!.items;
    expect(items.map((item) => `${formatClock(item.start)}–${formatClock(item.end)} ${item.kind}`)).toEqual([
      '09:00–09:15 session',
      '09:15–10:15 lessons',
      '10:15–10:30 break',
      '10:30–11:30 lessons',
    ]);
    const [first, second] = lessonBlocks(items);
    expect(first!.kind === 'lessons' && first!.segments.map((segment) => [segment.lessonId, segment.minutes])).toEqual([['a', 35]]);
    expect(second!.kind === 'lessons' && second!.segments.map((segment) => [segment.lessonId, segment.minutes])).toEqual([['b', 35]]);
    expect(agenda.unscheduled).toEqual([]);
    expect(agenda.lessonMinutes).toBe(70);
    expect(agenda.teachingMinutes).toBe(120);
  });

  test('lets a lesson run on after a break, marking both parts, without cutting a slide', () => {
    const agenda = buildAgenda(
      template([
        { kind: 'lessons', minutes: 30 },
        { kind: 'break', minutes: 10, title: '茶歇' },
        { kind: 'lessons', minutes: 30 },
      ]),
      [lessonDeck('a', 1, [2, 20, 15, 3])],
    );
    const [first, second] = lessonBlocks(agenda.days[0]!.items);
    if (first?.kind !== 'lessons' || second?.kind !== 'lessons') throw new Error('expected two lesson blocks');
    expect(first.segments).toMatchObject([{ lessonId: 'a', sections: ['第1节'], minutes: 22, continued: false, continues: true }]);
    expect(second.segments).toMatchObject([{ lessonId: 'a', sections: ['第2节'], minutes: 18, continued: true, continues: false }]);
    expect(first.segments[0]!.activities).toEqual([{ minutes: 5, text: '请学员两人一组讨论。' }]);
  });

  test('never opens a lesson with its title slide alone at the end of a block', () => {
    const agenda = buildAgenda(
      template([
        { kind: 'lessons', minutes: 30 },
        { kind: 'lessons', minutes: 30 },
      ]),
      [lessonDeck('a', 1, [2, 20, 3]), lessonDeck('b', 2, [2, 20, 3])],
    );
    const [first, second] = lessonBlocks(agenda.days[0]!.items);
    expect(first?.kind === 'lessons' && first.segments.map((segment) => segment.lessonId)).toEqual(['a']);
    expect(second?.kind === 'lessons' && second.segments.map((segment) => segment.lessonId)).toEqual(['b']);
  });

  test(`lets a block run up to ${overrunMinutes} minutes over to finish a slide, and shows what it holds`, () => {
    const agenda = buildAgenda(template([{ kind: 'lessons', minutes: 30 }]), [lessonDeck('a', 1, [2, 20, 8 + overrunMinutes])]);
    const [block] = lessonBlocks(agenda.days[0]!.items);
    expect(block?.kind === 'lessons' && block.planned).toBe(30 + overrunMinutes);
    expect(agenda.unscheduled).toEqual([]);
  });

  test('places a slide longer than a whole block in an empty block rather than dropping it', () => {
    const agenda = buildAgenda(template([{ kind: 'lessons', minutes: 30 }]), [lessonDeck('a', 1, [45])]);
    const [block] = lessonBlocks(agenda.days[0]!.items);
    expect(block?.kind === 'lessons' && block.planned).toBe(45);
  });

  test('lists what no block can take as unscheduled, in course order', () => {
    const agenda = buildAgenda(template([{ kind: 'lessons', minutes: 40 }]), [
      lessonDeck('a', 1, [2, 20, 3]),
      lessonDeck('b', 2, [2, 10, 20, 3]),
      lessonDeck('c', 3, [2, 20, 3]),
    ]);
    expect(agenda.unscheduled.map((segment) => [segment.lessonId, segment.minutes, segment.continued])).toEqual([
      ['b', 23, true],
      ['c', 25, false],
    ]);
  });
});

describe('recommendAgenda', () => {
  const short = template([{ kind: 'lessons', minutes: 40 }], 'short');
  const long = template([{ kind: 'lessons', minutes: 90 }, { kind: 'lessons', minutes: 90 }], 'long');

  test('suggests the shortest template that takes every slide', () => {
    expect(recommendAgenda([long, short], [lessonDeck('a', 1, [2, 20, 3])]).template.id).toBe('short');
    expect(recommendAgenda([short, long], [lessonDeck('a', 1, [2, 30, 3]), lessonDeck('b', 2, [2, 30, 3])]).template.id).toBe('long');
  });

  test('suggests the roomiest template when none takes everything', () => {
    const agenda = recommendAgenda([short, long], [lessonDeck('a', 1, [2, 100, 3]), lessonDeck('b', 2, [2, 100, 3])]);
    expect(agenda.template.id).toBe('long');
    expect(agenda.unscheduled.length).toBeGreaterThan(0);
  });
});

describe('the shipped agenda templates', () => {
  test('teach the whole course in two days, and a module in half a day', async () => {
    const templates = await Promise.all(
      ['half-day', 'one-day', 'two-day'].map(async (id) =>
        AgendaTemplateSchema.parse(parseYaml(await readFile(new URL(`../../../../content/facilitator/agendas/${id}.yaml`, import.meta.url), 'utf8'))),
      ),
    );
    const lessons = await readShippedDeckLessons();
    const whole = recommendAgenda(templates, buildDeck(lessons).lessons);
    expect(whole.template.id).toBe('two-day');
    expect(whole.unscheduled).toEqual([]);
    const firstModule = recommendAgenda(templates, buildDeck(lessons.filter(({ lesson }) => lesson.moduleTitle === lessons[0]!.lesson.moduleTitle)).lessons);
    expect(firstModule.template.id).toBe('half-day');
  });
});

describe('firstSentence', () => {
  test('keeps a note’s first sentence on one line', () => {
    expect(firstSentence('请学员两人一组，\n各自列出三项。再交换检查。')).toBe('请学员两人一组， 各自列出三项。');
    expect(firstSentence('没有句号的提示')).toBe('没有句号的提示');
  });
});
