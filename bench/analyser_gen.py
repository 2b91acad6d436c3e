#!/usr/bin/env python3
"""Generates a C file with TASKS tasks and SITES await sites for the
costack-size benchmark: task i runs a chain of SITES/TASKS async functions."""
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
    f.write("int main(void)\n{\n")
    for t in range(tasks):
        f.write(f"    CO_START(&task{t}, NULL, f{t}_0, NULL);\n")
    f.write("    return 0;\n}\n")
