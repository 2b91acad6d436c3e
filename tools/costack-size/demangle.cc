// C++ symbol names for the analyser: records carry source names ("entry",
// "app::entry"), the symbol table the mangled ones. Demangling is
// libstdc++'s __cxa_demangle; the rest is trimming (demangle.h).
#include <cxxabi.h>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern "C" {
#include "demangle.h"
}

namespace {
std::vector<char *> pool;

// The position of the parameter list's '(' at template depth 0 ("operator()"
// is part of a name), or npos.
std::size_t params_at(const std::string &s)
{
    int depth = 0;
    for (std::size_t i = 0; i < s.size(); i++) {
        char c = s[i];
        if (c == '<')
            depth++;
        else if (c == '>')
            depth--;
        else if (c == '(' && depth == 0) {
            if (i >= 8 && s.compare(i - 8, 8, "operator") == 0 && s.compare(i, 2, "()") == 0) {
                i++;
                continue;
            }
            return i;
        }
    }
    return std::string::npos;
}
} // namespace

extern "C" const char *cs_demangle(const char *name)
{
    if (!name || std::strncmp(name, "_Z", 2) != 0)
        return name;
    int status = 0;
    char *d = abi::__cxa_demangle(name, nullptr, nullptr, &status);
    if (status != 0 || !d)
        return name;
    std::string full(d), out;
    std::free(d);
    std::size_t p = params_at(full);
    out = full.substr(0, p);
    // Clones: "foo(int) [clone .cold] [clone .0]" -> "foo.cold.0".
    for (std::size_t at = full.find(" [clone "); at != std::string::npos;
         at = full.find(" [clone ", at + 1)) {
        std::size_t end = full.find(']', at);
        if (end == std::string::npos)
            break;
        out += full.substr(at + 8, end - at - 8);
    }
    char *keep = static_cast<char *>(std::malloc(out.size() + 1));
    if (!keep)
        return name;
    std::memcpy(keep, out.c_str(), out.size() + 1);
    pool.push_back(keep);
    return keep;
}

extern "C" void cs_demangle_release(void)
{
    for (char *p : pool)
        std::free(p);
    pool.clear();
}
