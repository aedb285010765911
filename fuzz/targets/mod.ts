/**
 * Every fuzz target, in the order `make fuzz` runs them.
 * @module
 */
import type { FuzzTarget } from "../target.ts";
import type { Corpus } from "../corpus.ts";
import { SeedPool } from "../generate.ts";
import { wordsTarget } from "./words.ts";
import { protocolReaderTarget } from "./protocol_reader.ts";
import { pushTarget } from "./push.ts";
import { clientReplyTarget } from "./client_reply.ts";
import { sockMessagesTarget } from "./sock_messages.ts";
import { driverMirrorTarget } from "./driver_mirror.ts";
import {
  nutConfTarget,
  upsConfTarget,
  upsdConfTarget,
  upsdUsersTarget,
  upsmonConfTarget,
  upsschedConfTarget,
} from "./config.ts";
import { devFileTarget } from "./dev_file.ts";
import { schedProtocolTarget } from "./sched_protocol.ts";

/** The targets. */
export const TARGETS: readonly FuzzTarget[] = [
  wordsTarget,
  protocolReaderTarget,
  pushTarget,
  clientReplyTarget,
  sockMessagesTarget,
  driverMirrorTarget,
  upsConfTarget,
  upsdConfTarget,
  upsdUsersTarget,
  upsmonConfTarget,
  upsschedConfTarget,
  nutConfTarget,
  devFileTarget,
  schedProtocolTarget,
];

/**
 * Every target's seeds in one pool, for the foreign lines spliced into another target's inputs.
 * @param corpus the corpus
 * @returns the pool
 */
export function foreignSeeds(corpus: Corpus): SeedPool {
  return new SeedPool(TARGETS.flatMap((t) => t.seeds(corpus)));
}
