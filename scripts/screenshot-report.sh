#!/usr/bin/env bash
# Renders a report page in headless Chromium and checks that the screenshot is not blank.
#   scripts/screenshot-report.sh REPORT.html OUT.png [WIDTH,HEIGHT]
# Exit codes: 0 screenshot written and not blank; 1 no screenshot or a blank one;
# 2 usage; 77 no Chromium here (install it with `apt-get install -y chromium`), so a test
# can skip.
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 REPORT.html OUT.png [WIDTH,HEIGHT]" >&2
  exit 2
fi
report=$(realpath "$1")
out=$(realpath -m "$2")
size=${3:-1400,4000}
if [ ! -f "$report" ]; then
  echo "screenshot-report: no such file: $1" >&2
  exit 2
fi

browser=""
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null 2>&1; then
    browser=$candidate
    break
  fi
done
if [ -z "$browser" ]; then
  echo "screenshot-report: Chromium not found (apt-get install -y chromium)" >&2
  exit 77
fi

profile=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$profile" "$log"' EXIT
rm -f "$out"
# A throw-away profile, no network chatter: the page is a local, self-contained file.
if ! timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$profile" --screenshot="$out" --window-size="$size" \
    "file://$report" >"$log" 2>&1 || [ ! -s "$out" ]; then
  echo "screenshot-report: $browser wrote no screenshot of $report; its output:" >&2
  cat "$log" >&2
  exit 1
fi

# Not blank: a page of one colour compresses to almost nothing and its PNG scanlines are one
# byte value over and over (whatever the row filter). Python's standard library is enough.
if command -v python3 >/dev/null 2>&1; then
  python3 - "$out" <<'PY'
import struct, sys, zlib
path = sys.argv[1]
data = open(path, 'rb').read()
if data[:8] != b'\x89PNG\r\n\x1a\n':
    sys.exit(f'screenshot-report: {path} is not a PNG')
pos, idat, width, height = 8, b'', 0, 0
while pos < len(data):
    length, kind = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b'IHDR':
        width, height = struct.unpack('>II', body[:8])
    elif kind == b'IDAT':
        idat += body
    pos += 12 + length
raw = zlib.decompress(idat)
mode = max(raw.count(bytes([b])) for b in range(256))
varied = 1.0 - mode / len(raw)
distinct = sum(1 for b in range(256) if bytes([b]) in raw)
print(f'screenshot-report: {path}: {width}x{height} px, {len(data) // 1024} KiB, '
      f'{100 * varied:.1f} % of scanline bytes off the commonest value, {distinct} byte values')
if varied < 0.005 or distinct < 16:
    sys.exit(f'screenshot-report: {path} looks blank')
PY
else
  bytes=$(stat -c %s "$out")
  echo "screenshot-report: $out: $bytes bytes (no python3 for a pixel check)"
  if [ "$bytes" -lt 30000 ]; then
    echo "screenshot-report: $out looks blank ($bytes bytes)" >&2
    exit 1
  fi
fi
