// SPDX-License-Identifier: MIT
/*
 * rpmsg-board-workload: the virtual board's guest program. It exercises each service of the
 * simulated firmware (bus/tools/sim-protocol.h) through the kernel's real interfaces and prints
 * exact counts:
 *
 * - rpmsg-echo, rpmsg-tty, rpmsg-sensor, rpmsg-raw: the name-service channels the kernel created
 *   from the firmware's announcements (/sys/bus/rpmsg/devices/NAME), each bound to rpmsg_char
 *   (rpmsg-raw is bound by rpmsg_char's own id table; the others through driver_override), used
 *   as /dev/rpmsgN, found by /sys/class/rpmsg/rpmsgN/{name,src,dst};
 * - ctrl: an endpoint of our own, created on /dev/rpmsg_ctrl0 with RPMSG_CREATE_EPT_IOCTL, that
 *   talks to the firmware's echo address, then destroyed with RPMSG_DESTROY_EPT_IOCTL.
 *
 * Output, one line per service (a test matches these):
 *   echo: sent N received N in order, E checksum errors (R round trips/s)
 *   tty: received N lines in order, E format errors (first line F)
 *   sensor: received N samples in order, E errors (first sample F)
 *   raw: sent N received N in order, E checksum errors (first block F)
 *   ctrl: endpoint 0xS -> 0xD: sent N received N in order, E checksum errors, destroyed
 *   workload: ok | workload: N errors
 * Exit status 0 only when every count is complete and nothing was wrong.
 *
 * Each firmware endpoint learns our address from our first message (SIM_START_MSG for the
 * streams), as OpenAMP endpoints do. The firmware's raw receiver expects blocks numbered from 0,
 * so run raw once per firmware session.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/rpmsg.h>

#include "sim-protocol.h"

/* virtio_rpmsg_bus' buffers are 512 bytes, 16 of them the rpmsg header. */
#define BOARD_PAYLOAD_MAX 496
#define BOARD_MSG_MAX	  512

#define SYS_RPMSG_DEVICES "/sys/bus/rpmsg/devices"
#define SYS_RPMSG_CLASS	  "/sys/class/rpmsg"

enum service { SVC_ECHO, SVC_TTY, SVC_SENSOR, SVC_RAW, SVC_CTRL, SVC_COUNT };

struct options {
	unsigned int count;  /* echo, raw and ctrl messages each way */
	unsigned int stream; /* tty lines and sensor samples */
	unsigned int window; /* echo requests in flight */
	unsigned int timeout_s;
	bool service[SVC_COUNT];
	bool verbose;
};

static const char *const service_names[SVC_COUNT] = {"echo", "tty", "sensor", "raw", "ctrl"};

static struct timespec deadline;
static bool verbose;

static void say(const char *fmt, ...)
{
	va_list ap;

	if (!verbose)
		return;
	va_start(ap, fmt);
	fputs("workload: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Milliseconds left before the run's deadline, 0 once it passed. */
static int ms_left(void)
{
	struct timespec ts;
	long long ms;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ms = (deadline.tv_sec - ts.tv_sec) * 1000LL + (deadline.tv_nsec - ts.tv_nsec) / 1000000;
	return ms > 0 ? (int)ms : 0;
}

static void pause_ms(int ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* A sysfs attribute's first line, without the newline; 0 or -errno. */
static int read_attr(const char *dir, const char *attr, char *buf, size_t size)
{
	char path[512];
	FILE *f;
	int ret = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	if (!fgets(buf, (int)size, f))
		ret = -EIO;
	else
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
	return ret;
}

static int write_attr(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, value, strlen(value));
	close(fd);
	return n == (ssize_t)strlen(value) ? 0 : -errno;
}

static uint32_t attr_u32(const char *dir, const char *attr)
{
	char buf[32];

	if (read_attr(dir, attr, buf, sizeof(buf)))
		return RPMSG_ADDR_ANY;
	return (uint32_t)strtoul(buf, NULL, 0);
}

/**
 * wait_for_entry() - wait for an entry of a sysfs folder that @match accepts
 * @folder: the folder to scan, again every 20 ms
 * @match: told each entry's path and name (dot entries skipped); true stops the wait
 * @ctx: passed to @match
 * @dir: receives FOLDER/ENTRY of the entry accepted
 * @size: size of @dir
 *
 * Return: 0, or -ETIMEDOUT at the run's deadline.
 */
static int wait_for_entry(const char *folder,
			  bool (*match)(const char *dir, const char *entry, void *ctx), void *ctx,
			  char *dir, size_t size)
{
	for (;;) {
		DIR *d = opendir(folder);
		struct dirent *e;

		while (d && (e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(dir, size, "%s/%s", folder, e->d_name);
			if (match(dir, e->d_name, ctx)) {
				closedir(d);
				return 0;
			}
		}
		if (d)
			closedir(d);
		if (!ms_left())
			return -ETIMEDOUT;
		pause_ms(20);
	}
}

static bool channel_named(const char *dir, const char *entry, void *name)
{
	char found[64];

	(void)entry;
	return !read_attr(dir, "name", found, sizeof(found)) && !strcmp(found, name);
}

/**
 * find_channel() - wait for the channel the kernel created from the firmware's announcement
 * @name: channel name
 * @dir: receives /sys/bus/rpmsg/devices/DEVICE
 * @size: size of @dir
 *
 * Return: 0, or -ETIMEDOUT at the run's deadline.
 */
static int find_channel(const char *name, char *dir, size_t size)
{
	return wait_for_entry(SYS_RPMSG_DEVICES, channel_named, (void *)name, dir, size);
}

struct eptdev_wanted {
	const char *name;
	uint32_t src, dst;
	char *path;
	size_t size;
};

/* an rpmsgN of the class whose endpoint is the one wanted, with its /dev node usable */
static bool eptdev_matches(const char *dir, const char *entry, void *ctx)
{
	struct eptdev_wanted *w = ctx;

	if (strncmp(entry, "rpmsg", 5) || !strchr("0123456789", entry[5]) ||
	    !channel_named(dir, entry, (void *)w->name) || attr_u32(dir, "dst") != w->dst ||
	    (w->src != RPMSG_ADDR_ANY && attr_u32(dir, "src") != w->src))
		return false;
	snprintf(w->path, w->size, "/dev/%s", entry);
	return access(w->path, R_OK | W_OK) == 0;
}

/**
 * find_eptdev() - wait for the /dev/rpmsgN whose endpoint matches
 * @name: endpoint name
 * @src: local address, or RPMSG_ADDR_ANY for any
 * @dst: remote address
 * @path: receives /dev/rpmsgN
 * @size: size of @path
 *
 * Return: 0, or -ETIMEDOUT at the run's deadline.
 */
static int find_eptdev(const char *name, uint32_t src, uint32_t dst, char *path, size_t size)
{
	struct eptdev_wanted w = {.name = name, .src = src, .dst = dst, .path = path, .size = size};
	char dir[300];

	return wait_for_entry(SYS_RPMSG_CLASS, eptdev_matches, &w, dir, sizeof(dir));
}

/**
 * open_channel() - open the /dev/rpmsgN of a name-service channel, binding it to rpmsg_char
 * @name: channel name
 *
 * rpmsg_char only binds channels named "rpmsg-raw" by itself; any other channel is bound
 * through its driver_override, which is what a board's user space does.
 *
 * Return: a file descriptor, or -errno.
 */
static int open_channel(const char *name)
{
	char dir[300], link[320], path[300], probe[300];
	int fd, ret;

	ret = find_channel(name, dir, sizeof(dir));
	if (ret)
		return ret;
	snprintf(link, sizeof(link), "%s/driver", dir);
	if (access(link, F_OK)) {
		snprintf(link, sizeof(link), "%s/driver_override", dir);
		ret = write_attr(link, "rpmsg_chrdev");
		snprintf(probe, sizeof(probe), "%s", strrchr(dir, '/') + 1);
		if (!ret)
			ret = write_attr("/sys/bus/rpmsg/drivers_probe", probe);
		if (ret)
			return ret;
	}
	ret = find_eptdev(name, attr_u32(dir, "src"), attr_u32(dir, "dst"), path, sizeof(path));
	if (ret)
		return ret;
	say("%s is %s (0x%x -> 0x%x)", name, path, attr_u32(dir, "src"), attr_u32(dir, "dst"));
	fd = open(path, O_RDWR | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* One message from @fd into @buf, waiting until the deadline; its length or -errno. */
static ssize_t recv_msg(int fd, void *buf, size_t size)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	ssize_t n;

	for (;;) {
		int ret = poll(&p, 1, ms_left());

		if (ret < 0 && errno == EINTR)
			continue;
		if (ret < 0)
			return -errno;
		if (ret == 0)
			return -ETIMEDOUT;
		n = read(fd, buf, size);
		if (n < 0 && errno == EINTR)
			continue;
		return n < 0 ? -errno : n;
	}
}

static int send_msg(int fd, const void *buf, size_t len)
{
	ssize_t n = write(fd, buf, len);

	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

/**
 * struct counts - what one service exchange saw
 * @sent: messages sent
 * @received: messages received
 * @in_order: correct messages that carried the next expected sequence number
 * @errors: messages with a wrong checksum, length or format
 * @first: streams: the first sequence number received
 * @seconds: duration of the exchange
 */
struct counts {
	unsigned int sent;
	unsigned int received;
	unsigned int in_order;
	unsigned int errors;
	uint32_t first;
	double seconds;
};

/* Every message that arrived was either correct and in sequence, or counted as an error. */
static bool counts_ordered(const struct counts *c)
{
	return c->in_order + c->errors == c->received;
}

static const char *order_word(const struct counts *c)
{
	return counts_ordered(c) ? " in order" : " OUT OF ORDER";
}

/* A service passes when all @want messages arrived, in sequence, without an error. */
static int counts_failed(const struct counts *c, unsigned int want, int ret)
{
	return ret || c->received != want || c->in_order != c->received;
}

/**
 * echo_exchange() - @count echo round trips on @fd, @window requests in flight
 * @fd: an endpoint whose peer is the firmware's rpmsg-echo
 * @count: requests to send
 * @window: requests sent ahead of the replies
 * @c: the counts
 *
 * A reply is in order when it carries the next expected sequence number, and correct when its
 * length is the request's and its CRC matches its bytes.
 *
 * Return: 0, or -errno of the first failed send or receive (the counts say how far it got).
 */
static int echo_exchange(int fd, unsigned int count, unsigned int window, struct counts *c)
{
	uint8_t buf[BOARD_MSG_MAX];
	double start = now_s();
	int ret = 0;

	while (c->received < count) {
		if (c->sent < count && c->sent - c->received < window) {
			ret = send_msg(fd, buf, sim_echo_fill(buf, c->sent, BOARD_PAYLOAD_MAX));
			if (ret)
				break;
			c->sent++;
			continue;
		}
		ssize_t n = recv_msg(fd, buf, sizeof(buf));
		const struct sim_echo_hdr *hdr = (const struct sim_echo_hdr *)buf;

		if (n < 0) {
			ret = (int)n;
			break;
		}
		if ((size_t)n < sizeof(*hdr) || hdr->len != n ||
		    n != (ssize_t)sim_echo_len(hdr->seq, BOARD_PAYLOAD_MAX) ||
		    hdr->crc32 != sim_crc32(buf + sizeof(*hdr), n - sizeof(*hdr)))
			c->errors++;
		else if (hdr->seq == c->received)
			c->in_order++;
		c->received++;
	}
	c->seconds = now_s() - start;
	return ret;
}

static int run_echo(const struct options *o)
{
	struct counts c = {0};
	int fd = open_channel(SIM_ECHO_CHANNEL), ret;

	if (fd < 0) {
		printf("echo: no channel: %s\n", strerror(-fd));
		return 1;
	}
	ret = echo_exchange(fd, o->count, o->window, &c);
	close(fd);
	printf("echo: sent %u received %u%s, %u checksum errors (%.0f round trips/s)\n", c.sent,
	       c.received, order_word(&c), c.errors, c.seconds > 0 ? c.received / c.seconds : 0.0);
	if (ret)
		printf("echo: stopped: %s\n", strerror(-ret));
	return counts_failed(&c, o->count, ret);
}

/* "tty: line N uptime S.SSSs\n": N, or -1 when the line is not in that form. */
static long long tty_line_number(const char *msg, size_t len)
{
	char line[160];
	unsigned long long n;
	double uptime;
	int end = 0;

	if (len == 0 || len >= sizeof(line) || msg[len - 1] != '\n')
		return -1;
	memcpy(line, msg, len);
	line[len] = '\0';
	if (sscanf(line, "tty: line %llu uptime %lfs\n%n", &n, &uptime, &end) != 2 ||
	    (size_t)end != len)
		return -1;
	return (long long)n;
}

/* Send the start message, then check @want messages of a stream. */
static int run_stream(enum service svc, const char *channel, unsigned int want)
{
	uint8_t buf[BOARD_MSG_MAX];
	struct counts c = {0};
	long long expected = -1;
	int fd = open_channel(channel), ret;

	if (fd < 0) {
		printf("%s: no channel: %s\n", service_names[svc], strerror(-fd));
		return 1;
	}
	ret = send_msg(fd, SIM_START_MSG, strlen(SIM_START_MSG));
	while (!ret && c.received < want) {
		ssize_t n = recv_msg(fd, buf, sizeof(buf));
		long long seq = -1;

		if (n < 0) {
			ret = (int)n;
			break;
		}
		if (svc == SVC_TTY) {
			seq = tty_line_number((const char *)buf, (size_t)n);
		} else if (n == sizeof(struct sim_sensor_sample)) {
			const struct sim_sensor_sample *s = (const void *)buf;

			if (s->flags & SIM_SENSOR_F_VALID)
				seq = s->seq;
		}
		if (seq < 0) {
			c.errors++;
		} else {
			if (expected < 0)
				c.first = (uint32_t)seq;
			if (expected < 0 || seq == expected)
				c.in_order++;
			expected = seq + 1;
		}
		c.received++;
	}
	close(fd);
	if (svc == SVC_TTY)
		printf("tty: received %u lines%s, %u format errors (first line %u)\n", c.received,
		       order_word(&c), c.errors, c.first);
	else
		printf("sensor: received %u samples%s, %u errors (first sample %u)\n", c.received,
		       order_word(&c), c.errors, c.first);
	if (ret)
		printf("%s: stopped: %s\n", service_names[svc], strerror(-ret));
	return counts_failed(&c, want, ret);
}

/*
 * Raw: our blocks go out numbered from 0; the firmware checks them and streams its own, which
 * are checked here. All of ours are sent first: rpmsg_char queues what arrives meanwhile.
 */
static int run_raw(const struct options *o)
{
	uint8_t buf[BOARD_MSG_MAX];
	struct sim_raw_block *blk = (struct sim_raw_block *)buf;
	const size_t len =
		SIM_RAW_BLOCK_SIZE < BOARD_PAYLOAD_MAX ? SIM_RAW_BLOCK_SIZE : BOARD_PAYLOAD_MAX;
	struct counts c = {0};
	long long expected = -1;
	int fd = open_channel(SIM_RAW_CHANNEL), ret = 0;

	if (fd < 0) {
		printf("raw: no channel: %s\n", strerror(-fd));
		return 1;
	}
	for (; !ret && c.sent < o->count; c.sent += !ret) {
		blk->seq = c.sent;
		sim_fill_pattern(blk->data, len - sizeof(*blk), c.sent);
		blk->crc32 = sim_crc32(blk->data, len - sizeof(*blk));
		ret = send_msg(fd, buf, len);
	}
	while (!ret && c.received < o->count) {
		ssize_t n = recv_msg(fd, buf, sizeof(buf));

		if (n < 0) {
			ret = (int)n;
			break;
		}
		if ((size_t)n < sizeof(*blk) ||
		    blk->crc32 != sim_crc32(blk->data, (size_t)n - sizeof(*blk))) {
			c.errors++;
		} else {
			if (expected < 0)
				c.first = blk->seq;
			if (expected < 0 || blk->seq == expected)
				c.in_order++;
			expected = (long long)blk->seq + 1;
		}
		c.received++;
	}
	close(fd);
	printf("raw: sent %u received %u%s, %u checksum errors (first block %u)\n", c.sent,
	       c.received, order_word(&c), c.errors, c.first);
	if (ret)
		printf("raw: stopped: %s\n", strerror(-ret));
	return counts_failed(&c, o->count, ret);
}

/**
 * run_ctrl() - echo through an endpoint created with RPMSG_CREATE_EPT_IOCTL, then destroy it
 * @o: options
 *
 * The local address is chosen here (from the pid) so that its /dev/rpmsgN can be told from the
 * channels' by its src attribute.
 *
 * Return: 0 when the exchange was complete and correct and the endpoint went away.
 */
static int run_ctrl(const struct options *o)
{
	struct rpmsg_endpoint_info info = {.name = "board-ctrl-echo"};
	struct counts c = {0};
	char dir[300], path[300];
	int ctrl, fd, ret;

	ret = find_channel(SIM_ECHO_CHANNEL, dir, sizeof(dir));
	if (ret) {
		printf("ctrl: no %s channel to talk to: %s\n", SIM_ECHO_CHANNEL, strerror(-ret));
		return 1;
	}
	info.src = 0x2000 + ((uint32_t)getpid() & 0xfff);
	info.dst = attr_u32(dir, "dst");
	ctrl = open("/dev/rpmsg_ctrl0", O_RDWR | O_CLOEXEC);
	if (ctrl < 0 || ioctl(ctrl, RPMSG_CREATE_EPT_IOCTL, &info)) {
		printf("ctrl: RPMSG_CREATE_EPT_IOCTL on /dev/rpmsg_ctrl0 failed: %s\n",
		       strerror(errno));
		if (ctrl >= 0)
			close(ctrl);
		return 1;
	}
	close(ctrl);
	ret = find_eptdev(info.name, info.src, info.dst, path, sizeof(path));
	fd = ret ? ret : open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		printf("ctrl: endpoint 0x%x has no device: %s\n", info.src, strerror(-fd));
		return 1;
	}
	ret = echo_exchange(fd, o->count, o->window, &c);
	bool destroyed = ioctl(fd, RPMSG_DESTROY_EPT_IOCTL) == 0;
	close(fd);
	/* The device node goes with the endpoint. */
	for (int i = 0; destroyed && i < 100 && access(path, F_OK) == 0; i++)
		pause_ms(10);
	destroyed = destroyed && access(path, F_OK) != 0;
	printf("ctrl: endpoint 0x%x -> 0x%x: sent %u received %u%s, %u checksum errors, %s\n",
	       info.src, info.dst, c.sent, c.received, order_word(&c), c.errors,
	       destroyed ? "destroyed" : "NOT DESTROYED");
	if (ret)
		printf("ctrl: stopped: %s\n", strerror(-ret));
	return counts_failed(&c, o->count, ret) || !destroyed;
}

static void usage(FILE *f)
{
	fputs("usage: rpmsg-board-workload [-n COUNT] [--stream N] [--window W] [--timeout SEC]\n"
	      "                            [--services LIST] [-v]\n"
	      "Exercise the simulated firmware's services through /dev/rpmsgN and "
	      "/dev/rpmsg_ctrl0\n"
	      "inside the virtual board; print exact counts; exit 0 when all is complete and "
	      "correct.\n"
	      "  -n, --count N      echo round trips, raw blocks each way, ctrl round trips "
	      "(1000)\n"
	      "      --stream N     tty lines and sensor samples to check (20)\n"
	      "      --window W     echo requests in flight (16)\n"
	      "      --timeout SEC  give up after SEC seconds in all (120)\n"
	      "      --services L   comma-separated subset of echo,tty,sensor,raw,ctrl (all)\n"
	      "  -v                 say which device is used for what\n"
	      "examples:\n"
	      "  rpmsg-board-workload -n 10000 --services echo\n"
	      "  rpmsg-board-workload --services tty,sensor --stream 100\n",
	      f);
}

static int parse_services(const char *list, bool *service)
{
	char copy[128], *save = NULL;

	snprintf(copy, sizeof(copy), "%s", list);
	memset(service, 0, SVC_COUNT * sizeof(*service));
	for (char *s = strtok_r(copy, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
		int i;

		for (i = 0; i < SVC_COUNT && strcmp(s, service_names[i]); i++)
			;
		if (i == SVC_COUNT)
			return -EINVAL;
		service[i] = true;
	}
	return 0;
}

static int parse_uint(const char *s, unsigned int min, unsigned int *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || end == s || v < min || v > 100000000)
		return -EINVAL;
	*out = (unsigned int)v;
	return 0;
}

/* Where each option that takes a whole number (1 or more) goes; NULL for the others. */
static unsigned int *number_option(struct options *o, int opt)
{
	const struct {
		int opt;
		unsigned int *value;
	} numbers[] = {
		{'n', &o->count}, {'s', &o->stream}, {'w', &o->window}, {'t', &o->timeout_s}};

	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++)
		if (numbers[i].opt == opt)
			return numbers[i].value;
	return NULL;
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{"count", required_argument, NULL, 'n'},
		{"stream", required_argument, NULL, 's'},
		{"window", required_argument, NULL, 'w'},
		{"timeout", required_argument, NULL, 't'},
		{"services", required_argument, NULL, 'S'},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	struct options o = {.count = 1000, .stream = 20, .window = 16, .timeout_s = 120};
	int opt, failed = 0;

	for (int i = 0; i < SVC_COUNT; i++)
		o.service[i] = true;
	while ((opt = getopt_long(argc, argv, "n:vh", long_options, NULL)) != -1) {
		unsigned int *number;
		int err = 0;

		switch (opt) {
		case 'S':
			err = parse_services(optarg, o.service);
			break;
		case 'v':
			o.verbose = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			number = number_option(&o, opt);
			if (!number) {
				usage(stderr);
				return 2;
			}
			err = parse_uint(optarg, 1, number);
			break;
		}
		if (err) {
			fprintf(stderr, "rpmsg-board-workload: bad value '%s' for %s\n", optarg,
				argv[optind - 1]);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	verbose = o.verbose;
	setvbuf(stdout, NULL, _IOLBF, 0);
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += o.timeout_s;

	if (o.service[SVC_ECHO])
		failed += run_echo(&o);
	if (o.service[SVC_TTY])
		failed += run_stream(SVC_TTY, SIM_TTY_CHANNEL, o.stream);
	if (o.service[SVC_SENSOR])
		failed += run_stream(SVC_SENSOR, SIM_SENSOR_CHANNEL, o.stream);
	if (o.service[SVC_RAW])
		failed += run_raw(&o);
	if (o.service[SVC_CTRL])
		failed += run_ctrl(&o);
	if (failed)
		printf("workload: %d errors\n", failed);
	else
		printf("workload: ok\n");
	return failed ? 1 : 0;
}
