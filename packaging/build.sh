#!/usr/bin/env bash
# Builds the `sstp` executable as one self-contained file (no .NET runtime needed on the target):
#   packaging/build.sh [RID]        RID defaults to linux-x64 (also: linux-arm64, linux-musl-x64)
# Output: dist/<RID>/sstp, plus dist/sstp for linux-x64.
set -euo pipefail
cd "$(dirname "$0")/.."
rid="${1:-linux-x64}"
out="dist/$rid"
rm -rf "$out"
dotnet publish src/Sstp.Cli -c Release -r "$rid" --self-contained \
    -p:PublishSingleFile=true \
    -p:IncludeNativeLibrariesForSelfExtract=true \
    -p:DebugType=none \
    -o "$out" -v q -nologo
# Only the executable is needed; publish may leave nothing else, but be sure.
find "$out" -mindepth 1 ! -name sstp -delete
if [ "$rid" = linux-x64 ]; then
    cp "$out/sstp" dist/sstp
fi
"$out/sstp" --version >/dev/null 2>&1 || [ "$(uname -m)" != x86_64 ] || { echo "build.sh: $out/sstp does not run" >&2; exit 1; }
echo "built $out/sstp ($(du -h "$out/sstp" | cut -f1))"
