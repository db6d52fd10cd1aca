/**
 * AWS cron expressions (`cron(minutes hours day-of-month month day-of-week year)`, as AWS Backup and
 * EventBridge take them), read well enough to say how long a schedule can go without firing. The plan
 * review's rule PR-BACKUP-4 refuses a backup plan none of whose rules fires at least every
 * {@link MAX_GAP_DAYS} days, in every year.
 *
 * What passes is an allow-list of forms: the year must be `*` (a year list or range ends, or has not begun:
 * the review has no clock to tell which, and needs none), minutes and hours any valid values, month and the
 * day fields lists, ranges, steps and names, one of the two day fields `?`. `L`, `W` and `#` (last day, nearest
 * weekday, n-th weekday) are not read: such a schedule counts as one the review cannot show fires.
 * The largest gap between two firing days is found by walking the 28 years after which weekdays and leap years repeat.
 */

/** The longest a production backup plan may go without a recovery point, in days. */
export const MAX_GAP_DAYS = 7;

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names for the values from `min` on (months, weekdays). */
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day-of-week", min: 1, max: 7, names: WEEKDAYS },
  { name: "year", min: 1970, max: 2199 },
];

/** A field's values, `"?"` for no value, or the reason it cannot be read. */
type Field = Set<number> | "?" | { problem: string };

function parseValue(text: string, spec: FieldSpec): number | undefined {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return spec.min + named;
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= spec.min && n <= spec.max ? n : undefined;
}

function parseField(text: string, spec: FieldSpec): Field {
  if (text === "?") return spec.name === "day-of-month" || spec.name === "day-of-week" ? "?" : { problem: `? in ${spec.name}` };
  if (/[LW#]/i.test(text.replace(/[A-Z]{3}/gi, (m) => (spec.names?.includes(m.toUpperCase()) ? "" : m))))
    return { problem: `${spec.name} ${JSON.stringify(text)} uses L, W or #, which the review does not read` };
  const values = new Set<number>();
  for (const token of text.split(",")) {
    const match = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(token);
    if (!match) return { problem: `${spec.name} ${JSON.stringify(text)} is not a list of values, ranges and steps` };
    const [, range, stepText] = match;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) return { problem: `${spec.name} ${JSON.stringify(text)} has a step of 0` };
    let from = spec.min;
    let to = spec.max;
    if (range !== "*") {
      const [a, b] = range.split("-");
      const first = parseValue(a, spec);
      const last = b === undefined ? (stepText === undefined ? first : spec.max) : parseValue(b, spec);
      if (first === undefined || last === undefined || last < first)
        return { problem: `${spec.name} ${JSON.stringify(text)}: ${JSON.stringify(token)} is out of range ${spec.min}-${spec.max}` };
      from = first;
      to = last;
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

/** How often a schedule fires, or why the review cannot tell. */
export type ScheduleReading =
  | { readonly fires: true; /** The most days between two firing days, over every year. */ readonly maxGapDays: number }
  | { readonly fires: false; readonly problem: string };

/** Reads `cron(...)`: the largest gap between firing days, or why it never fires (or cannot be read). */
export function readSchedule(expression: unknown): ScheduleReading {
  if (typeof expression !== "string" || expression.trim() === "") return { fires: false, problem: "no schedule" };
  const inner = /^cron\((.*)\)$/.exec(expression.trim())?.[1];
  if (inner === undefined) return { fires: false, problem: `${JSON.stringify(expression)} is not cron(...) (rate() is not read)` };
  const parts = inner.trim().split(/\s+/);
  if (parts.length !== 6) return { fires: false, problem: `${JSON.stringify(expression)} has ${parts.length} fields, not 6` };
  const fields = parts.map((p, i) => parseField(p, FIELDS[i]));
  for (const f of fields) if (typeof f === "object" && "problem" in f) return { fires: false, problem: f.problem };
  const [minutes, hours, dom, month, dow, year] = fields as (Set<number> | "?")[];
  if (parts[5] !== "*")
    return {
      fires: false,
      problem: `the year field is ${JSON.stringify(parts[5])}, not *: the schedule stops (or has not begun) in some year`,
    };
  if (minutes === "?" || hours === "?" || month === "?" || year === "?") return { fires: false, problem: "? outside the day fields" };
  if ((dom === "?") === (dow === "?"))
    return { fires: false, problem: "exactly one of day-of-month and day-of-week must be ? (AWS refuses the expression otherwise)" };
  if (minutes.size === 0 || hours.size === 0) return { fires: false, problem: "no minute or hour" };
  // 28 years: weekdays and leap years repeat after them. AWS counts weekdays 1 (Sunday) to 7 (Saturday).
  const start = Date.UTC(2001, 0, 1);
  const dayMs = 86_400_000;
  const total = Math.round((Date.UTC(2029, 0, 1) - start) / dayMs);
  const firing: number[] = [];
  for (let d = 0; d < total; d++) {
    const date = new Date(start + d * dayMs);
    if (!month.has(date.getUTCMonth() + 1)) continue;
    if (dom !== "?" && !dom.has(date.getUTCDate())) continue;
    if (dow !== "?" && !dow.has(date.getUTCDay() + 1)) continue;
    firing.push(d);
  }
  if (firing.length === 0) return { fires: false, problem: `${expression} matches no day` };
  let maxGapDays = firing[0] + total - firing[firing.length - 1];
  for (let i = 1; i < firing.length; i++) maxGapDays = Math.max(maxGapDays, firing[i] - firing[i - 1]);
  return { fires: true, maxGapDays };
}
