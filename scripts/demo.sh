#!/usr/bin/env bash
# The main job. Until the Cortex-M demo lands, it runs the host example.
exec "$(dirname "$0")/host-demo.sh" "$@"
