/**
 * Device state model: variables with flags, enums and ranges, instant commands, staleness, and the
 * status transaction.
 * @module
 */
export * from "./types.ts";
export * from "./names.ts";
export * from "./sorted_map.ts";
export * from "./device_state.ts";
export * from "./status.ts";
export * from "./status_text.ts";
