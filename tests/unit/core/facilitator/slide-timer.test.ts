import { describe, expect, test } from 'vitest';
import {
  createSlideTimer,
  isSlideTimer,
  pauseTimer,
  showSlide,
  spentOn,
  startTimer,
  totalSpent,
} from '../../../../src/core/facilitator/slide-timer.ts';

describe('the slide timer', () => {
  test('counts nothing until it is started', () => {
    const timer = showSlide(createSlideTimer(3), 1, 5_000);
    expect(spentOn(timer, 0, 60_000)).toBe(0);
    expect(totalSpent(timer, 60_000)).toBe(0);
    expect(timer.current).toBe(1);
  });

  test('gives each slide the time shown while running, and keeps running across slides', () => {
    let timer = startTimer(createSlideTimer(3), 1_000);
    timer = showSlide(timer, 1, 61_000);
    timer = showSlide(timer, 0, 91_000);
    expect(spentOn(timer, 0, 101_000)).toBe(70_000);
    expect(spentOn(timer, 1, 101_000)).toBe(30_000);
    expect(totalSpent(timer, 101_000)).toBe(100_000);
  });

  test('stops counting while paused and goes on from where it stood', () => {
    let timer = startTimer(createSlideTimer(2), 0);
    timer = pauseTimer(timer, 10_000);
    expect(spentOn(timer, 0, 50_000)).toBe(10_000);
    timer = showSlide(timer, 1, 50_000);
    timer = startTimer(timer, 60_000);
    expect(spentOn(timer, 1, 65_000)).toBe(5_000);
    expect(startTimer(timer, 99_000)).toBe(timer);
  });

  test('keeps to the deck: no slide before the first or after the last, and the same slide changes nothing', () => {
    const timer = startTimer(createSlideTimer(2), 0);
    expect(showSlide(timer, 9, 1_000).current).toBe(1);
    expect(showSlide(timer, -1, 1_000)).toBe(timer);
  });

  test('never takes time away when the clock is set back', () => {
    const timer = startTimer(createSlideTimer(1), 10_000);
    expect(spentOn(timer, 0, 5_000)).toBe(0);
  });

  test('recognises a stored timer only for a deck of the same length', () => {
    const stored = JSON.parse(JSON.stringify(startTimer(createSlideTimer(4), 1)));
    expect(isSlideTimer(stored, 4)).toBe(true);
    expect(isSlideTimer(stored, 5)).toBe(false);
    expect(isSlideTimer({ ...stored, current: 4 }, 4)).toBe(false);
    expect(isSlideTimer({ ...stored, spent: [0, -1, 0, 0] }, 4)).toBe(false);
    expect(isSlideTimer(null, 4)).toBe(false);
  });
});
