/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The iSCSI transport: one logical unit reached through libiscsi from user space, as its own I_T nexus. */
#ifndef TRESV_XPORT_ISCSI_H
#define TRESV_XPORT_ISCSI_H

#include <stddef.h>

#include "iscsi_url.h"
#include "xport.h"

/* Where open-iscsi keeps this host's initiator name (under a sysroot). */
#define XPORT_ISCSI_NAME_FILE "etc/iscsi/initiatorname.iscsi"
/* The prefix of the name derived from the machine ID: this and the 16
 * hex digits of the auto key (keys_auto()). */
#define XPORT_ISCSI_AUTO_NAME_PREFIX "iqn.1993-08.org.debian:01:tresv-"

/*
 * This host's iSCSI initiator name, into name (cap bytes, 224 suffice):
 * the InitiatorName of SYSROOT/etc/iscsi/initiatorname.iscsi when the
 * file exists, else XPORT_ISCSI_AUTO_NAME_PREFIX and the auto key's 16
 * lower-case hex digits.  Returns 0, or -errno with the reason in why
 * (whylen bytes): the file unreadable, without a valid InitiatorName
 * (-EINVAL), or no machine ID (keys_auto()'s error).
 */
int xport_iscsi_initiator(const char *sysroot, char *name, size_t cap, char *why,
			  size_t whylen);

/*
 * Log in to the logical unit u names, as initiator `initiator` (an iSCSI
 * name) with ISID ISCSI_URL_ISID_BASE + LUN, and so as the same I_T
 * nexus every time; CHAP with u's user and password, where the URL has
 * none, those of $LIBISCSI_CHAP_USERNAME and $LIBISCSI_CHAP_PASSWORD.
 * Connecting and logging in take at most timeout_s seconds; no SCSI
 * command is sent (libiscsi's full connect would send TEST UNIT READY,
 * swallowing unit attentions).  Each command later waits at most the
 * timeout it is given; a command that times out or loses the connection
 * ends the session, and the next one logs in again.  The idle operation
 * keeps the session (an SPC-2 reservation lives as long as it does),
 * answering the target's NOP-In pings from a thread until the next
 * command; the socket is close-on-exec.  libiscsi's reconnect-and-resend
 * is off: a command is sent once.
 * libiscsi (libiscsi.so.7) is loaded with dlopen(3) here, not linked.
 * Returns 0 and *out, or -errno with the reason in err (errlen bytes):
 * -ELIBACC "libiscsi.so.7: cannot load it (REASON)", the connection
 * refused or no answer within timeout_s, the target's login status
 * ("Authentication failure", "Target not found").
 */
int xport_iscsi_open(const struct tr_iscsi_url *u, const char *initiator,
		     unsigned timeout_s, struct xport **out, char *err, size_t errlen);

#endif /* TRESV_XPORT_ISCSI_H */
