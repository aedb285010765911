/**
 * Transcripts built from the corpus with the project's own formatters: the requests a client sends, the
 * replies a server sends and the lines a driver sends about each real device dump. Seeds for the targets
 * that read the wire (folder-private).
 * @module
 */
import type { Corpus } from "../corpus.ts";
import { parseDevFile } from "../../lib/drivers/dummy_ups/dev_file.ts";
import { formatRequest } from "../../lib/protocol/request.ts";
import {
  formatCmdLine,
  formatDescLine,
  formatEnumLine,
  formatErrorLine,
  formatNumLoginsLine,
  formatRangeLine,
  formatTypeLine,
  formatUpsDescLine,
  formatUpsLine,
  formatVarLine,
} from "../../lib/protocol/reply.ts";
import { NUT_ERRORS } from "../../lib/protocol/errors.ts";
import { formatPushAccepted, formatPushMessage } from "../../lib/protocol/push.ts";
import { formatDriverMessage } from "../../lib/sock/messages.ts";

/** A device dump's variables, in file order. */
function devVars(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const i of parseDevFile(text).instructions) {
    if (i.kind === "set") out.push([i.name, i.value]);
    else if (i.kind === "status") out.push(["ups.status", i.words.join(" ")]);
  }
  return out;
}

/** Commands every transcript mentions. */
const COMMANDS = ["beeper.disable", "load.off", "shutdown.return", "test.battery.start"];

/**
 * A client session per device dump: greetings, login, LIST and GET of each variable, SET, INSTCMD, push.
 * @param corpus the corpus
 * @returns one transcript per dump
 */
export function requestTranscripts(corpus: Corpus): string[] {
  return corpus.devFiles.map((text, n) => {
    const ups = `ups${n}`;
    const lines = [
      "VER",
      "NETVER",
      "HELP",
      "STARTTLS",
      formatRequest({ kind: "USERNAME", verb: "USERNAME", username: "admin" }),
      formatRequest({ kind: "PASSWORD", verb: "PASSWORD", password: 'p#ss "word"' }),
      formatRequest({ kind: "LOGIN", verb: "LOGIN", ups }),
      formatRequest({ kind: "LIST_UPS", verb: "LIST" }),
      formatRequest({ kind: "LIST_VAR", verb: "LIST", ups }),
      formatRequest({ kind: "LIST_RW", verb: "LIST", ups }),
      formatRequest({ kind: "LIST_CMD", verb: "LIST", ups }),
      formatRequest({ kind: "LIST_CLIENT", verb: "LIST", ups }),
      formatRequest({ kind: "GET_NUMLOGINS", verb: "GET", ups }),
      formatRequest({ kind: "GET_UPSDESC", verb: "GET", ups }),
      formatRequest({ kind: "SET_TRACKING", verb: "SET", enabled: true }),
      formatRequest({ kind: "PUSH_STATUS", verb: "X-PUSH", ups }),
    ];
    for (const [name, value] of devVars(text)) {
      lines.push(formatRequest({ kind: "GET_VAR", verb: "GET", ups, name }));
      if (name.length % 3 === 0) lines.push(formatRequest({ kind: "GET_TYPE", verb: "GET", ups, name }));
      if (name.length % 3 === 1) lines.push(formatRequest({ kind: "GET_DESC", verb: "GET", ups, name }));
      if (name.length % 5 === 0) {
        lines.push(formatRequest({ kind: "SET_VAR", verb: "SET", ups, name, value }));
      }
      if (name.length % 7 === 0) lines.push(formatRequest({ kind: "LIST_ENUM", verb: "LIST", ups, name }));
      if (name.length % 7 === 1) lines.push(formatRequest({ kind: "LIST_RANGE", verb: "LIST", ups, name }));
    }
    for (const name of COMMANDS) {
      lines.push(formatRequest({ kind: "INSTCMD", verb: "INSTCMD", ups, name }));
      lines.push(formatRequest({ kind: "GET_CMDDESC", verb: "GET", ups, name }));
    }
    lines.push(formatRequest({ kind: "INSTCMD", verb: "INSTCMD", ups, name: "load.off.delay", param: "30" }));
    lines.push(
      formatRequest({ kind: "GET_TRACKING", verb: "GET", id: "1bd31808-cb49-4aec-9d75-d056e6f018d2" }),
    );
    lines.push(formatRequest({ kind: "PRIMARY", verb: "PRIMARY", ups }));
    lines.push(formatRequest({ kind: "FSD", verb: "FSD", ups }));
    lines.push("LOGOUT");
    return lines.join("\n") + "\n";
  });
}

/**
 * A server's replies per device dump: LIST blocks, GET answers, TYPE, DESC, errors, pushed lines.
 * @param corpus the corpus
 * @returns one transcript per dump
 */
export function replyTranscripts(corpus: Corpus): string[] {
  return corpus.devFiles.map((text, n) => {
    const ups = `ups${n}`;
    const vars = devVars(text);
    const lines = [
      "Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/",
      "1.3",
      "OK",
      "OK Goodbye",
      "OK STARTTLS",
      "OK TRACKING 1bd31808-cb49-4aec-9d75-d056e6f018d2",
      "PENDING",
      "SUCCESS",
      "BEGIN LIST UPS",
      formatUpsLine(ups, "Rack 1"),
      "END LIST UPS",
      `BEGIN LIST VAR ${ups}`,
      ...vars.map(([name, value]) => formatVarLine("VAR", ups, name, value)),
      `END LIST VAR ${ups}`,
      `BEGIN LIST RW ${ups}`,
      ...vars.filter(([name]) => name.length % 4 === 0).map(([name, value]) =>
        formatVarLine("RW", ups, name, value)
      ),
      `END LIST RW ${ups}`,
      `BEGIN LIST CMD ${ups}`,
      ...COMMANDS.map((c) => formatCmdLine(ups, c)),
      `END LIST CMD ${ups}`,
      `BEGIN LIST ENUM ${ups} input.transfer.low`,
      formatEnumLine(ups, "input.transfer.low", "88"),
      formatEnumLine(ups, "input.transfer.low", "103"),
      `END LIST ENUM ${ups} input.transfer.low`,
      `BEGIN LIST RANGE ${ups} input.transfer.high`,
      formatRangeLine(ups, "input.transfer.high", 130, 150),
      `END LIST RANGE ${ups} input.transfer.high`,
      `BEGIN LIST CLIENT ${ups}`,
      `CLIENT ${ups} 127.0.0.1`,
      `END LIST CLIENT ${ups}`,
      formatNumLoginsLine(ups, 2),
      formatUpsDescLine(ups, 'Rack 1 "left"'),
      formatTypeLine(ups, "ups.id", ["RW", "STRING:32"]),
      formatTypeLine(ups, "input.transfer.low", ["RW", "ENUM"]),
      formatTypeLine(ups, "input.transfer.high", ["RW", "RANGE", "NUMBER"]),
      formatDescLine("DESC", ups, "ups.status", "UPS status"),
      formatDescLine("CMDDESC", ups, "load.off", "Turn off the load immediately"),
      formatPushAccepted(ups),
      formatPushMessage({ kind: "STATUS", ups, status: "OB LB" }),
      formatPushMessage({ kind: "STATUS", ups, status: "OL ALARM", alarm: "Replace battery!" }),
      formatPushMessage({ kind: "ERR", ups, code: "DATA-STALE" }),
      ...NUT_ERRORS.filter((_e, i) => i % 4 === n % 4).map((e) => formatErrorLine(e)),
    ];
    for (const [name, value] of vars.slice(0, 8)) lines.push(formatVarLine("VAR", ups, name, value));
    return lines.join("\n") + "\n";
  });
}

/**
 * A driver's answer to DUMPALL per device dump, followed by later updates; the recorded `.dumpall`
 * transcripts are added as they are.
 * @param corpus the corpus
 * @returns transcripts
 */
export function driverTranscripts(corpus: Corpus): string[] {
  const made = corpus.devFiles.map((text) => {
    const lines = ["DATASTALE"];
    for (const [name, value] of devVars(text)) {
      lines.push(formatDriverMessage({ kind: "SETINFO", name, value }));
      if (name.length % 4 === 0) {
        lines.push(formatDriverMessage({ kind: "SETFLAGS", name, flags: ["RW", "STRING"] }));
        lines.push(formatDriverMessage({ kind: "SETAUX", name, aux: name.length }));
      }
      if (name.length % 6 === 0) lines.push(formatDriverMessage({ kind: "ADDENUM", name, value }));
      if (name.length % 6 === 1) {
        lines.push(formatDriverMessage({ kind: "ADDRANGE", name, min: 0, max: 100 }));
      }
    }
    for (const name of COMMANDS) lines.push(formatDriverMessage({ kind: "ADDCMD", name }));
    lines.push("DATAOK", "DUMPDONE", "PONG", "TRACKING 1bd31808 0", 'SETINFO ups.status "OB LB"');
    lines.push("DELINFO battery.charge", "DELCMD load.off", "DATASTALE", "DATAOK", "PID 4242", "OK Goodbye");
    return lines.join("\n") + "\n";
  });
  return [...corpus.dumps, ...made];
}
