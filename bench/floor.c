/* SPDX-License-Identifier: GPL-2.0-or-later */
/* make bench: the floor of a process start, a program that only prints (built static and dynamic). */
#include <stdio.h>

int
main(void)
{
	puts("floor");
	return 0;
}
