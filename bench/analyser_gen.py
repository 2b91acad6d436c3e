#!/usr/bin/env python3
"""Generates a C file with TASKS tasks and SITES await sites for the
costack-size benchmark: task i runs a chain of SITES/TASKS async functions;
main starts every task and a caller loop (run_all) resumes them until all
are done, so the running-stack pass has a root and co_resume to walk."""
import sys

tasks, sites, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
per = sites // tasks
with open(out, "w") as f:
    f.write("#include <costack.h>\n")
    for t in range(tasks):
        for k in reversed(range(per + 1)):
            name = f"f{t}_{k}"
            f.write(f"struct {name} {{ co_frame co; char pad[{(t + k) % 29 + 1}]; }};\n")
            f.write(f"static CO_ASYNC({name}, void)\n{{\n    CO_BEGIN({name}, self);\n")
            if k < per:
                f.write(f"    CO_AWAIT(f{t}_{k + 1}, NULL);\n")
            else:
                f.write("    CO_YIELD();\n")
            f.write("    CO_END;\n}\n")
        f.write(f"CO_TASK(task{t}, f{t}_0, 4096);\n")
    f.write("static co_context *const all[] = {\n")
    for t in range(tasks):
        f.write(f"    &task{t},\n")
    f.write("};\n")
    f.write("__attribute__((noinline)) static void run_all(void)\n{\n"
            "    for (unsigned again = 1; again;) {\n        again = 0;\n"
            "        for (unsigned i = 0; i < sizeof all / sizeof all[0]; i++)\n"
            "            if (co_resume(all[i]) != CO_STATE_DONE)\n                again = 1;\n"
            "    }\n}\n")
    f.write("int main(void)\n{\n")
    for t in range(tasks):
        f.write(f"    CO_START(&task{t}, NULL, f{t}_0, NULL);\n")
    f.write("    run_all();\n    return 0;\n}\n")
