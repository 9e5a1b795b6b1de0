#!/usr/bin/env bash
# Prints the package dependency graph of src/main/java ("pkg -> its dependencies", one line per package)
# and every package cycle. The same scanner backs PackageLayoutTest.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
exec java "$here/src/test/java/dev/liverec/arch/PackageGraph.java" "${1:-$here/src/main/java}"
