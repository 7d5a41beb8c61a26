/*
 * num: whole numbers in the text that people, forms, URLs and clients
 * send.  One strict reading for all of them, so "5", "05" and nothing
 * else mean five: strtol alone also takes " 5" and "+5", reads "" as 0
 * and saturates on overflow, and every caller checked a different part
 * of that.
 */
#ifndef CUPPA_NUM_H
#define CUPPA_NUM_H

/* s as a whole number from min to max: ASCII digits, with one '-' first
 * only where min is below 0; no space, no '+', nothing after, no
 * overflow.  0, or -1 with *out untouched. */
int num_parse(const char *s, long long min, long long max, long long *out);

#endif
