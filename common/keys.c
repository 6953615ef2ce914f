/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reservation keys and types: our own strict parsers (popt's numbers are signed). */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_alg.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "be.h"
#include "hex.h"
#include "num.h"
#include <systemd/sd-id128.h>

#include "dlib.h"
#include "keys.h"

int
keys_parse(const char *s, uint64_t *key)
{
	uint64_t v = 0;
	size_t n;
	int d;

	if (s == NULL || *s == '\0')
		return -EINVAL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		for (n = 0; s[n] != '\0'; n++) {
			if ((d = hex_digit(s[n])) < 0)
				return -EINVAL;
			if (n >= 16)
				return -ERANGE;
			v = (v << 4) | (uint64_t)d;
		}
		if (n == 0)
			return -EINVAL;
	} else {
		d = num_parse_u64(s, UINT64_MAX, &v);
		if (d < 0)
			return d;
	}
	*key = v;
	return 0;
}

/* The two functions of libsystemd the auto key needs where the kernel
 * cannot compute it, loaded only then (libsystemd pulls six more
 * libraries into every start otherwise). */
struct sd_api {
	int (*from_string)(const char *s, sd_id128_t *ret);
	int (*machine_app_specific)(sd_id128_t app_id, sd_id128_t *ret);
};

static const struct dlib_sym sd_syms[] = {
	{ "sd_id128_from_string", offsetof(struct sd_api, from_string) },
	{ "sd_id128_get_machine_app_specific", offsetof(struct sd_api, machine_app_specific) },
};

int
keys_auto_from(const char *soname, uint64_t *key)
{
	struct sd_api api;
	sd_id128_t app, id;
	char why[256];
	void *lib;
	int rc;

	lib = dlib_open(soname, sd_syms, sizeof(sd_syms) / sizeof(sd_syms[0]), &api, why,
			sizeof(why));
	if (lib == NULL)
		return -ELIBACC;
	rc = api.from_string(KEYS_AUTO_APP_ID, &app);
	if (rc == 0)
		rc = api.machine_app_specific(app, &id);
	dlib_close(lib);
	if (rc < 0)
		return rc;
	*key = be64_get(id.bytes);
	return 0;
}

int
keys_machine_id_parse(const char *text, size_t len, uint8_t id[KEYS_ID128_LEN])
{
	uint8_t v[KEYS_ID128_LEN], any = 0;
	size_t i;
	int hi, lo;

	if (len == 2 * KEYS_ID128_LEN + 1 && text[len - 1] == '\n')
		len--;
	if (len != 2 * KEYS_ID128_LEN)
		return -EINVAL;
	for (i = 0; i < KEYS_ID128_LEN; i++) {
		hi = hex_digit(text[2 * i]);
		lo = hex_digit(text[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		v[i] = (uint8_t)(hi << 4 | lo);
		any |= v[i];
	}
	if (any == 0)
		return -ENOMEDIUM;	/* all zero: not set up */
	memcpy(id, v, sizeof(v));
	return 0;
}

uint64_t
keys_auto_of_mac(const uint8_t mac[KEYS_ID128_LEN])
{
	uint8_t id[KEYS_ID128_LEN];

	memcpy(id, mac, sizeof(id));
	id[6] = (uint8_t)((id[6] & 0x0f) | 0x40);	/* version 4 */
	id[8] = (uint8_t)((id[8] & 0x3f) | 0x80);	/* variant DCE */
	return be64_get(id);
}

/* /etc/machine-id into id: 0, or -errno (-EINVAL for what is not one). */
static int
read_machine_id(uint8_t id[KEYS_ID128_LEN])
{
	char text[2 * KEYS_ID128_LEN + 2];
	ssize_t n;
	int fd = open("/etc/machine-id", O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return -errno;
	n = read(fd, text, sizeof(text));
	close(fd);
	if (n < 0)
		return -errno;
	return keys_machine_id_parse(text, (size_t)n, id);
}

/* The kernel's HMAC-SHA256 (crypto API "hmac(sha256)" through an AF_ALG
 * socket, Documentation/crypto/userspace-if.rst) of msg keyed by key, its
 * first KEYS_ID128_LEN bytes into mac: 0, or -errno. */
static int
kernel_hmac_sha256(const uint8_t *key, size_t keylen, const uint8_t *msg, size_t msglen,
		   uint8_t mac[KEYS_ID128_LEN])
{
	struct sockaddr_alg sa = { .salg_family = AF_ALG, .salg_type = "hash",
				   .salg_name = "hmac(sha256)" };
	uint8_t out[32];
	int tfm, op = -1, rc = 0;

	tfm = socket(AF_ALG, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (tfm < 0)
		return -errno;
	if (bind(tfm, (const struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key, (socklen_t)keylen) != 0 ||
	    (op = accept4(tfm, NULL, NULL, SOCK_CLOEXEC)) < 0)
		rc = -errno;
	else if ((errno = 0, send(op, msg, msglen, 0)) != (ssize_t)msglen ||
		 read(op, out, sizeof(out)) != (ssize_t)sizeof(out))
		rc = errno != 0 ? -errno : -EIO;
	if (op >= 0)
		close(op);
	close(tfm);
	if (rc == 0)
		memcpy(mac, out, KEYS_ID128_LEN);
	return rc;
}

int
keys_auto_kernel(uint64_t *key)
{
	uint8_t machine[KEYS_ID128_LEN], app[KEYS_ID128_LEN], mac[KEYS_ID128_LEN];
	int rc = read_machine_id(machine);

	if (rc == 0)
		rc = keys_machine_id_parse(KEYS_AUTO_APP_ID, strlen(KEYS_AUTO_APP_ID), app);
	if (rc == 0)
		rc = kernel_hmac_sha256(machine, sizeof(machine), app, sizeof(app), mac);
	if (rc == 0)
		*key = keys_auto_of_mac(mac);
	return rc;
}

/* keys_auto()'s answer, found once per process. */
static pthread_once_t auto_once = PTHREAD_ONCE_INIT;
static int auto_rc;
static uint64_t auto_key;

static void
derive_auto(void)
{
	auto_rc = keys_auto_kernel(&auto_key);
	if (auto_rc != 0)
		auto_rc = keys_auto_from(KEYS_SYSTEMD_SONAME, &auto_key);
}

int
keys_auto(uint64_t *key)
{
	pthread_once(&auto_once, derive_auto);
	if (auto_rc == 0)
		*key = auto_key;
	return auto_rc;
}

const char *
keys_auto_strerror(int rc)
{
	return rc == -ELIBACC ? KEYS_SYSTEMD_SONAME " cannot be loaded" : strerror(-rc);
}

int
keys_parse_or_auto(const char *s, uint64_t *key)
{
	if (s != NULL && strcmp(s, "auto") == 0)
		return keys_auto(key);
	return keys_parse(s, key);
}

/* One table per code space, indexed by the code, so a label can only
 * belong to the bit pattern it names (SPC-5 table 227). */
static const struct {
	const char *abbrev;
	const char *title;
} pr_types[16] = {
	[PR_TYPE_WR_EX] = { "wr-ex", "Write Exclusive" },
	[PR_TYPE_EX_AC] = { "ex-ac", "Exclusive Access" },
	[PR_TYPE_WR_EX_RO] = { "wr-ex-ro", "Write Exclusive, Registrants Only" },
	[PR_TYPE_EX_AC_RO] = { "ex-ac-ro", "Exclusive Access, Registrants Only" },
	[PR_TYPE_WR_EX_AR] = { "wr-ex-ar", "Write Exclusive, All Registrants" },
	[PR_TYPE_EX_AC_AR] = { "ex-ac-ar", "Exclusive Access, All Registrants" },
};

const char *
keys_type_abbrev(unsigned type)
{
	return type < 16 ? pr_types[type].abbrev : NULL;
}

const char *
keys_type_title(unsigned type)
{
	return type < 16 ? pr_types[type].title : NULL;
}

int
keys_type_all_registrants(unsigned type)
{
	return type == PR_TYPE_WR_EX_AR || type == PR_TYPE_EX_AC_AR;
}

int
keys_type_parse(const char *s, uint8_t *type)
{
	unsigned t;

	if (s == NULL)
		return -EINVAL;
	for (t = 0; t < 16; t++) {
		if (pr_types[t].abbrev == NULL)
			continue;
		if (strcmp(s, pr_types[t].abbrev) == 0 ||
		    (s[0] == (char)('0' + t) && s[1] == '\0')) {
			*type = (uint8_t)t;
			return 0;
		}
	}
	return -EINVAL;
}
