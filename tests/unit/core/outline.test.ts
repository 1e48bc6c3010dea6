import { describe, expect, test } from 'vitest';
import { buildCourseOutline } from '../../../src/core/course/outline.ts';
import type { Course } from '../../../src/core/course/schemas/course.ts';
import type { Lesson } from '../../../src/core/course/schemas/lesson.ts';

const lesson = (id: string, module: string, order: number, minutes: number): Lesson => ({
  id,
  title: id.toUpperCase(),
  module,
  order,
  minutes,
  summary: '简介',
  objectives: ['目标'],
  keyTerms: [],
});

const course = {
  modules: [
    { id: 'a', title: '甲', summary: '', lessons: ['a1', 'a2'] },
    { id: 'b', title: '乙', summary: '', lessons: ['b1'] },
  ],
} as unknown as Course;

describe('buildCourseOutline', () => {
  // Given out of order on purpose: the outline follows course.yaml, not the collection order.
  const lessons = [lesson('b1', 'b', 1, 30), lesson('a2', 'a', 2, 15), lesson('a1', 'a', 1, 10)];

  test('orders lessons as course.yaml lists them and numbers them across modules', () => {
    const outline = buildCourseOutline(course, lessons);
    expect(outline.lessons.map((l) => [l.number, l.id, l.moduleTitle])).toEqual([
      [1, 'a1', '甲'],
      [2, 'a2', '甲'],
      [3, 'b1', '乙'],
    ]);
  });

  test('links each lesson to its neighbours across module borders', () => {
    const outline = buildCourseOutline(course, lessons);
    expect(outline.lessons.map((l) => [l.previous?.id, l.next?.id])).toEqual([
      [undefined, 'a2'],
      ['a1', 'b1'],
      ['a2', undefined],
    ]);
  });

  test('sums minutes per module and for the course', () => {
    const outline = buildCourseOutline(course, lessons);
    expect(outline.modules.map((m) => [m.number, m.minutes, m.lessons.length])).toEqual([
      [1, 25, 2],
      [2, 30, 1],
    ]);
    expect(outline.minutes).toBe(55);
  });

  test('throws when course.yaml lists a lesson that does not exist', () => {
    expect(() => buildCourseOutline(course, lessons.slice(0, 2))).toThrow('course.yaml lists lesson "a1", which does not exist');
  });
});
