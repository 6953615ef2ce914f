/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Known key schemes: who made a key, by its own bytes (text keys, LTFS's), and multipathd's prkeys file (pure). */
#ifndef TRESV_KEYSCHEME_H
#define TRESV_KEYSCHEME_H

#include <stddef.h>
#include <stdint.h>

/* Room for any text keyscheme_name() writes, its NUL included. */
#define KEYSCHEME_NAME_MAX 48

/*
 * Who made key, told by its 8 bytes (big-endian, byte 0 first), in words
 * into buf (len bytes, KEYSCHEME_NAME_MAX always suffice):
 *  - LTFS's keys (LinearTapeFileSystem/ltfs, src/tape_drivers/ibm_tape.c,
 *    ibm_tape_genkey() and ibm_tape_parsekey()): 40h, three 00h and an
 *    IPv4 address: "LTFS host 10.0.0.7"; 60h and the last 7 bytes of an
 *    IPv6 address: "LTFS host IPv6 xx01:0203:0405:0607" (as LTFS shows
 *    it); 10h and the first 7 bytes of the host name, NUL-padded:
 *    "LTFS host backup1" (all 7 zero: "LTFS host without a name");
 *  - text keys: 1 to 8 printable ASCII bytes (20h-7Eh, the first not a
 *    blank), then only 00h: ASCII "NetWorkr" (NetWorker's default key;
 *    AIX Atape's reserve_key given as 1 to 8 chars is NUL-padded so, IBM
 *    Tape Device Drivers, "ODM attributes and configuring persistent
 *    reserve support"), with '"' and '\' escaped by a '\'.
 * Returns buf, or NULL when the key has none of these shapes.
 */
const char *keyscheme_name(uint64_t key, char *buf, size_t len);

/*
 * The keys of multipathd's prkeys file (multipath-tools,
 * libmultipath/prkey.c: /etc/multipath/prkeys, one "0x<16 hex digits>
 * WWID" line per multipath map, "0X..." when the key was registered with
 * APTPL, a removed key's line turned into a comment by a '#' over its
 * first char), len bytes of its text.  Lines that are not a 0x or 0X key
 * (keys_parse()) followed by blanks and a WWID are skipped.  The first
 * cap keys found go to keys (may be NULL when cap is 0), in file order.
 * Returns how many keys the text holds (more than cap when they did not
 * all fit).
 */
size_t keyscheme_prkeys(const char *text, size_t len, uint64_t *keys, size_t cap);

#endif /* TRESV_KEYSCHEME_H */
