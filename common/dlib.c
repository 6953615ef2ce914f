/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Optional shared libraries loaded with dlopen(3) only when a run needs them. */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "dlib.h"

void *
dlib_open(const char *soname, const struct dlib_sym *syms, size_t n, void *table,
	  char *why, size_t whylen)
{
	const char *reason;
	void *h, *addr;
	size_t i;

	h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	for (i = 0; h != NULL && i < n; i++) {
		addr = dlsym(h, syms[i].name);
		if (addr == NULL) {
			snprintf(why, whylen, "%s: cannot load it (no symbol %s)", soname,
				 syms[i].name);
			dlclose(h);
			return NULL;
		}
		memcpy((char *)table + syms[i].offset, &addr, sizeof(addr));
	}
	if (h == NULL) {
		reason = dlerror();
		/* dlerror() begins with the soname it could not open: say it once */
		if (reason != NULL && strncmp(reason, soname, strlen(soname)) == 0 &&
		    strncmp(reason + strlen(soname), ": ", 2) == 0)
			reason += strlen(soname) + 2;
		snprintf(why, whylen, "%s: cannot load it (%s)", soname,
			 reason != NULL ? reason : "unknown error");
	}
	return h;
}

void
dlib_close(void *handle)
{
	if (handle != NULL)
		dlclose(handle);
}
