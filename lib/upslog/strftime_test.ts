import { assertEquals } from "../testing/asserts.ts";
import { type BrokenDownTime, strftime } from "./strftime.ts";

/** Sunday 2023-01-01 00:07:09 UTC (epoch 1672531629): ISO week 52 of 2022. */
const NEW_YEAR: BrokenDownTime = {
  year: 2023,
  month: 0,
  day: 1,
  hours: 0,
  minutes: 7,
  seconds: 9,
  weekday: 0,
  yearDay: 0,
  offsetMinutes: 0,
  zone: "UTC",
  epoch: 1672531629,
};

/** Tuesday 2024-12-31 13:45:00 at UTC-05:30. */
const LEAP_END: BrokenDownTime = {
  year: 2024,
  month: 11,
  day: 31,
  hours: 13,
  minutes: 45,
  seconds: 0,
  weekday: 2,
  yearDay: 365,
  offsetMinutes: -330,
  zone: "XST",
  epoch: 1735674300,
};

Deno.test({
  name: "strftime() formats every C-locale conversion as glibc does",
  permissions: "none",
  fn() {
    const cases: [string, BrokenDownTime, string][] = [
      ["%Y%m%d %H%M%S", NEW_YEAR, "20230101 000709"],
      ["%a %A %b %B %h", NEW_YEAR, "Sun Sunday Jan January Jan"],
      ["%c", NEW_YEAR, "Sun Jan  1 00:07:09 2023"],
      ["%C %y %e %j %k %l %I %p %P", NEW_YEAR, "20 23  1 001  0 12 12 AM am"],
      ["%D %F %R %T %r %x %X", NEW_YEAR, "01/01/23 2023-01-01 00:07 00:07:09 12:07:09 AM 01/01/23 00:07:09"],
      ["%G %g %V %U %W %u %w", NEW_YEAR, "2022 22 52 01 00 7 0"],
      ["%s %z %Z %% %n%t", NEW_YEAR, "1672531629 +0000 UTC % \n\t"],
      ["%G-W%V-%u %U %W %j", LEAP_END, "2025-W01-2 52 53 366"],
      ["%I:%M %p %z %Z", LEAP_END, "01:45 PM -0530 XST"],
    ];
    for (const [format, t, expected] of cases) assertEquals(strftime(format, t), expected, format);
  },
});

Deno.test({
  name: "strftime() honours glibc's flags, widths and E/O modifiers; unknown conversions stay",
  permissions: "none",
  fn() {
    assertEquals(strftime("%-d|%_m|%5Y|%^a|%#Z|%Ey|%Od|%Q|%", NEW_YEAR), "1| 1|02023|SUN|utc|23|01|%Q|%");
    assertEquals(strftime("%-H:%-M", LEAP_END), "13:45");
  },
});
