# API reference: Doxygen over the public headers with zero warnings, and
# every public function's contract says whether it blocks and whether an
# ISR may call it.
set -u
cd "$COSTACK_ROOT"
failed=0
out="$COSTACK_BUILD/docs"
rm -rf "$out" && mkdir -p "$out"
if COSTACK_DOCS_OUT="$out" doxygen docs/Doxyfile && [ ! -s "$out/doxygen-warnings.log" ] \
   && [ -f "$out/html/index.html" ]; then
  echo "ok   doxygen: $out/html/index.html, 0 warnings"
else
  cat "$out/doxygen-warnings.log" 2>/dev/null
  echo "FAIL doxygen"
  failed=$((failed + 1))
fi
if python3 tools/check_contracts.py include; then
  echo "ok   contracts"
else
  echo "FAIL contracts"
  failed=$((failed + 1))
fi
echo "docs: $((2 - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
