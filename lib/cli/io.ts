/**
 * Program output: stdout and stderr writes for commands (the lint rule no-console keeps every other
 * module free of printing).
 * @module
 */

const encoder = new TextEncoder();

/** Where a command writes; injectable so tests capture output in-process. */
export interface Output {
  /** Writes text to standard output. */
  out(text: string): void;
  /** Writes text to standard error. */
  err(text: string): void;
}

function writeAll(file: { writeSync(p: Uint8Array): number }, text: string): void {
  const data = encoder.encode(text);
  let off = 0;
  while (off < data.length) off += file.writeSync(data.subarray(off));
}

/** The process's stdout/stderr. Broken pipes (e.g. `upsc ... | head`) are ignored. */
export const stdio: Output = {
  out(text) {
    try {
      writeAll(Deno.stdout, text);
    } catch (e) {
      if (!(e instanceof Deno.errors.BrokenPipe)) throw e;
    }
  },
  err(text) {
    try {
      writeAll(Deno.stderr, text);
    } catch {
      // stderr gone: nothing else to tell
    }
  },
};

/** An Output that records what is written (tests). */
export class CapturedOutput implements Output {
  /** Everything written to stdout. */
  stdout = "";
  /** Everything written to stderr. */
  stderr = "";
  /** @inheritdoc */
  out(text: string): void {
    this.stdout += text;
  }
  /** @inheritdoc */
  err(text: string): void {
    this.stderr += text;
  }
}
