/**
 * The closed vocabulary of error words of the network protocol (docs/net-protocol.txt, "Error responses"),
 * and the error clients raise when a server answers `ERR <word>`.
 * @module
 */

/** Every error word a NUT server may send. */
export const NUT_ERRORS = [
  "ACCESS-DENIED",
  "UNKNOWN-UPS",
  "VAR-NOT-SUPPORTED",
  "CMD-NOT-SUPPORTED",
  "INVALID-ARGUMENT",
  "INSTCMD-FAILED",
  "SET-FAILED",
  "READONLY",
  "TOO-LONG",
  "FEATURE-NOT-SUPPORTED",
  "FEATURE-NOT-CONFIGURED",
  "ALREADY-SSL-MODE",
  "DRIVER-NOT-CONNECTED",
  "DATA-STALE",
  "ALREADY-LOGGED-IN",
  "INVALID-PASSWORD",
  "ALREADY-SET-PASSWORD",
  "INVALID-USERNAME",
  "ALREADY-SET-USERNAME",
  "USERNAME-REQUIRED",
  "PASSWORD-REQUIRED",
  "UNKNOWN-COMMAND",
  "INVALID-VALUE",
] as const;

/** An error word. */
export type NutErrorCode = (typeof NUT_ERRORS)[number];

/**
 * Whether a word is one of NUT's error words.
 * @param word the word
 * @returns true when known
 */
export function isNutErrorCode(word: string): word is NutErrorCode {
  return (NUT_ERRORS as readonly string[]).includes(word);
}

/**
 * The text NUT's client library prints for an error word (its upsd error table mapped to its message
 * table): words the library does not map, such as INVALID-ARGUMENT, read "Unknown error".
 */
export const NUT_ERROR_TEXT: Readonly<Record<string, string>> = {
  "VAR-NOT-SUPPORTED": "Variable not supported by UPS",
  "UNKNOWN-UPS": "Unknown UPS",
  "ACCESS-DENIED": "Access denied",
  "PASSWORD-REQUIRED": "Password required",
  "PASSWORD-INCORRECT": "Password incorrect",
  "MISSING-ARGUMENT": "Missing argument",
  "DATA-STALE": "Data stale",
  "VAR-UNKNOWN": "Variable unknown",
  "ALREADY-LOGGED-IN": "Already logged in",
  "ALREADY-SET-PASSWORD": "Already set password",
  "UNKNOWN-TYPE": "Unknown variable type",
  "UNKNOWN-VAR": "Unknown variable",
  "READONLY": "Read-only variable",
  "TOO-LONG": "New value is too long",
  "INVALID-VALUE": "Invalid value for variable",
  "SET-FAILED": "Set command failed",
  "UNKNOWN-INSTCMD": "Unknown instant command",
  "INSTCMD-FAILED": "Instant command failed",
  "CMD-NOT-SUPPORTED": "Instant command not supported",
  "INVALID-USERNAME": "Invalid username",
  "ALREADY-SET-USERNAME": "Already set username",
  "UNKNOWN-COMMAND": "Unknown command",
  "INVALID-PASSWORD": "Invalid password",
  "USERNAME-REQUIRED": "Username required",
  "DRIVER-NOT-CONNECTED": "Driver not connected",
};

/**
 * The client-side text of an error word.
 * @param code the word after ERR
 * @returns NUT's client text, "Unknown error" for words it does not map
 */
export function nutErrorText(code: string): string {
  // Own keys only: `ERR constructor` must not read Object.prototype.constructor.
  return Object.hasOwn(NUT_ERROR_TEXT, code) ? NUT_ERROR_TEXT[code] : "Unknown error";
}

/** A server's `ERR <code> [extra...]` answer, raised by clients. */
export class NutError extends Error {
  /**
   * @param code the error word (kept as sent, even if unknown)
   * @param extra further words after the code
   */
  constructor(readonly code: string, readonly extra: readonly string[] = []) {
    super(nutErrorText(code));
    this.name = "NutError";
  }
}
