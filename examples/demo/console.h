/* examples/demo/console.h - the demo's console formatter: the printf
 * subset the demo uses (%d %u %s %c %%, 'l', width, '-'), formatted into
 * one line buffer on the stack and written with board_console_write(). No
 * heap, no floating point, no newlib stdio: the stack it needs is what the
 * demo runs (costack-size's running-stack bound follows this code). */
#ifndef DEMO_CONSOLE_H
#define DEMO_CONSOLE_H

#include <stddef.h>

/* Formats like printf (the subset above) and writes the text. Blocks until
 * written; not ISR-safe. Returns the bytes written. */
int con_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Writes n bytes as they are. Blocks until written; not ISR-safe. */
void con_write(const char *s, size_t n);

#endif /* DEMO_CONSOLE_H */
