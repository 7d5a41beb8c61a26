/*
 * tznames: whether a time zone name ("Europe/London") is installed on
 * this system, i.e. whether /usr/share/zoneinfo/NAME is a regular file
 * (following links), answered from a list of every such name read
 * once per process instead of a stat() per question.  A CSV import asks
 * once per row, and a 100,000-row file was 100,000 system calls.
 *
 * The list is a snapshot of the directory at the first question: a zone
 * installed while a server runs is known after its restart (tz_load,
 * which reads the zone's file, is not affected).  When the list cannot
 * be read whole (out of memory, a directory that cannot be listed),
 * every question is answered by stat() as before, so the answer never
 * depends on whether the list could be made.
 */
#ifndef CUPPA_TZNAMES_H
#define CUPPA_TZNAMES_H

#include <stdbool.h>

/* True when /usr/share/zoneinfo/name is a regular file, as stat() would
 * say: "Europe//London" is Europe/London, a trailing '/' is never a
 * file.  The caller has checked the name's characters (letters, digits,
 * '_', '-', '+', '/'), its length (at most 64 bytes), that it has no
 * ".." and does not start with '/'.  Thread-safe. */
bool tznames_has(const char *name);

#endif
