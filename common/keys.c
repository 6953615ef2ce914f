/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reservation keys and types: our own strict parsers (popt's numbers are signed). */
#include <errno.h>
#include <stddef.h>
#include <string.h>

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

/* The two functions of libsystemd the auto key needs, loaded only then
 * (libsystemd pulls six more libraries into every start otherwise). */
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
keys_auto(uint64_t *key)
{
	return keys_auto_from(KEYS_SYSTEMD_SONAME, key);
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
