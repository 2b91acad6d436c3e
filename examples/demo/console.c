/* examples/demo/console.c - the demo's console formatter (console.h). */
#include <stdarg.h>
#include <stdbool.h>

#include "board.h"
#include "console.h"

#define LINE 96 /* bytes formatted before a write: one report line */

typedef struct out {
    char buf[LINE];
    unsigned n;
    int total;
} out;

static void flush(out *o)
{
    board_console_write(o->buf, o->n);
    o->n = 0;
}

static void put(out *o, char c)
{
    if (o->n == LINE)
        flush(o);
    o->buf[o->n++] = c;
    o->total++;
}

/* s (len bytes) padded with spaces to width, on the left unless left. */
static void field(out *o, const char *s, unsigned len, unsigned width, bool left)
{
    for (unsigned i = len; !left && i < width; i++)
        put(o, ' ');
    for (unsigned i = 0; i < len; i++)
        put(o, s[i]);
    for (unsigned i = len; left && i < width; i++)
        put(o, ' ');
}

void con_write(const char *s, size_t n) { board_console_write(s, (unsigned)n); }

int con_printf(const char *fmt, ...)
{
    out o;
    o.n = 0;
    o.total = 0;
    va_list ap;
    va_start(ap, fmt);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            put(&o, *p);
            continue;
        }
        bool left = *++p == '-', lng = false;
        p += left;
        unsigned width = 0;
        while (*p >= '0' && *p <= '9')
            width = width * 10u + (unsigned)(*p++ - '0');
        if (*p == 'l') {
            lng = true;
            p++;
        }
        char num[12], *e = num + sizeof num, *s = e;
        unsigned long u;
        bool neg = false;
        switch (*p) {
        case 'd':
        case 'u': {
            if (*p == 'd') {
                long v = lng ? va_arg(ap, long) : va_arg(ap, int);
                neg = v < 0;
                u = neg ? 0ul - (unsigned long)v : (unsigned long)v;
            } else {
                u = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
            }
            do
                *--s = (char)('0' + u % 10u);
            while (u /= 10u);
            if (neg)
                *--s = '-';
            field(&o, s, (unsigned)(e - s), width, left);
            break;
        }
        case 's': {
            const char *str = va_arg(ap, const char *);
            unsigned len = 0;
            while (str[len])
                len++;
            field(&o, str, len, width, left);
            break;
        }
        case 'c':
            num[0] = (char)va_arg(ap, int);
            field(&o, num, 1, width, left);
            break;
        case '%':
            put(&o, '%');
            break;
        default: /* not in the subset: shown as written */
            put(&o, '%');
            if (!*p)
                p--;
            else
                put(&o, *p);
            break;
        }
    }
    va_end(ap);
    flush(&o);
    return o.total;
}
