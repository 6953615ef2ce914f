/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Optional shared libraries loaded with dlopen(3) only when a run needs them. */
#ifndef TRESV_DLIB_H
#define TRESV_DLIB_H

#include <stddef.h>

/* One symbol to resolve: its name and where its address goes, as the byte
 * offset of a function pointer member in the caller's table struct. */
struct dlib_sym {
	const char *name;
	size_t offset;
};

/*
 * dlopen(3) the library soname (e.g. "libsystemd.so.0") and store the
 * address of each of the n symbols of syms into table at its offset (each
 * member a function pointer; POSIX dlsym() gives their addresses as void *).
 * Returns the handle for dlib_close(), or NULL when the library or one
 * symbol is missing, with why holding one line, no newline:
 * "SONAME: cannot load it (REASON)"; table is then partly filled, unusable.
 */
void *dlib_open(const char *soname, const struct dlib_sym *syms, size_t n, void *table,
		char *why, size_t whylen);

/* Unload what dlib_open() returned; NULL is allowed. */
void dlib_close(void *handle);

#endif /* TRESV_DLIB_H */
