/**
 * Builds tests/rigs/modem_lines.c (fake modem lines for ptys) once per source version, into the temp
 * folder, and sets the lines a test's "UPS" asserts.
 * @module
 */

/**
 * The shim library, compiled when needed.
 * @returns its path, or a reason it cannot be built here (no C compiler)
 */
export async function modemLinesLibrary(): Promise<{ path: string } | { missing: string }> {
  const src = new URL("./modem_lines.c", import.meta.url).pathname;
  const text = await Deno.readFile(src);
  const hash = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", text)).subarray(0, 6))
    .map((b) => b.toString(16).padStart(2, "0")).join("");
  const path = `${Deno.env.get("TMPDIR") ?? "/tmp"}/nut-ts-modem-lines-${hash}.so`;
  try {
    await Deno.stat(path);
    return { path };
  } catch { /* build it */ }
  const tmp = `${path}.${Deno.pid}`;
  try {
    const out = await new Deno.Command("cc", {
      args: ["-shared", "-fPIC", "-O2", "-o", tmp, src, "-ldl"],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) return { missing: `cc failed: ${new TextDecoder().decode(out.stderr).slice(0, 400)}` };
    await Deno.rename(tmp, path);
    return { path };
  } catch (e) {
    return { missing: `no C compiler to build tests/rigs/modem_lines.c (${(e as Error).message})` };
  }
}

/**
 * The lines file of one port when $MODEMLINES is a folder (each port its own UPS).
 * @param dir the $MODEMLINES folder
 * @param port the port's path (e.g. /dev/pts/3)
 * @returns the file to give {@linkcode setModemInputs} and {@linkcode modemOutputs}
 */
export function portLinesFile(dir: string, port: string): string {
  return `${dir}/${port.replaceAll("/", "_")}`;
}

/**
 * Sets the input lines the emulated UPS asserts.
 * @param file the $MODEMLINES file
 * @param lines e.g. ["CTS", "DCD"] (empty: none)
 */
export async function setModemInputs(file: string, lines: readonly string[]): Promise<void> {
  await Deno.writeTextFile(`${file}.tmp`, lines.join(" ") + "\n");
  await Deno.rename(`${file}.tmp`, file);
}

/**
 * The output lines the driver set.
 * @param file the $MODEMLINES file
 * @returns e.g. ["DTR"]
 */
export async function modemOutputs(file: string): Promise<string[]> {
  const text = await Deno.readTextFile(`${file}.out`).catch(() => "");
  return text.split(/\s+/).filter(Boolean);
}
