/**
 * Measures the time a learner actively spends on a page: only while the caller says it is active (visible),
 * so two tabs never count the same minute twice. `take()` returns the time since the previous take, so
 * consecutive statements carry durations that add up without overlap.
 */
export function createActiveTimer(now: () => number) {
  let activeSince: number | null = null;
  let banked = 0;
  return {
    /** Starts counting (page visible); a second call while counting changes nothing. */
    resume(): void {
      if (activeSince === null) activeSince = now();
    },
    /** Stops counting (page hidden), keeping what was counted so far. */
    pause(): void {
      if (activeSince !== null) banked += now() - activeSince;
      activeSince = null;
    },
    /** Returns the active milliseconds since the last take and starts a new count. */
    take(): number {
      const running = activeSince !== null;
      this.pause();
      const taken = banked;
      banked = 0;
      if (running) this.resume();
      return taken;
    },
  };
}

export type ActiveTimer = ReturnType<typeof createActiveTimer>;
