/**
 * Adds calendar months to an instant on the UTC calendar, clamping to the month's last day (31 Aug + 6 → 28/29 Feb)
 * and keeping the time of day, so a browser in Beijing and a server in UTC give the same answer. Written out rather
 * than taken from date-fns: it is a few lines, and every lesson page carries this module within its script budget.
 */
export function addCalendarMonths(at: number, months: number): number {
  const date = new Date(at);
  const target = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), target + 1, 0)).getUTCDate();
  const moved = new Date(at);
  moved.setUTCDate(1);
  moved.setUTCMonth(target);
  moved.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return moved.getTime();
}
