/**
 * Making a FIFO (named pipe) for tests of what a program does when a path it reads names one.
 * @module
 */

/**
 * Creates a FIFO with `mkfifo` (Deno has no call for it).
 * @param path where
 * @throws {Error} naming the path when mkfifo fails
 */
export async function makeFifo(path: string): Promise<void> {
  const r = await new Deno.Command("mkfifo", { args: ["-m", "0644", path], stdout: "null", stderr: "piped" })
    .output();
  if (!r.success) throw new Error(`mkfifo ${path}: ${new TextDecoder().decode(r.stderr).trim()}`);
}
