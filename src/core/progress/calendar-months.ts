import { addMonths } from 'date-fns';

/**
 * Adds calendar months to an instant on the UTC calendar, clamping to the month's last day (31 Aug + 6 → 28/29 Feb)
 * and keeping the time of day. date-fns counts on the local calendar, which differs between a browser in Beijing and
 * a server in UTC; so it moves a floating local date at noon (no daylight-saving gap falls at noon), which gives the
 * same answer in every time zone.
 */
export function addCalendarMonths(at: number, months: number): number {
  const date = new Date(at);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const day = date.getUTCDate();
  const moved = addMonths(new Date(year, month, day, 12), months);
  return Date.UTC(moved.getFullYear(), moved.getMonth(), moved.getDate()) + (at - Date.UTC(year, month, day));
}
