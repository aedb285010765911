/*
 * Modem lines for ptys, which have none (TIOCMGET/TIOCMBIS/TIOCMBIC/TIOCMSET fail with ENOTTY there).
 * The state lives in files named by $MODEMLINES: that file holds the inputs the "UPS" asserts, as words
 * (CTS DSR DCD RNG), written by the test; the outputs the driver sets (DTR RTS) are kept in
 * $MODEMLINES.out, rewritten atomically at each change. When $MODEMLINES is a folder, each port has its
 * own pair of files in it, named after the port's path with '/' as '_' (/dev/pts/3: _dev_pts_3 and
 * _dev_pts_3.out), so that several drivers in one process each have their own UPS. Real serial ports
 * are not touched: only a descriptor whose real ioctl answers ENOTTY is emulated.
 *
 * Two ways in: LD_PRELOAD for C programs (NUT's genericups), which replaces ioctl(); and `modem_ioctl`,
 * which a Deno program loads by path (LD_PRELOAD does not reach Deno's FFI; ffi/termios.ts takes the
 * library as its `modemIoctlLibrary`).
 *
 *   cc -shared -fPIC -O2 -o modem_lines.so modem_lines.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#define OUTPUTS (TIOCM_DTR | TIOCM_RTS)

struct word { const char *name; int bit; };
static const struct word WORDS[] = {
	{ "DTR", TIOCM_DTR }, { "RTS", TIOCM_RTS }, { "CTS", TIOCM_CTS }, { "DSR", TIOCM_DSR },
	{ "DCD", TIOCM_CAR }, { "RNG", TIOCM_RNG }, { "RI", TIOCM_RNG },
};
#define NWORDS (sizeof WORDS / sizeof WORDS[0])

static int path_of(int fd, char *out, size_t size, const char *suffix) {
	const char *base = getenv("MODEMLINES");
	struct stat st;
	if (!base || !*base) return 0;
	if (stat(base, &st) == 0 && S_ISDIR(st.st_mode)) {
		char tty[256];
		if (ttyname_r(fd, tty, sizeof tty) != 0) return 0;
		for (char *c = tty; *c; c++) if (*c == '/') *c = '_';
		return snprintf(out, size, "%s/%s%s", base, tty, suffix) < (int)size;
	}
	return snprintf(out, size, "%s%s", base, suffix) < (int)size;
}

static int bits_in(int fd, const char *suffix) {
	char path[4096], text[512];
	if (!path_of(fd, path, sizeof path, suffix)) return 0;
	FILE *f = fopen(path, "r");
	if (!f) return 0;
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = 0;
	int bits = 0;
	char *save = 0;
	for (char *w = strtok_r(text, " ,|\t\r\n", &save); w; w = strtok_r(0, " ,|\t\r\n", &save))
		for (size_t i = 0; i < NWORDS; i++)
			if (strcmp(w, WORDS[i].name) == 0) bits |= WORDS[i].bit;
	return bits;
}

static int current(int fd) { return (bits_in(fd, "") & ~OUTPUTS) | (bits_in(fd, ".out") & OUTPUTS); }

static void set_outputs(int fd, int bits) {
	char path[4096], tmp[4200];
	if (!path_of(fd, path, sizeof path, ".out")) return;
	snprintf(tmp, sizeof tmp, "%s.%d", path, (int)getpid());
	FILE *f = fopen(tmp, "w");
	if (!f) return;
	if (bits & TIOCM_DTR) fputs("DTR ", f);
	if (bits & TIOCM_RTS) fputs("RTS ", f);
	fputs("\n", f);
	fclose(f);
	rename(tmp, path);
}

typedef int (*ioctl_fn)(int, unsigned long, ...);

int modem_ioctl(int fd, unsigned long request, void *arg) {
	static ioctl_fn real;
	if (!real) real = (ioctl_fn)dlsym(RTLD_NEXT, "ioctl");
	if (!real) real = (ioctl_fn)dlsym(RTLD_DEFAULT, "ioctl");
	int r = real(fd, request, arg);
	if (r == 0 || errno != ENOTTY || !getenv("MODEMLINES")) return r;
	int now = current(fd), *v = (int *)arg;
	switch (request) {
	case TIOCMGET: *v = now; return 0;
	case TIOCMSET: set_outputs(fd, *v & OUTPUTS); return 0;
	case TIOCMBIS: set_outputs(fd, (now | *v) & OUTPUTS); return 0;
	case TIOCMBIC: set_outputs(fd, now & ~*v & OUTPUTS); return 0;
	}
	errno = ENOTTY;
	return -1;
}

int ioctl(int fd, unsigned long request, ...) {
	__builtin_va_list ap;
	__builtin_va_start(ap, request);
	void *arg = __builtin_va_arg(ap, void *);
	__builtin_va_end(ap);
	return modem_ioctl(fd, request, arg);
}
