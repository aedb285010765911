/**
 * Errors and warnings of config files, always naming file:line.
 * @module
 */

/** A warning about a config line (unknown directive, deprecated form): reported, never fatal. */
export interface ConfigWarning {
  /** The file. */
  file: string;
  /** 1-based line number. */
  line: number;
  /** What is wrong and what was expected. */
  message: string;
}

/** A fatal config error. Its message reads `file:line: what was expected`. */
export class ConfigError extends SyntaxError {
  /**
   * @param file the file
   * @param line 1-based line (0 when the problem is the whole file)
   * @param detail what is wrong and what was expected
   */
  constructor(readonly file: string, readonly line: number, readonly detail: string) {
    super(line > 0 ? `${file}:${line}: ${detail}` : `${file}: ${detail}`);
    this.name = "ConfigError";
  }
}

/**
 * Formats a warning as `file:line: message`.
 * @param w the warning
 * @returns the text
 */
export function formatWarning(w: ConfigWarning): string {
  return `${w.file}:${w.line}: ${w.message}`;
}

/** Values NUT accepts as true / false. */
const TRUE = new Set(["true", "yes", "on", "1"]);
const FALSE = new Set(["false", "no", "off", "0"]);

/**
 * Reads a NUT boolean ('true', 'yes', 'on', '1' / 'false', 'no', 'off', '0', any case).
 * @param value the text
 * @returns the boolean, or undefined when it is neither
 */
export function parseBoolean(value: string): boolean | undefined {
  const v = value.toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return undefined;
}

/**
 * Reads a decimal integer strictly (no trailing garbage).
 * @param value the text
 * @returns the number, or undefined when not an integer
 */
export function parseInteger(value: string): number | undefined {
  if (!/^[-+]?\d+$/.test(value.trim())) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}
