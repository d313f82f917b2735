# Sourced by the bench scripts: a JDK >= 25, a fresh build, and the results folder in $out.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/jdk.sh
dante_find_jdk
./mvnw -B -q -ntp install -DskipTests
out=bench/results
mkdir -p "$out"
