#!/usr/bin/python3
"""An emulated USB HID UPS for programs that use libusb-1.0, through umockdev (test rig, no hardware).

The device is built from a real HID report descriptor and recorded GET_REPORT answers. The program under
test runs as a child of this handler, which answers the usbfs ioctls of its device node:

  umockdev-wrapper /usr/bin/python3 usb_hid_ups.py [options] -- PROGRAM [ARGS...]

Options:
  --descriptor FILE    report descriptor, hex bytes ('#' starts a comment) (*.rdesc.hex)
  --reports FILE       'get <hex>' lines: GET_REPORT answers, first byte = report id (*.reports.txt)
  --vid HEX --pid HEX --bcd HEX              idVendor, idProduct, bcdDevice (default 051d 0002 0100)
  --manufacturer TEXT --product TEXT --serial TEXT   the device's strings
  --imanufacturer N --iproduct N --iserial N  their string indexes (default 1 2 3)
  --string N=TEXT      another string descriptor (repeatable), e.g. 4=PbAc for a battery chemistry
  --packet-size N      wMaxPacketSize of the interrupt IN endpoint 0x81 (default 8)
  --events FILE        an events script (below), run on its own times
  --control FILE       events appended to this file while the rig runs are run at once (or at their 'at')
  --log FILE           one line per request of the program and per event (below)
  --max-seconds S      hard limit: the program is stopped after S seconds (default 300)
  --copies N           N identical devices (default 1); copy K > 0 is at port 1-<60+K>, its serial string
                       ends in "-K"; events and replugs are of the first device only (copies answer
                       GET/SET_REPORT and never change by themselves)

Events, one per line ('#' starts a comment), optionally prefixed with 'at SECONDS' (after the start):
  set HEX      the GET_REPORT answer of report HEX[0] becomes HEX
  int HEX      HEX is delivered to the next interrupt IN transfer (queued until the program reads)
  push HEX     set HEX, then int HEX (the device changes a value and announces it)
  stall ID     GET_REPORT of report ID (hex) fails with a stall until the next 'set' of it
  hang         the firmware hangs: control requests get no answer (the program's transfers time out)
               until 'unhang' or a USB reset (USBDEVFS_RESET) of the device
  unhang       it answers again
  unplug       the device leaves (udev remove); every later ioctl on its node fails with ENODEV
  replug       the device comes back under the next address and sysfs name (1-2, /dev/bus/usb/001/003)
  stop         the program is asked to stop (SIGTERM)

Log lines: '<seconds since start> <word> ...':
  plug <sysfs name> <node> / open <node> / close <node> / claim <n> / release <n> / reset
  get <id> <answer hex> | get <id> stall      GET_REPORT (input and feature alike)
  set <hex>                                   SET_REPORT (first byte = report id)
  string <n> / descriptor <device|config|report|hid>
  control <setup hex> stall                   a control request the device does not know
  int <hex>                                   interrupt IN data delivered
  event <the event line>                      an event run
  exit <code>                                 the program ended (128 + signal when killed)

The program runs in a process group of its own. The handler exits when the program exits (with its code;
what the program left in its group is killed), on SIGTERM/SIGINT and when its own parent dies (after
stopping the program's group: SIGTERM, SIGKILL 3 s later), and after --max-seconds (likewise).
"""
import ctypes
import errno
import os
import signal
import struct
import subprocess
import sys
import time

import gi

gi.require_version("UMockdev", "1.0")
from gi.repository import GLib, UMockdev  # noqa: E402

PR_SET_PDEATHSIG = 1


def die(msg):
    print("usb_hid_ups: " + msg, file=sys.stderr, flush=True)
    sys.exit(2)


def parse_argv(argv):
    if "--" not in argv:
        die("usage: usb_hid_ups.py [options] -- PROGRAM [ARGS...]")
    cut = argv.index("--")
    opts, program = argv[:cut], argv[cut + 1:]
    if not program:
        die("no program given after --")
    o = {"strings": {}}
    single = {"descriptor", "reports", "vid", "pid", "bcd", "manufacturer", "product", "serial",
              "imanufacturer", "iproduct", "iserial", "packet-size", "events", "control", "log",
              "max-seconds", "copies"}
    i = 0
    while i < len(opts):
        key = opts[i]
        if not key.startswith("--") or i + 1 >= len(opts):
            die("bad option %r" % key)
        name, value = key[2:], opts[i + 1]
        i += 2
        if name == "string":
            n, sep, text = value.partition("=")
            if not sep or not n.isdigit():
                die("--string wants N=TEXT, got %r" % value)
            o["strings"][int(n)] = text
        elif name in single:
            o[name] = value
        else:
            die("unknown option --%s" % name)
    if "descriptor" not in o:
        die("--descriptor is required")
    return o, program


def read_hex(path, word=None):
    """Hex byte strings of a file, one per line; with `word`, only the lines '<word> <hex>'."""
    out = []
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            if word is not None:
                head, _, rest = line.partition(" ")
                if head != word:
                    continue
                line = rest
            out.append(bytes.fromhex(line))
    return out


def hexs(data):
    return data.hex(" ")


class Device:
    """The USB identity and descriptors, and the report answers (changed by events and SET_REPORT)."""

    def __init__(self, o):
        self.rdesc = b"".join(read_hex(o["descriptor"]))
        self.reports = {}
        if "reports" in o:
            for r in read_hex(o["reports"], "get"):
                if r and r[0] not in self.reports:
                    self.reports[r[0]] = r
        self.stalled = set()
        self.vid = int(o.get("vid", "051d"), 16)
        self.pid = int(o.get("pid", "0002"), 16)
        self.bcd = int(o.get("bcd", "0100"), 16)
        self.strings = dict(o["strings"])
        index = {}
        for name, default in (("manufacturer", 1), ("product", 2), ("serial", 3)):
            n = int(o.get("i" + name, str(default)))
            if name in o:
                self.strings[n] = o[name]
                index[name] = n
            else:
                index[name] = n if n in self.strings else 0
        packet = int(o.get("packet-size", "8"))
        self.hid = bytes([9, 0x21, 0x00, 0x01, 0, 1, 0x22]) + struct.pack("<H", len(self.rdesc))
        interface = bytes([9, 4, 0, 0, 1, 3, 0, 0, 0])
        endpoint = bytes([7, 5, 0x81, 3]) + struct.pack("<H", packet) + bytes([10])
        body = interface + self.hid + endpoint
        self.config = bytes([9, 2]) + struct.pack("<H", 9 + len(body)) + bytes([1, 1, 0, 0xE0, 0]) + body
        self.device = (bytes([18, 1, 0x10, 0x01, 0, 0, 0, 8]) + struct.pack("<HHH", self.vid, self.pid, self.bcd)
                       + bytes([index["manufacturer"], index["product"], index["serial"], 1]))
        self.index = index

    def string(self, n):
        return self.strings.get(self.index.get(n, -1), "")

    def umockdev_record(self, port, devnum):
        """The umockdev description of the device at port 1-<port>, /dev/bus/usb/001/<devnum>."""
        sysfs = "/devices/pci0000:00/0000:00:14.0/usb1/1-%d" % port
        node = "bus/usb/001/%03d" % devnum
        blob = (self.device + self.config).hex().upper()  # umockdev reads upper-case hex only
        ids = "%x/%x/%x" % (self.vid, self.pid, self.bcd)
        lines = [
            "P: " + sysfs,
            "N: %s=%s" % (node, blob),
            "E: DEVNAME=/dev/" + node,
            "E: DEVTYPE=usb_device",
            "E: DRIVER=usb",
            "E: PRODUCT=" + ids,
            "E: TYPE=0/0/0",
            "E: BUSNUM=001",
            "E: DEVNUM=%03d" % devnum,
            "E: MAJOR=189",
            "E: MINOR=%d" % (devnum - 1),
            "E: SUBSYSTEM=usb",
            "E: ID_VENDOR_ID=%04x" % self.vid,
            "E: ID_MODEL_ID=%04x" % self.pid,
            "A: authorized=1",
            "A: bConfigurationValue=1",
            "A: bDeviceClass=00",
            "A: bDeviceProtocol=00",
            "A: bDeviceSubClass=00",
            "A: bMaxPacketSize0=8",
            "A: bMaxPower=0mA",
            "A: bNumConfigurations=1",
            "A: bNumInterfaces= 1",
            "A: bcdDevice=%04x" % self.bcd,
            "A: bmAttributes=e0",
            "A: busnum=1\\n",
            "A: devnum=%d\\n" % devnum,
            "A: devpath=%d" % port,
            "A: idProduct=%04x" % self.pid,
            "A: idVendor=%04x" % self.vid,
            "A: manufacturer=%s\\n" % self.string("manufacturer"),
            "A: product=%s\\n" % self.string("product"),
            "A: serial=%s\\n" % self.string("serial"),
            "A: speed=12",
            "A: version= 1.10",
            "H: descriptors=" + blob,
            "",
            "P: %s/1-%d:1.0" % (sysfs, port),
            "E: DEVTYPE=usb_interface",
            "E: DRIVER=usbhid",
            "E: PRODUCT=" + ids,
            "E: TYPE=0/0/0",
            "E: INTERFACE=3/0/0",
            "E: SUBSYSTEM=usb",
            "A: bAlternateSetting= 0",
            "A: bInterfaceClass=03",
            "A: bInterfaceNumber=00",
            "A: bInterfaceProtocol=00",
            "A: bInterfaceSubClass=00",
            "A: bNumEndpoints=01",
            "",
        ]
        return "/sys" + sysfs, "/dev/" + node, "\n".join(lines)


# struct usbdevfs_urb (x86_64/aarch64): type, endpoint, status, flags, buffer, buffer_length, actual_length, ...
URB = struct.Struct("<BBxxiI4xQiiiiiIQ")
URB_STATUS, URB_BUFFER, URB_ACTUAL = 4, 16, 28
URB_TYPE_CONTROL = 2
# usbfs ioctl numbers ('U', nr)
GETDRIVER, SUBMITURB, DISCARDURB, REAPURB, REAPURBNDELAY = 8, 10, 11, 12, 13
CLAIMINTERFACE, RELEASEINTERFACE, RESET, GET_CAPABILITIES = 15, 16, 20, 26


class Rig:
    def __init__(self, o, program):
        self.dev = Device(o)
        self.copies = []       # (device, port) of the copies beyond the first
        for k in range(1, max(1, min(30, int(o.get("copies", "1"))))):
            copy = Device(o)
            n = copy.index["serial"]
            if n:
                copy.strings[n] = copy.strings.get(n, "") + "-%d" % k
            self.copies.append((copy, 60 + k))
        self.others = {}       # node -> the copy answering there
        self.program = program
        self.t0 = time.monotonic()
        self.log_file = open(o["log"], "a", buffering=1) if "log" in o else None
        self.port = 1          # sysfs name 1-<port>
        self.devnum = 2        # /dev/bus/usb/001/<devnum>
        self.node = None       # the current device node, None while unplugged
        self.sysfs = None
        self.pending = {}      # node -> interrupt IN URBs waiting for data
        self.hung = {}         # node -> control URBs left unanswered while the firmware hangs
        self.hanging = False
        self.completed = {}    # node -> URBs completed, waiting to be reaped
        self.interrupts = []   # interrupt IN data waiting for a transfer
        self.events = []       # (time, line) not run yet
        self.control = o.get("control")
        self.control_offset = 0
        self.max_seconds = float(o.get("max-seconds", "300"))
        self.child = None
        self.code = None
        self.stopping = None
        self.loop = GLib.MainLoop()
        self.testbed = UMockdev.Testbed.new()
        self.ioctl = UMockdev.IoctlBase()
        self.ioctl.connect("handle-ioctl", self.on_ioctl)
        self.ioctl.connect("client-connected", lambda _h, c: self.log("open", c.get_devnode()))
        self.ioctl.connect("client-vanished", lambda _h, c: self.log("close", c.get_devnode()))
        if "events" in o:
            with open(o["events"]) as f:
                for line in f:
                    self.schedule(line)
        if self.control:
            open(self.control, "a").close()

    def now(self):
        return time.monotonic() - self.t0

    def log(self, *words):
        if self.log_file:
            self.log_file.write("%.3f %s\n" % (self.now(), " ".join(str(w) for w in words)))

    # --- events -------------------------------------------------------------------------------------
    def schedule(self, line):
        line = line.split("#", 1)[0].strip()
        if not line:
            return
        words = line.split()
        at = 0.0
        if words[0] == "at":
            try:
                at = float(words[1])
            except (IndexError, ValueError):
                self.log("error", "bad event time:", line)
                return
            words = words[2:]
        if words:
            self.events.append((at, " ".join(words)))
            self.events.sort(key=lambda e: e[0])

    def run_event(self, line):
        self.log("event", line)
        kind, _, arg = line.partition(" ")
        try:
            data = bytes.fromhex(arg.replace(" ", "")) if kind in ("set", "int", "push") else b""
        except ValueError:
            self.log("error", "bad hex in event:", line)
            return
        if kind in ("set", "push") and data:
            self.dev.reports[data[0]] = data
            self.dev.stalled.discard(data[0])
        if kind in ("int", "push") and data:
            self.interrupts.append(data)
        elif kind == "stall":
            self.dev.stalled.add(int(arg, 16))
        elif kind == "hang":
            self.hanging = True
        elif kind == "unhang":
            self.hanging = False
        elif kind == "unplug":
            self.unplug()
        elif kind == "replug":
            if self.node is not None:
                self.unplug()
            self.port += 1
            self.devnum += 1
            self.plug(announce=True)
        elif kind == "stop":
            self.stop_child()
        elif kind not in ("set", "int", "push", "hang", "unhang"):
            self.log("error", "unknown event:", line)

    def plug(self, announce):
        self.sysfs, node, record = self.dev.umockdev_record(self.port, self.devnum)
        self.testbed.attach_ioctl(node, self.ioctl)
        self.testbed.add_from_string(record)
        self.node = node
        self.interrupts.clear()
        self.log("plug", "1-%d" % self.port, node)
        if announce:
            self.testbed.uevent(self.sysfs, "add")
            self.testbed.uevent("%s/1-%d:1.0" % (self.sysfs, self.port), "add")

    def unplug(self):
        if self.node is None:
            return
        self.testbed.uevent("%s/1-%d:1.0" % (self.sysfs, self.port), "remove")
        self.testbed.uevent(self.sysfs, "remove")
        self.testbed.remove_device(self.sysfs)
        self.node = None
        self.interrupts.clear()

    def read_control(self):
        try:
            with open(self.control) as f:
                f.seek(self.control_offset)
                text = f.read()
        except OSError:
            return
        cut = text.rfind("\n") + 1   # whole lines only
        self.control_offset += len(text[:cut].encode())
        for line in text[:cut].splitlines():
            self.schedule(line)

    # --- usbfs ----------------------------------------------------------------------------------------
    def answer(self, setup, out_data, dev):
        """The answer bytes of a control request, b'' for an OUT request done, None for a stall."""
        bm, req, value, _index, length = struct.unpack("<BBHHH", setup)
        kind, n = value >> 8, value & 0xFF
        if bm == 0x80 and req == 6:
            if kind == 1:
                self.log("descriptor", "device")
                return dev.device[:length]
            if kind == 2:
                self.log("descriptor", "config")
                return dev.config[:length]
            if kind == 3:
                self.log("string", n)
                if n == 0:
                    return bytes([4, 3, 0x09, 0x04])[:length]
                if n not in dev.strings:
                    return None
                raw = dev.strings[n].encode("utf-16-le")
                return (bytes([len(raw) + 2, 3]) + raw)[:length]
        if bm == 0x80 and req == 0:
            return b"\x00\x00"[:length]
        if bm == 0x81 and req == 6 and kind == 0x22:
            self.log("descriptor", "report")
            return dev.rdesc[:length]
        if bm == 0x81 and req == 6 and kind == 0x21:
            self.log("descriptor", "hid")
            return dev.hid[:length]
        if bm == 0xA1 and req == 1:
            r = None if n in dev.stalled else dev.reports.get(n)
            self.log("get", "%02x" % n, "stall" if r is None else hexs(r[:length]))
            return None if r is None else r[:length]
        if bm == 0x21 and req == 9:
            data = bytes(out_data)
            self.log("set", hexs(data))
            if data:
                dev.reports[data[0]] = data
                dev.stalled.discard(data[0])
            return b""
        if bm == 0x21 and req == 0x0A:     # SET_IDLE
            return b""
        self.log("control", hexs(setup), "stall")
        return None

    def on_ioctl(self, _handler, client):
        try:
            return self.ioctl_request(client)
        except Exception as e:  # a bug here must not hang the program under test
            self.log("error", "%s: %s" % (type(e).__name__, e))
            client.complete(-1, errno.EIO)
            return True

    def ioctl_request(self, client):
        req = client.get_request()
        if (req >> 8) & 0xFF != ord("U"):
            return False
        nr = req & 0xFF
        arg = client.get_arg()
        node = client.get_devnode()
        pending = self.pending.setdefault(node, [])
        hung = self.hung.setdefault(node, [])
        completed = self.completed.setdefault(node, [])
        copy = self.others.get(node)
        gone = node != self.node and copy is None
        if gone and nr not in (REAPURB, REAPURBNDELAY, DISCARDURB):
            client.complete(-1, errno.ENODEV)
        elif nr == GET_CAPABILITIES:
            arg.resolve(0, 4).update(0, struct.pack("<I", 0))
            client.complete(0, 0)
        elif nr == GETDRIVER:               # no kernel driver bound
            client.complete(-1, errno.ENODATA)
        elif nr == SUBMITURB:
            self.submit(arg.resolve(0, URB.size), pending, hung, completed, copy)
            client.complete(0, 0)
        elif nr in (REAPURB, REAPURBNDELAY):
            self.reap(client, arg, gone, pending, hung, completed, copy is None)
        elif nr == DISCARDURB:
            raw = bytes(arg.retrieve())
            addr = struct.unpack("<Q", raw[:8])[0] if len(raw) >= 8 else arg.client_addr
            waiting = next((q for q in (pending, hung) if any(u.client_addr == addr for u in q)), None)
            urb = None if waiting is None else next(u for u in waiting if u.client_addr == addr)
            if urb is None:
                client.complete(-1, errno.EINVAL)
            else:
                waiting.remove(urb)
                if waiting is hung:
                    self.log("timeout", hexs(bytes(urb.resolve(URB_BUFFER, 8).retrieve())))
                urb.update(URB_STATUS, struct.pack("<i", -errno.ENOENT))
                urb.update(URB_ACTUAL, struct.pack("<i", 0))
                completed.append(urb)
                client.complete(0, 0)
        else:
            if nr in (CLAIMINTERFACE, RELEASEINTERFACE):
                n = struct.unpack("<I", bytes(arg.resolve(0, 4).retrieve()))[0]
                self.log("claim" if nr == CLAIMINTERFACE else "release", n)
            elif nr == RESET:
                self.log("reset")
                if copy is None:
                    self.hanging = False    # the firmware restarts
            # SETCONFIGURATION, SETINTERFACE, CLEAR_HALT, IOCTL (kernel driver detach), ...: done
            client.complete(0, 0)
        return True

    def submit(self, urb, pending, hung, completed, copy):
        fields = URB.unpack(bytes(urb.retrieve()))
        utype, endpoint, length = fields[0], fields[1], fields[5]
        if utype == URB_TYPE_CONTROL and self.hanging and copy is None:
            hung.append(urb)                # no answer until discarded (the program's timeout)
        elif utype == URB_TYPE_CONTROL:
            buf = urb.resolve(URB_BUFFER, length)
            data = bytes(buf.retrieve())
            reply = self.answer(data[:8], data[8:], copy or self.dev)
            if reply is None:
                urb.update(URB_STATUS, struct.pack("<i", -errno.EPIPE))
                urb.update(URB_ACTUAL, struct.pack("<i", 0))
            else:
                if data[0] & 0x80:
                    buf.update(8, reply)
                    actual = len(reply)
                else:
                    actual = length - 8
                urb.update(URB_ACTUAL, struct.pack("<i", actual))
                urb.update(URB_STATUS, struct.pack("<i", 0))
            completed.append(urb)
        elif endpoint & 0x80:               # interrupt IN: waits for data (or a discard)
            pending.append(urb)
        else:                               # OUT on another endpoint: accepted
            urb.update(URB_ACTUAL, struct.pack("<i", length))
            urb.update(URB_STATUS, struct.pack("<i", 0))
            completed.append(urb)

    def reap(self, client, arg, gone, pending, hung, completed, first):
        if gone:
            for u in pending + hung:
                u.update(URB_STATUS, struct.pack("<i", -errno.ENODEV))
                completed.append(u)
            pending.clear()
            hung.clear()
        # Interrupt data is written while answering an ioctl of the program (written from a timer, it is lost).
        if not completed and pending and first and self.interrupts:
            urb = pending.pop(0)
            size = URB.unpack(bytes(urb.retrieve()))[5]
            data = self.interrupts.pop(0)[:size]
            urb.resolve(URB_BUFFER, size).update(0, data)
            urb.update(URB_ACTUAL, struct.pack("<i", len(data)))
            urb.update(URB_STATUS, struct.pack("<i", 0))
            self.log("int", hexs(data))
            completed.append(urb)
        if completed:
            arg.resolve(0, 8).set_ptr(0, completed.pop(0))
            client.complete(0, 0)
        else:
            client.complete(-1, errno.ENODEV if gone else errno.EAGAIN)

    # --- the program --------------------------------------------------------------------------------
    def stop_child(self):
        if self.child is None or self.child.poll() is not None or self.stopping is not None:
            return
        self.stopping = time.monotonic()
        self.signal_child(signal.SIGTERM)

    def signal_child(self, sig):
        """Signals the program's process group (the program and what it started)."""
        try:
            os.killpg(self.child.pid, sig)
        except ProcessLookupError:
            pass

    def tick(self):
        if self.child.poll() is not None:
            rc = self.child.returncode
            self.code = rc if rc >= 0 else 128 - rc
            self.log("exit", self.code)
            self.signal_child(signal.SIGKILL)   # what it left behind
            self.loop.quit()
            return False
        now = self.now()
        if self.control:
            self.read_control()
        while self.events and self.events[0][0] <= now:
            line = self.events.pop(0)[1]
            try:
                self.run_event(line)
            except Exception as e:  # a bad event must not stop this timer (it bounds the run)
                self.log("error", "event %r: %s: %s" % (line, type(e).__name__, e))
        if now > self.max_seconds and self.stopping is None:
            self.log("error", "--max-seconds %g reached: stopping the program" % self.max_seconds)
            self.stop_child()
        if self.stopping is not None and time.monotonic() - self.stopping > 3:
            self.signal_child(signal.SIGKILL)
        return True

    def on_signal(self):
        self.stop_child()
        return True

    def run(self):
        self.plug(announce=False)
        for copy, port in self.copies:
            sysfs, node, record = copy.umockdev_record(port, port)
            self.testbed.attach_ioctl(node, self.ioctl)
            self.testbed.add_from_string(record)
            self.others[node] = copy
            self.log("plug", "1-%d" % port, node)

        def child_setup():
            # the program dies with the rig
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)

        # its own process group, so that stopping it stops what it started too
        self.child = subprocess.Popen(self.program, preexec_fn=child_setup, process_group=0)
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, self.on_signal)
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, self.on_signal)
        GLib.timeout_add(20, self.tick)
        self.loop.run()
        return self.code


def main():
    o, program = parse_argv(sys.argv[1:])
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)   # the rig dies with its parent
    sys.exit(Rig(o, program).run())


if __name__ == "__main__":
    main()
