/*
 * nlreplay: an LD_PRELOAD shim for tests/cli_replay.rs. After a process
 * sends an RTM_GETLINK dump request on a netlink socket, its next recvmsg
 * on that socket returns the messages in the file named by $NLREPLAY as
 * one datagram, each given the request's sequence number and the socket's
 * port as the kernel would; the kernel's own dump follows unchanged. This
 * lets `ip` and `nl` print the same link messages of kinds this kernel
 * cannot create. recvmsg honours MSG_PEEK and MSG_TRUNC, which both use to
 * size their buffers.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FD 1024

static unsigned char *extra;
static size_t extra_len;
static int loaded;
/* The datagram owed to each socket, if any. */
static unsigned char *owed[MAX_FD];
static size_t owed_len[MAX_FD];

static void load(void)
{
	const char *path = getenv("NLREPLAY");
	struct stat st;
	size_t got = 0;
	int fd;

	if (loaded)
		return;
	loaded = 1;
	if (!path || (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return;
	if (fstat(fd, &st) == 0 && st.st_size > 0 && (extra = malloc(st.st_size))) {
		while (got < (size_t)st.st_size) {
			ssize_t n = read(fd, extra + got, st.st_size - got);
			if (n <= 0)
				break;
			got += n;
		}
		extra_len = got;
	}
	close(fd);
}

/* Called with each message a process sends. */
static void sent(int fd, const void *buf, size_t len)
{
	struct nlmsghdr req;
	struct sockaddr_nl me;
	socklen_t me_len = sizeof(me);
	unsigned char *d;
	size_t off = 0;

	load();
	if (!extra_len || fd < 0 || fd >= MAX_FD || !buf || len < sizeof(req))
		return;
	memcpy(&req, buf, sizeof(req));
	if (req.nlmsg_type != RTM_GETLINK || (req.nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP)
		return;
	if (getsockname(fd, (struct sockaddr *)&me, &me_len) != 0 || me.nl_family != AF_NETLINK)
		return;
	if (!(d = malloc(extra_len)))
		return;
	memcpy(d, extra, extra_len);
	while (off + sizeof(struct nlmsghdr) <= extra_len) {
		struct nlmsghdr h;

		memcpy(&h, d + off, sizeof(h));
		if (h.nlmsg_len < sizeof(h))
			break;
		h.nlmsg_seq = req.nlmsg_seq;
		h.nlmsg_pid = me.nl_pid;
		h.nlmsg_flags |= NLM_F_MULTI;
		memcpy(d + off, &h, sizeof(h));
		off += NLMSG_ALIGN(h.nlmsg_len);
	}
	free(owed[fd]);
	owed[fd] = d;
	owed_len[fd] = extra_len;
}

#define REAL(name) \
	static __typeof__(name) *real; \
	if (!real) \
		real = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	REAL(send);
	ssize_t r = real(fd, buf, len, flags);
	if (r >= 0)
		sent(fd, buf, len);
	return r;
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags,
	       const struct sockaddr *to, socklen_t to_len)
{
	REAL(sendto);
	ssize_t r = real(fd, buf, len, flags, to, to_len);
	if (r >= 0)
		sent(fd, buf, len);
	return r;
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	REAL(sendmsg);
	ssize_t r = real(fd, msg, flags);
	if (r >= 0 && msg->msg_iovlen > 0)
		sent(fd, msg->msg_iov[0].iov_base, msg->msg_iov[0].iov_len);
	return r;
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	size_t len, done = 0;

	REAL(recvmsg);
	if (fd < 0 || fd >= MAX_FD || !owed[fd])
		return real(fd, msg, flags);
	len = owed_len[fd];
	for (size_t i = 0; i < msg->msg_iovlen && done < len; i++) {
		size_t n = msg->msg_iov[i].iov_len;

		if (n > len - done)
			n = len - done;
		memcpy(msg->msg_iov[i].iov_base, owed[fd] + done, n);
		done += n;
	}
	if (msg->msg_name && msg->msg_namelen >= sizeof(struct sockaddr_nl)) {
		struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

		memcpy(msg->msg_name, &kernel, sizeof(kernel));
		msg->msg_namelen = sizeof(kernel);
	} else {
		msg->msg_namelen = 0;
	}
	msg->msg_controllen = 0;
	msg->msg_flags = done < len ? MSG_TRUNC : 0;
	if (!(flags & MSG_PEEK)) {
		free(owed[fd]);
		owed[fd] = NULL;
	}
	return (flags & MSG_TRUNC) ? (ssize_t)len : (ssize_t)done;
}
