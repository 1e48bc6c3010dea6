// ISO 8601 durations as xAPI uses them: PnYnMnDTnHnMnS, also PnW.
const durationPattern =
  /^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?=\d)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Says whether a string is an ISO 8601 duration such as PT1M30S. */
export function isIsoDuration(value: string): boolean {
  return durationPattern.test(value);
}

/** Converts an ISO 8601 duration to milliseconds (years as 365 days, months as 30), or NaN if malformed. */
export function durationToMilliseconds(value: string): number {
  const timeOnly = timeOnlyMilliseconds(value);
  if (!Number.isNaN(timeOnly)) return timeOnly;
  const match = durationPattern.exec(value);
  if (!match) return Number.NaN;
  const [years, months, weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
  const totalDays = years! * 365 + months! * 30 + weeks! * 7 + days!;
  return (((totalDays * 24 + hours!) * 60 + minutes!) * 60 + seconds!) * 1000;
}

/**
 * Reads the form devices write (`millisecondsToDuration`: PT1H2M5.25S, each part optional) from its character codes:
 * the progress fold reads a duration per statement, and the pattern's match arrays took a fifth of its time. NaN means
 * "not in this form" (a fraction of an hour, a day part, anything malformed), which the pattern then decides.
 */
function timeOnlyMilliseconds(value: string): number {
  const length = value.length;
  if (length < 4 || value.charCodeAt(0) !== 80 /* P */ || value.charCodeAt(1) !== 84 /* T */) return Number.NaN;
  let hours = 0;
  let minutes = 0;
  let seconds = 0;
  // The designators seen so far must come in the order H, M, S: 1 after H, 2 after M, 3 after S.
  let stage = 0;
  let i = 2;
  while (i < length) {
    const start = i;
    let whole = 0;
    for (let digit = value.charCodeAt(i) - 48; digit >= 0 && digit <= 9; digit = value.charCodeAt(++i) - 48) whole = whole * 10 + digit;
    // Up to 15 digits the sum above is exact; longer numbers are left to Number, as the pattern does.
    if (i === start || i - start > 15) return Number.NaN;
    const designator = value.charCodeAt(i);
    if (designator === 72 /* H */ && stage < 1) {
      hours = whole;
      stage = 1;
    } else if (designator === 77 /* M */ && stage < 2) {
      minutes = whole;
      stage = 2;
    } else if (designator === 83 /* S */ && stage < 3) {
      seconds = whole;
      stage = 3;
    } else if (designator === 46 /* . */ && stage < 3) {
      // Only seconds carry a fraction here, and they come last: PT5.25S.
      const dot = i;
      for (let digit = value.charCodeAt(++i) - 48; digit >= 0 && digit <= 9; digit = value.charCodeAt(++i) - 48);
      if (i === dot + 1 || value.charCodeAt(i) !== 83 /* S */ || i + 1 !== length) return Number.NaN;
      seconds = Number(value.slice(start, i));
      stage = 3;
    } else {
      return Number.NaN;
    }
    i++;
  }
  return ((hours * 60 + minutes) * 60 + seconds) * 1000;
}

/** Formats milliseconds as an ISO 8601 duration with at most centisecond precision, e.g. PT1M30.25S. */
export function millisecondsToDuration(milliseconds: number): string {
  const centiseconds = Math.max(0, Math.round(milliseconds / 10));
  const hours = Math.floor(centiseconds / 360_000);
  const minutes = Math.floor((centiseconds % 360_000) / 6000);
  const seconds = (centiseconds % 6000) / 100;
  return `PT${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds || (!hours && !minutes) ? `${seconds}S` : ''}`;
}
