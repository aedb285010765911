/**
 * POWERDOWNFLAG: the file upsmon writes when it shuts the host down, holding NUT's magic text, so that
 * the late shutdown script knows to power the UPS off (`upsmon -K`, then `upsdrvctl shutdown`). upsmon
 * removes it at start-up, but only when it holds the magic text (a file with other content is never
 * touched: a bad POWERDOWNFLAG setting must not destroy an unrelated file).
 * @module
 */
import { readFileHead } from "../os/read_bounded.ts";
import { expectKind, FileKindError } from "../os/open_regular.ts";

/** The content NUT's upsmon writes (SDMAGIC). */
export const SDMAGIC = "upsmon-shutdown-file";

/** What the flag file says. */
export type FlagStatus = "absent" | "set" | "foreign";

/**
 * Reads the flag file (only a regular file is opened: a FIFO there would block `upsmon -K` in the late
 * shutdown).
 * @param path the file
 * @returns "set" when it starts with the magic text, "foreign" when it holds something else or is not a
 * regular file, "absent"
 */
export async function powerDownFlagStatus(path: string): Promise<FlagStatus> {
  let head: Uint8Array;
  try {
    head = await readFileHead(path, SDMAGIC.length);
  } catch (e) {
    // Not a file upsmon wrote; a file that cannot be opened is as good as none (as before: open failed).
    return e instanceof FileKindError ? "foreign" : "absent";
  }
  return new TextDecoder().decode(head) === SDMAGIC ? "set" : "foreign";
}

/**
 * Writes the flag file (mode 0644, the magic text without a newline, as NUT). Something other than a
 * regular file at the path is refused before it is opened (a FIFO would block the shutdown).
 * @param path the file
 * @throws {FileKindError} when the path names something other than a regular file
 */
export async function writePowerDownFlag(path: string): Promise<void> {
  try {
    await expectKind(path, "regular file");
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  await Deno.writeTextFile(path, SDMAGIC, { mode: 0o644 });
}

/**
 * Removes the flag file left by a previous shutdown, if it is ours.
 * @param path the file
 * @returns what was found ("foreign": left alone, and the setting should be disabled)
 */
export async function clearPowerDownFlag(path: string): Promise<FlagStatus> {
  const status = await powerDownFlagStatus(path);
  if (status === "set") await Deno.remove(path).catch(() => {});
  return status;
}
