/* C++ symbol names as the records spell them (demangle.cc). */
#ifndef CS_DEMANGLE_H
#define CS_DEMANGLE_H

/* The name a costack record uses for symbol name: a mangled C++ name
 * demangled (libstdc++'s __cxa_demangle) without its parameter list, a
 * compiler clone's suffix kept as ".suffix" ("_Z3fooP1s.cold" -> "foo.cold");
 * any other name unchanged. The result lives until cs_demangle_release(). */
const char *cs_demangle(const char *name);

/* Frees every name cs_demangle() returned. */
void cs_demangle_release(void);

#endif
