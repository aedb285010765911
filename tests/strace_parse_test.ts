import { assertEquals } from "../lib/testing/asserts.ts";
import { parseTraceLine } from "./strace_parse.ts";

// Lines as strace 6.1 writes them (`-f -ff -v -s 4096`), taken from real runs.
const DNS =
  'connect(23, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = -1 ENETUNREACH (Network is unreachable)';
const NSCD =
  'connect(23, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT (No such file or directory)';
const SENDTO6 =
  'sendto(3, "x", 1, 0, {sa_family=AF_INET6, sin6_port=htons(5353), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 1';
const SENDMSG =
  'sendmsg(3, {msg_name={sa_family=AF_INET6, sin6_port=htons(5354), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, msg_namelen=28, msg_iov=[{iov_base="hi", iov_len=2}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 2';
const THREAD =
  "clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, child_tid=0x7ffba2222990, parent_tid=0x7ffba2222990, exit_signal=0, stack=0x7ffba1a22000, stack_size=0x7ff540, tls=0x7ffba22226c0} => {parent_tid=[6]}, 88) = 6";
const FORK =
  "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f75406faa10) = 16257";

Deno.test("strace: connect and addressed sends give their destination", () => {
  assertEquals(parseTraceLine(7, DNS), [
    {
      kind: "net",
      tid: 7,
      syscall: "connect",
      address: { family: "AF_INET", host: "10.255.255.53", port: 53 },
      line: DNS,
    },
  ]);
  assertEquals(parseTraceLine(7, NSCD)[0], {
    kind: "net",
    tid: 7,
    syscall: "connect",
    address: { family: "AF_UNIX", path: "/var/run/nscd/socket" },
    line: NSCD,
  });
  const abstract =
    'connect(4, {sa_family=AF_UNIX, sun_path=@"abs\\"tract"}, 11) = -1 ECONNREFUSED (Connection refused)';
  assertEquals(parseTraceLine(1, abstract).map((r) => r.kind === "net" && r.address), [
    { family: "AF_UNIX", path: '@abs"tract' },
  ]);
  assertEquals(parseTraceLine(1, SENDTO6).map((r) => r.kind === "net" && r.address), [
    { family: "AF_INET6", host: "::1", port: 5353 },
  ]);
  assertEquals(parseTraceLine(1, SENDMSG).map((r) => r.kind === "net" && r.address), [
    { family: "AF_INET6", host: "::1", port: 5354 },
  ]);
  // A send on a connected socket names no destination; its connect was recorded.
  assertEquals(parseTraceLine(1, 'sendto(5, "GET VAR", 7, MSG_NOSIGNAL, NULL, 0) = 7'), []);
  assertEquals(parseTraceLine(1, "sendmsg(5, {msg_name=NULL, msg_namelen=0, msg_iov=[]}, 0) = 0"), []);
  const netlink =
    "sendto(3, {{len=20}}, 20, 0, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 20";
  assertEquals(parseTraceLine(1, netlink).map((r) => r.kind === "net" && r.address.family), ["AF_NETLINK"]);
});

Deno.test("strace: execve gives program, arguments and environment; clone who started whom", () => {
  const exec = 'execve("/bin/true", ["/bin/true", "a\\"b", "x\\ty"], ["K=V w", "NUT_ARGV0=upsd"]) = 0';
  assertEquals(parseTraceLine(3, exec), [
    {
      kind: "exec",
      tid: 3,
      path: "/bin/true",
      argv: ["/bin/true", 'a"b', "x\ty"],
      env: ["K=V w", "NUT_ARGV0=upsd"],
    },
  ]);
  assertEquals(parseTraceLine(3, exec.replace(") = 0", ") = -1 ENOENT (No such file or directory)")), []);
  assertEquals(parseTraceLine(3, THREAD), [{ kind: "spawn", tid: 3, child: 6, thread: true }]);
  assertEquals(parseTraceLine(3, FORK), [{ kind: "spawn", tid: 3, child: 16257, thread: false }]);
  assertEquals(parseTraceLine(3, "vfork() = 12"), [{ kind: "spawn", tid: 3, child: 12, thread: false }]);
  assertEquals(parseTraceLine(3, "+++ exited with 0 +++"), []);
});
