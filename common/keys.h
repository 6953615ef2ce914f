/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reservation keys and persistent reservation types: strict parsing, names, the `auto` key. */
#ifndef TRESV_KEYS_H
#define TRESV_KEYS_H

#include <stddef.h>
#include <stdint.h>

/*
 * The application ID from which the `auto` key is derived: on any host,
 * `systemd-id128 machine-id --app-specific=33f98650fe29453bbe39d13a8befa6a3`
 * prints 32 hex digits; that host's auto key is 0x and the first 16.
 */
#define KEYS_AUTO_APP_ID "33f98650fe29453bbe39d13a8befa6a3"

/*
 * Parse a reservation key (SPC-5 RESERVATION KEY, 8 bytes): "0x" or "0X"
 * and 1 to 16 hex digits, or 1 or more decimal digits no larger than
 * 2^64-1.  Nothing else: no sign, no blanks, no suffix, no octal.
 * Returns 0 and *key, -EINVAL for bad syntax, -ERANGE for overflow
 * (a decimal value above 2^64-1, or more than 16 hex digits); *key is
 * untouched on failure.
 */
int keys_parse(const char *s, uint64_t *key);

/* The library that computes the auto key, loaded with dlopen(3) only then. */
#define KEYS_SYSTEMD_SONAME "libsystemd.so.0"

/* Bytes of a 128-bit ID (a machine ID, an application ID). */
#define KEYS_ID128_LEN 16

/*
 * This host's `auto` key: the first 8 bytes, big-endian, of the
 * application-specific machine ID of sd_id128_get_machine_app_specific(3):
 * HMAC-SHA256 keyed by the 16 bytes of /etc/machine-id over the 16 of
 * KEYS_AUTO_APP_ID, its first 16 bytes made a version-4 UUID
 * (keys_auto_of_mac()).  Stable for the life of the machine ID; never 0,
 * since byte 6 carries the version nibble 4.  Found once per process
 * (thread-safe) and kept: first with the kernel's crypto API
 * (keys_auto_kernel(): no library loaded), else through libsystemd
 * (keys_auto_from(), loaded for the call and unloaded after it), whose
 * error is the answer.  Returns 0 and *key, or -errno: -ELIBACC when
 * KEYS_SYSTEMD_SONAME cannot be loaded, -ENOENT or -ENOMEDIUM when there
 * is no usable /etc/machine-id.
 */
int keys_auto(uint64_t *key);

/*
 * The auto key computed by the kernel: /etc/machine-id read and parsed
 * (keys_machine_id_parse()), HMAC-SHA256 through an AF_ALG socket
 * ("hmac(sha256)"; the af_alg and algif_hash modules, which the kernel
 * loads on first use).  Returns 0 and *key, or -errno: -EAFNOSUPPORT (no
 * AF_ALG), -ENOENT (no such algorithm, or no /etc/machine-id), -EINVAL
 * or -ENOMEDIUM (a machine ID that is not one); *key untouched then.
 */
int keys_auto_kernel(uint64_t *key);

/* keys_auto() through libsystemd alone, named soname: for tests, which
 * name one that does not exist to see the -ELIBACC path.  Same returns. */
int keys_auto_from(const char *soname, uint64_t *key);

/*
 * A machine ID as machine-id(5) writes it: 32 hex digits (either case),
 * then at most one newline, len bytes of text, into id.  Returns 0,
 * -EINVAL for anything else, -ENOMEDIUM for all zeros (not set up).
 */
int keys_machine_id_parse(const char *text, size_t len, uint8_t id[KEYS_ID128_LEN]);

/* The auto key from the first 16 bytes of the HMAC: bytes 0-7, big-endian,
 * after setting the version-4 nibble (byte 6: 0x4_) and the DCE variant
 * (byte 8: 0b10______) as sd_id128 does. */
uint64_t keys_auto_of_mac(const uint8_t mac[KEYS_ID128_LEN]);

/* What keys_auto()'s error rc means, as one line without a newline:
 * "libsystemd.so.0 cannot be loaded" for -ELIBACC, else strerror(-rc). */
const char *keys_auto_strerror(int rc);

/* keys_parse(), or keys_auto() for the word "auto". Same returns. */
int keys_parse_or_auto(const char *s, uint64_t *key);

/*
 * Persistent reservation TYPE codes (SPC-5 table 227). 0, 2 and 4 are
 * obsolete; 9h-Fh reserved.
 */
enum pr_type {
	PR_TYPE_WR_EX = 0x1,
	PR_TYPE_EX_AC = 0x3,
	PR_TYPE_WR_EX_RO = 0x5,
	PR_TYPE_EX_AC_RO = 0x6,
	PR_TYPE_WR_EX_AR = 0x7,
	PR_TYPE_EX_AC_AR = 0x8,
};

/*
 * Parse a type: the SPC abbreviations wr-ex, ex-ac, wr-ex-ro, ex-ac-ro,
 * wr-ex-ar, ex-ac-ar, or the SPC codes 1, 3, 5, 6, 7, 8 (never the 1-6
 * numbering some operating systems use).  Exact words only.  Returns 0
 * and *type, or -EINVAL.
 */
int keys_type_parse(const char *s, uint8_t *type);

/* "ex-ac" for 3 and so on; NULL for codes that are not a current type. */
const char *keys_type_abbrev(unsigned type);

/* "Exclusive Access" for 3 and so on; NULL likewise. */
const char *keys_type_title(unsigned type);

/* True for the all-registrants types (7, 8), whose every registrant is
 * a reservation holder and whose READ RESERVATION key is 0 (SPC-5 5.14.10). */
int keys_type_all_registrants(unsigned type);

#endif /* TRESV_KEYS_H */
