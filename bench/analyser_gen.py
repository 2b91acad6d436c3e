#!/usr/bin/env python3
"""Generates the C files of a costack-size benchmark program with TASKS
tasks and SITES await sites: task i runs a chain of SITES/TASKS async
functions; main starts every task and a caller loop (run_all) resumes them
until all are done, so the running-stack pass has a root and co_resume to
walk. The tasks are spread over CHUNKS files (chunkK.c) besides main.c: one
50 000-site file kept GCC busy for 27 min and gas for longer, ten files
build in minutes.
Usage: analyser_gen.py TASKS SITES OUTDIR CHUNKS"""
import os, sys

tasks, sites, out, chunks = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
per = sites // tasks
os.makedirs(out, exist_ok=True)
bounds = [tasks * c // chunks for c in range(chunks + 1)]
for c in range(chunks):
    with open(os.path.join(out, f"chunk{c}.c"), "w") as f:
        f.write("#include <costack.h>\n")
        for t in range(bounds[c], bounds[c + 1]):
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
        f.write(f"void start{c}(void);\nvoid start{c}(void)\n{{\n")
        for t in range(bounds[c], bounds[c + 1]):
            f.write(f"    CO_START(&task{t}, NULL, f{t}_0, NULL);\n")
        f.write("}\n")
with open(os.path.join(out, "main.c"), "w") as f:
    f.write("#include <costack.h>\n")
    for t in range(tasks):
        f.write(f"extern co_context task{t};\n")
    for c in range(chunks):
        f.write(f"void start{c}(void);\n")
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
    for c in range(chunks):
        f.write(f"    start{c}();\n")
    f.write("    run_all();\n    return 0;\n}\n")
