/**
 * POWERDOWNFLAG: the file upsmon writes when it shuts the host down, holding NUT's magic text, so that
 * the late shutdown script knows to power the UPS off (`upsmon -K`, then `upsdrvctl shutdown`). upsmon
 * removes it at start-up, but only when it holds the magic text (a file with other content is never
 * touched: a bad POWERDOWNFLAG setting must not destroy an unrelated file).
 * @module
 */

/** The content NUT's upsmon writes (SDMAGIC). */
export const SDMAGIC = "upsmon-shutdown-file";

/** What the flag file says. */
export type FlagStatus = "absent" | "set" | "foreign";

/**
 * Reads the flag file.
 * @param path the file
 * @returns "set" when it starts with the magic text, "foreign" when it holds something else, "absent"
 */
export async function powerDownFlagStatus(path: string): Promise<FlagStatus> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch {
    return "absent";
  }
  try {
    const buf = new Uint8Array(SDMAGIC.length);
    let got = 0;
    while (got < buf.length) {
      const n = await file.read(buf.subarray(got));
      if (n === null) break;
      got += n;
    }
    return new TextDecoder().decode(buf.subarray(0, got)) === SDMAGIC ? "set" : "foreign";
  } catch {
    return "foreign";
  } finally {
    file.close();
  }
}

/**
 * Writes the flag file (mode 0644, the magic text without a newline, as NUT).
 * @param path the file
 */
export async function writePowerDownFlag(path: string): Promise<void> {
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
