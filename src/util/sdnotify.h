/*
 * sdnotify: the systemd readiness protocol (sd_notify(3)) written out in
 * a few lines instead of linking libsystemd: one datagram of
 * "KEY=VALUE\n" lines to the AF_UNIX socket named by $NOTIFY_SOCKET (a
 * path, or '@' for the abstract namespace).  Without $NOTIFY_SOCKET
 * (not started by systemd, or not Type=notify) it does nothing.
 */
#ifndef CUPPA_SDNOTIFY_H
#define CUPPA_SDNOTIFY_H

/* Sends state ("READY=1", "RELOADING=1", "STOPPING=1", "STATUS=...").
 * 1 sent, 0 nothing to send to, -1 the socket refused it (callers carry
 * on: readiness reports are not worth stopping a server for). */
int sdnotify(const char *state);

#endif
