/* cs_demangle() without a C++ compiler: names stay as they are. */
#include "demangle.h"

const char *cs_demangle(const char *name) { return name; }
void cs_demangle_release(void) {}
