/**
 * Target `drivers/dev_file`: dummy-ups' `.dev`/`.seq` parser (lib/drivers/dummy_ups/dev_file.ts), seeded
 * with every device dump of the corpus. Problems are skipped lines, never errors. Properties: values are
 * at most 127 characters, TIMER seconds are integers C's atoi could return, line numbers grow.
 * @module
 */
import { type FuzzTarget, NO_TYPED_ERRORS } from "../target.ts";
import { literalsOf } from "../corpus.ts";
import { check } from "../property.ts";
import { type DevFile, MAX_DEV_VALUE_LENGTH, parseDevFile } from "../../lib/drivers/dummy_ups/dev_file.ts";
import { checkPlainData } from "./config.ts";

/** The `.dev`/`.seq` parser. */
export const devFileTarget: FuzzTarget<DevFile> = {
  name: "drivers/dev_file",
  subject: "lib/drivers/dummy_ups/dev_file.ts",
  unicode: true,
  dictionary: [
    "TIMER",
    "TIMER 5",
    "ALARM",
    "ups.status:",
    "ups.status: OB LB",
    "driver.name:",
    "battery.charge:",
    ":",
    ": ",
  ],
  seeds(corpus) {
    return [corpus.devFiles, literalsOf(corpus, "drivers")];
  },
  parse: parseDevFile,
  check(_input, f) {
    checkPlainData(f);
    let last = 0;
    for (const i of f.instructions) {
      check(`line numbers grow (${i.line} after ${last})`, i.line >= last);
      last = i.line;
      if (i.kind === "set") {
        check("a value is at most 127 characters", i.value.length <= MAX_DEV_VALUE_LENGTH);
      }
      if (i.kind === "alarm") {
        check("an alarm is at most 127 characters", i.message.length <= MAX_DEV_VALUE_LENGTH);
      }
      if (i.kind === "timer") {
        check(
          `TIMER ${i.seconds} is a 32-bit integer`,
          Number.isInteger(i.seconds) && Math.abs(i.seconds) <= 2 ** 31,
        );
      }
    }
  },
  isTyped: NO_TYPED_ERRORS,
};
