#!/usr/bin/env bash
# The README's main job end to end, as CTest runs it:
#   scripts/check-main-job-report.sh RACKCALC_BINARY OUT_DIR
# Runs `rackcalc run` on the GB300 example (exit 3 expected: its cdu_failure scenario fails,
# which the verdict reports), renders report.html in headless Chromium (screenshot not
# blank), checks that the rendered page starts with the verdict line, and that the page
# asks for no resource outside itself (every src/href is an in-page anchor or a data: URI).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$1
out=$2
rm -rf "$out"
rc=0
"$bin" run cases/examples/gb300-nvl72.toml -o "$out" > "$out.log" 2>&1 || rc=$?
if [ "$rc" -ne 3 ]; then
  echo "check-main-job-report: rackcalc run exited $rc, expected 3 (cdu_failure fails):" >&2
  cat "$out.log" >&2
  exit 1
fi
head -1 "$out.log" | grep -q '^FAIL: .*scenario cdu_failure' || {
  echo "check-main-job-report: the terminal does not start with the verdict line:" >&2
  head -3 "$out.log" >&2
  exit 1
}
bash scripts/screenshot-report.sh "$out/report.html" "$out/report.png" 1400,5000

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome)
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --dump-dom "file://$(realpath "$out/report.html")" \
  > "$out/report.dom.html" 2>/dev/null
python3 - "$out/report.dom.html" <<'PY'
import re, sys
from html.parser import HTMLParser
dom = open(sys.argv[1], encoding='utf-8').read()

class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.first_text_in_body = None
        self.in_verdict = 0
        self.verdict = ''
        self.outside = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get('id') == 'verdict':
            self.in_verdict = 1
        for key in ('src', 'href', 'srcset', 'data', 'poster', 'action'):
            v = a.get(key)
            if v is not None and not (v.startswith('#') or v.startswith('data:')):
                self.outside.append(f'<{tag} {key}="{v[:80]}">')
        style = a.get('style', '')
        if 'url(' in style and 'url(data:' not in style:
            self.outside.append(f'<{tag} style="{style[:80]}">')
    def handle_data(self, data):
        if self.in_verdict and data.strip() and not self.verdict:
            self.verdict = data.strip()
p = Page()
p.feed(dom)
for css in re.findall(r'<style[^>]*>(.*?)</style>', dom, re.S):
    for u in re.findall(r'url\(([^)]*)\)', css) + re.findall(r'@import[^;]*', css):
        if not u.strip('\'" ').startswith('data:'):
            p.outside.append(f'CSS {u[:80]}')
if not p.verdict.startswith(('PASS:', 'FAIL:')):
    sys.exit(f'check-main-job-report: no verdict line in the rendered page (found {p.verdict!r})')
if 'cdu_failure' not in p.verdict:
    sys.exit(f'check-main-job-report: the verdict does not name cdu_failure: {p.verdict!r}')
if p.outside:
    sys.exit('check-main-job-report: the page loads resources from outside itself: ' + ', '.join(p.outside))
print(f'check-main-job-report: verdict {p.verdict[:100]!r}; no external resources')
PY
