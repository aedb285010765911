/**
 * Small config samples naming every directive each parser knows, so the config targets have seeds even
 * where no NUT installation (/etc/nut) is there to read (folder-private).
 * @module
 */
import type { ConfigName } from "../corpus.ts";

/** One sample per config file. */
export const CONFIG_SAMPLES: Readonly<Record<ConfigName, string>> = {
  "ups.conf": `# ups.conf
chroot = /var/lib/nut
driverpath = /lib/nut
statepath = /run/nut
user = nut
group = nut
maxretry = 3
retrydelay = 5
maxstartdelay = 45
pollinterval = 2
synchronous = auto
debug_min = 0
nowait
LIBUSB_DEBUG = 0

[myups]
	driver = usbhid-ups
	port = auto
	desc = "Rack 1 \\"left\\""
	sdorder = -1
	nolock
	ignorelb
	maxretry = 2
	retrydelay = 1
	maxstartdelay = 30
	user = root
	group = dialout
	synchronous = yes
	debug_min = 3
	default.battery.charge.low = 20
	override.battery.runtime.low = 120
	vendorid = 051d
	pollfreq = 30
[second-ups.1]
	driver = dummy-ups
	port = a.dev
	desc = "a # in \\# quotes"
`,
  "upsd.conf": `# upsd.conf
LISTEN 127.0.0.1 3493
LISTEN ::1
LISTEN * 3494
MAXAGE 15
MAXCONN 1024
TRACKINGDELAY 3600
STATEPATH /run/nut
ALLOW_NO_DEVICE true
ALLOW_NOT_ALL_LISTENERS no
CERTFILE /etc/nut/upsd.pem
CERTPATH /etc/nut/certs
CERTIDENT "my cert" "pass word"
CERTREQUEST REQUIRE
DISABLE_WEAK_SSL on
DEBUG_MIN 2
ACL all 0.0.0.0/0
`,
  "upsd.users": `# upsd.users
[admin]
	password = "mypass # not a comment"
	actions = SET FSD
	instcmds = ALL
[upsmon]
	password = pass
	upsmon primary
[mon2]
	password=pw
	upsmon = slave
	instcmds = test.battery.start load.off
	allowfrom = localhost
`,
  "upsmon.conf": `# upsmon.conf
MONITOR myups@localhost 1 upsmon pass primary
MONITOR other@[::1]:3494 2 mon2 pw secondary
MINSUPPLIES 1
SHUTDOWNCMD "/sbin/shutdown -h +0"
NOTIFYCMD /usr/sbin/upssched
NOTIFYCMD "/usr/bin/notify" "--urgent"
POLLFREQ 5
POLLFREQALERT 5
HOSTSYNC 15
DEADTIME 15
POWERDOWNFLAG /etc/killpower
NOTIFYMSG ONLINE "UPS %s on line power"
NOTIFYFLAG ONBATT SYSLOG+WALL+EXEC
NOTIFYFLAG LOWBATT IGNORE
RBWARNTIME 43200
NOCOMMWARNTIME 300
FINALDELAY 5
OFFDURATION 30
OVERDURATION -1
OBLBDURATION 0
SHUTDOWNEXIT yes
ALARMCRITICAL 1
POLLFAIL_LOG_THROTTLE_MAX 100
RUN_AS_USER nut
CERTPATH /etc/nut/certs
CERTFILE /etc/nut/client.pem
CERTIDENT "client" "pw"
CERTHOST localhost "upsd" 1 1
CERTVERIFY 1
FORCESSL 0
DEBUG_MIN 1
`,
  "upssched.conf": `# upssched.conf
CMDSCRIPT /usr/bin/upssched-cmd
CMDSCRIPT "/usr/bin/my script" "arg one"
PIPEFN /run/nut/upssched.pipe
LOCKFN /run/nut/upssched.lock
DEBUG_MIN 1
AT ONBATT * START-TIMER onbatt 30
AT ONLINE * CANCEL-TIMER onbatt online
AT ONBATT ups@localhost START-TIMER-SHARED early 10
AT ONLINE * CANCEL-TIMER-MATCHED early
AT COMMBAD * EXECUTE commbad
`,
  "nut.conf": `# nut.conf
MODE=standalone
export MODE="netserver"
ALLOW_NO_DEVICE=true
UPSD_OPTIONS='-D'
UPSMON_OPTIONS="-p \\"x\\""
POWEROFF_WAIT=15m
NUT_DEBUG_LEVEL=0
NUT_CONFPATH=/etc/nut # comment
NUT_STATEPATH=a\\ b
`,
};
