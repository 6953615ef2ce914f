/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SCSI pass-through over libsgutils2's sg_pt: the only code that talks to the kernel's SG_IO. */
#ifndef TRESV_SGIO_H
#define TRESV_SGIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exitstat.h"
#include "sense.h"

struct sgio_dev;

enum sgio_dir {
	SGIO_DIR_NONE,		/* no data phase */
	SGIO_DIR_IN,		/* data from the device */
	SGIO_DIR_OUT,		/* data to the device */
};

/* How commands are sent: from the tool's options, read-only. */
struct sgio_opts {
	int verbose;		/* 1: CDBs and parameter data in hex on stderr;
				 * 2: also status, sense and response bytes */
	unsigned timeout_s;	/* per-command timeout, seconds, >= 1 */
};

/* Default per-command timeout in seconds (-t overrides). */
#define SGIO_DEFAULT_TIMEOUT 60

/*
 * Open a SCSI device node for SG_IO: /dev/sgN, /dev/stN, /dev/nstN,
 * /dev/schN, /dev/sdX, /dev/bsg/..., or a link to one.  Opens with
 * O_NONBLOCK (no medium needed) and O_RDONLY, or O_RDWR if read_write.
 * Sends no SCSI command: the node is proven to accept SG_IO with the
 * SG_GET_VERSION_NUM ioctl, which the kernel answers itself.
 * Returns 0 and *devp, or -errno: -ENOENT and friends from stat/open,
 * -EISDIR for a directory, -ENOTTY for anything that is not a SCSI
 * device node (a regular file, /dev/null, a partition), -ENOMEM.
 */
int sgio_open(const char *path, bool read_write, struct sgio_dev **devp);

/* Close and free; NULL is fine. */
void sgio_close(struct sgio_dev *dev);

/* SCSI commands sent through dev so far (retries count), for benchmarks. */
unsigned long sgio_commands_sent(const struct sgio_dev *dev);

/*
 * Send one command, with what every tool wants around it: with verbose, the
 * command's name and CDB (and parameter data for SGIO_DIR_OUT) in hex on
 * stderr before, status/sense/response after; a UNIT ATTENTION (which
 * means the command did not run, SPC-5 5.14) is reported on stderr by
 * its meaning and the command sent once more.  cdb is cdb_len bytes
 * (6..16); buf is len bytes for the data phase dir (ignored for
 * SGIO_DIR_NONE).  res->received is len minus the residual: the only
 * bytes of buf a parser may read.  Returns the exit status of the last
 * attempt (sense_result_exit); *res holds that attempt.
 */
enum tr_exit sgio_run(struct sgio_dev *dev, const struct sgio_opts *opts,
		      const uint8_t *cdb, size_t cdb_len, enum sgio_dir dir,
		      uint8_t *buf, size_t len, struct scsi_result *res);

/* How far a reset reaches (Linux SG_SCSI_RESET levels). */
enum sgio_reset {
	SGIO_RESET_LU,		/* logical unit reset (SG_SCSI_RESET_DEVICE) */
	SGIO_RESET_TARGET,	/* target reset (SG_SCSI_RESET_TARGET) */
	SGIO_RESET_BUS,		/* bus reset (SG_SCSI_RESET_BUS) */
};

/*
 * Ask the kernel to reset the device's logical unit, target or bus
 * (ioctl SG_SCSI_RESET, without escalation to a wider reset).  A logical
 * unit reset clears SPC-2 reservations and aborts every initiator's
 * commands on the unit; persistent reservations survive it (SPC-5
 * 5.14.2).  Counts as a command sent.  Returns 0, or -errno (-EBUSY while
 * the host is in error recovery, -ENOTTY for a node without the ioctl).
 */
int sgio_reset(struct sgio_dev *dev, enum sgio_reset level);

#endif /* TRESV_SGIO_H */
