import { describe, expect, test } from 'vitest';
import { createActiveTimer } from '../../../../src/core/progress/active-time.ts';

describe('createActiveTimer', () => {
  test('counts only the time between resume and pause, and take() returns each span once', () => {
    let clock = 0;
    const timer = createActiveTimer(() => clock);
    clock = 1000;
    timer.resume();
    clock = 4000;
    timer.pause();
    clock = 9000; // hidden: not counted
    timer.resume();
    clock = 10_000;
    expect(timer.take()).toBe(4000);
    clock = 12_500;
    expect(timer.take()).toBe(2500);
    timer.pause();
    clock = 20_000;
    expect(timer.take()).toBe(0);
  });

  test('ignores a second resume while counting', () => {
    let clock = 0;
    const timer = createActiveTimer(() => clock);
    timer.resume();
    clock = 1000;
    timer.resume();
    clock = 3000;
    expect(timer.take()).toBe(3000);
  });
});
