/**
 * Collects what upsrw shows about a writable variable: description, type, and what the type calls for
 * (value, enumeration, ranges). The queries follow NUT's upsrw; each failure is kept, not thrown, so the
 * formatter can stop where NUT stops.
 * @module
 */
import { NutError } from "../../protocol/errors.ts";
import { ClientError } from "../errors.ts";
import type { NutClient } from "../client.ts";
import { planRwType, type RwVariableInfo } from "./upsrw_format.ts";

async function attempt<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof NutError || e instanceof ClientError) return undefined;
    throw e;
  }
}

async function listOrError<T>(p: Promise<T[]>): Promise<T[] | { error: string }> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof NutError || e instanceof ClientError) return { error: e.message };
    throw e;
  }
}

/**
 * Asks the server about one variable.
 * @param client the connection
 * @param ups device name
 * @param name variable name
 * @returns what was learned
 */
export async function fetchRwVariable(client: NutClient, ups: string, name: string): Promise<RwVariableInfo> {
  const info: RwVariableInfo = { name };
  info.description = await attempt(client.getDesc(ups, name));
  const typeWords = await attempt(client.get(["TYPE", ups, name]));
  if (typeWords === undefined) return info;
  info.type = typeWords.slice(3);
  const { presentation } = planRwType(info.type);
  if (presentation.kind === "none") return info;
  info.value = await attempt(client.getVar(ups, name));
  if (info.value === undefined) return info;
  if (presentation.kind === "enum") info.enumValues = await listOrError(client.listEnum(ups, name));
  if (presentation.kind === "range") info.ranges = await listOrError(client.listRange(ups, name));
  return info;
}
