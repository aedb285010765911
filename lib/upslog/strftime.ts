/**
 * C's strftime() in the C/POSIX locale, for upslog's `%TIME format%` (pure apart from the time zone the
 * runtime reports). Every conversion of glibc is supported, with its flags (`_` `-` `0` `^` `#`), a field
 * width, and the E/O modifiers (ignored in the C locale); an unknown conversion is copied as written.
 * @module
 */

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** The broken-down local time strftime works on (C's struct tm). */
export interface BrokenDownTime {
  /** Year, e.g. 2024. */
  year: number;
  /** Month 0..11. */
  month: number;
  /** Day of month 1..31. */
  day: number;
  /** Hours 0..23. */
  hours: number;
  /** Minutes 0..59. */
  minutes: number;
  /** Seconds 0..60. */
  seconds: number;
  /** Day of week 0..6, Sunday = 0. */
  weekday: number;
  /** Day of year 0..365. */
  yearDay: number;
  /** Offset east of UTC, minutes. */
  offsetMinutes: number;
  /** Time zone abbreviation (%Z). */
  zone: string;
  /** Seconds since the epoch (%s). */
  epoch: number;
}

/**
 * The local broken-down time of a date, as localtime() gives it (the runtime's time zone, i.e. TZ).
 * @param date the time
 * @returns its parts
 */
export function localTime(date: Date): BrokenDownTime {
  const start = new Date(date.getFullYear(), 0, 1);
  const yearDay = Math.round(
    (Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) -
      Date.UTC(start.getFullYear(), 0, 1)) / 86_400_000,
  );
  return {
    year: date.getFullYear(),
    month: date.getMonth(),
    day: date.getDate(),
    hours: date.getHours(),
    minutes: date.getMinutes(),
    seconds: date.getSeconds(),
    weekday: date.getDay(),
    yearDay,
    offsetMinutes: -date.getTimezoneOffset(),
    zone: zoneAbbreviation(date),
    epoch: Math.floor(date.getTime() / 1000),
  };
}

function zoneAbbreviation(date: Date): string {
  try {
    const part = new Intl.DateTimeFormat("en-US", { timeZoneName: "short" })
      .formatToParts(date)
      .find((p) => p.type === "timeZoneName")?.value;
    if (part && part !== "GMT") return part;
    if (part === "GMT" && date.getTimezoneOffset() === 0) {
      const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
      return tz === "UTC" || tz === "Etc/UTC" ? "UTC" : "GMT";
    }
  } catch { /* no Intl data */ }
  return "";
}

/** ISO 8601 week-based year and week number. */
function isoWeek(t: BrokenDownTime): { year: number; week: number } {
  const isoWeekday = (t.weekday + 6) % 7; // Monday = 0
  const thursdayYearDay = t.yearDay - isoWeekday + 3;
  const daysIn = (y: number) => (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 366 : 365;
  if (thursdayYearDay < 0) {
    const prev = t.year - 1;
    const yd = thursdayYearDay + daysIn(prev);
    return { year: prev, week: Math.floor(yd / 7) + 1 };
  }
  if (thursdayYearDay >= daysIn(t.year)) return { year: t.year + 1, week: 1 };
  return { year: t.year, week: Math.floor(thursdayYearDay / 7) + 1 };
}

function pad(value: number, width: number, padChar: string): string {
  const neg = value < 0;
  const s = String(Math.abs(value)).padStart(width, padChar);
  return neg ? "-" + s : s;
}

/**
 * Formats a time with a strftime() format.
 * @param format the format (`%Y-%m-%d %H:%M:%S`, ...)
 * @param t the broken-down time
 * @returns the text
 * @example
 * ```ts
 * import { assertEquals } from "../testing/asserts.ts";
 * const t = { year: 2024, month: 1, day: 9, hours: 7, minutes: 5, seconds: 3, weekday: 5, yearDay: 39,
 *   offsetMinutes: 60, zone: "CET", epoch: 1707458703 };
 * assertEquals(strftime("%Y%m%d %H%M%S %a %b %e %Z %z %j", t), "20240209 070503 Fri Feb  9 CET +0100 040");
 * ```
 */
export function strftime(format: string, t: BrokenDownTime): string {
  let out = "";
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== "%") {
      out += c;
      continue;
    }
    const start = i;
    let flag = "";
    while ("_-0^#".includes(format[i + 1] ?? "x") && i + 1 < format.length) flag += format[++i];
    let widthText = "";
    while (/[0-9]/.test(format[i + 1] ?? "")) widthText += format[++i];
    if (format[i + 1] === "E" || format[i + 1] === "O") i++;
    const conv = format[++i];
    if (conv === undefined) {
      out += format.slice(start);
      break;
    }
    const text = convert(conv, t, flag, widthText === "" ? undefined : Number(widthText));
    out += text ?? format.slice(start, i + 1);
  }
  return out;
}

function convert(
  conv: string,
  t: BrokenDownTime,
  flags: string,
  width: number | undefined,
): string | undefined {
  const upper = flags.includes("^");
  const swap = flags.includes("#");
  const num = (value: number, digits: number, defPad: "0" | " " = "0") => {
    let p: string = defPad;
    if (flags.includes("_")) p = " ";
    if (flags.includes("0")) p = "0";
    if (flags.includes("-")) return String(value);
    return pad(value, width ?? digits, p);
  };
  const str = (s: string, swapToLower = false) => {
    let v = s;
    if (upper) v = v.toUpperCase();
    else if (swap) v = swapToLower ? v.toLowerCase() : v.toUpperCase();
    if (width !== undefined && v.length < width) v = v.padStart(width, flags.includes("0") ? "0" : " ");
    return v;
  };
  const hour12 = t.hours % 12 === 0 ? 12 : t.hours % 12;
  const sub = (f: string) => str(strftime(f, t));
  switch (conv) {
    case "a":
      return str(DAYS[t.weekday].slice(0, 3));
    case "A":
      return str(DAYS[t.weekday]);
    case "b":
    case "h":
      return str(MONTHS[t.month].slice(0, 3));
    case "B":
      return str(MONTHS[t.month]);
    case "c":
      return sub("%a %b %e %H:%M:%S %Y");
    case "C":
      return num(Math.floor(t.year / 100), 2);
    case "d":
      return num(t.day, 2);
    case "D":
      return sub("%m/%d/%y");
    case "e":
      return num(t.day, 2, " ");
    case "F":
      return sub("%Y-%m-%d");
    case "G":
      return num(isoWeek(t).year, 1);
    case "g":
      return num(((isoWeek(t).year % 100) + 100) % 100, 2);
    case "H":
      return num(t.hours, 2);
    case "I":
      return num(hour12, 2);
    case "j":
      return num(t.yearDay + 1, 3);
    case "k":
      return num(t.hours, 2, " ");
    case "l":
      return num(hour12, 2, " ");
    case "m":
      return num(t.month + 1, 2);
    case "M":
      return num(t.minutes, 2);
    case "n":
      return "\n";
    case "p":
      return str(t.hours < 12 ? "AM" : "PM", true);
    case "P":
      return str(t.hours < 12 ? "am" : "pm");
    case "r":
      return sub("%I:%M:%S %p");
    case "R":
      return sub("%H:%M");
    case "s":
      return num(t.epoch, 1);
    case "S":
      return num(t.seconds, 2);
    case "t":
      return "\t";
    case "T":
      return sub("%H:%M:%S");
    case "u":
      return num(t.weekday === 0 ? 7 : t.weekday, 1);
    case "U":
      return num(Math.floor((t.yearDay + 7 - t.weekday) / 7), 2);
    case "V":
      return num(isoWeek(t).week, 2);
    case "w":
      return num(t.weekday, 1);
    case "W":
      return num(Math.floor((t.yearDay + 7 - ((t.weekday + 6) % 7)) / 7), 2);
    case "x":
      return sub("%m/%d/%y");
    case "X":
      return sub("%H:%M:%S");
    case "y":
      return num(((t.year % 100) + 100) % 100, 2);
    case "Y":
      return num(t.year, 1);
    case "z": {
      const off = Math.abs(t.offsetMinutes);
      return `${t.offsetMinutes < 0 ? "-" : "+"}${pad(Math.floor(off / 60), 2, "0")}${pad(off % 60, 2, "0")}`;
    }
    case "Z":
      return str(t.zone, true);
    case "%":
      return "%";
    default:
      return undefined;
  }
}
