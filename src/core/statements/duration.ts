// ISO 8601 durations as xAPI uses them: PnYnMnDTnHnMnS, also PnW.
const durationPattern =
  /^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?=\d)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Says whether a string is an ISO 8601 duration such as PT1M30S. */
export function isIsoDuration(value: string): boolean {
  return durationPattern.test(value);
}

/** Converts an ISO 8601 duration to milliseconds (years as 365 days, months as 30), or NaN if malformed. */
export function durationToMilliseconds(value: string): number {
  const match = durationPattern.exec(value);
  if (!match) return Number.NaN;
  const [years, months, weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
  const totalDays = years! * 365 + months! * 30 + weeks! * 7 + days!;
  return (((totalDays * 24 + hours!) * 60 + minutes!) * 60 + seconds!) * 1000;
}

/** Formats milliseconds as an ISO 8601 duration with at most centisecond precision, e.g. PT1M30.25S. */
export function millisecondsToDuration(milliseconds: number): string {
  const centiseconds = Math.max(0, Math.round(milliseconds / 10));
  const hours = Math.floor(centiseconds / 360_000);
  const minutes = Math.floor((centiseconds % 360_000) / 6000);
  const seconds = (centiseconds % 6000) / 100;
  return `PT${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds || (!hours && !minutes) ? `${seconds}S` : ''}`;
}
