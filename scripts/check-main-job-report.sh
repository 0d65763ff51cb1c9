#!/usr/bin/env bash
# The README's main job end to end, as CTest runs it:
#   scripts/check-main-job-report.sh RACKCALC_BINARY OUT_DIR [PAGE]
# Runs `rackcalc run` on the GB300 example (exit 3 expected: its cdu_failure scenario fails,
# which the verdict reports), renders PAGE of its output (report.html, the default, or
# summary.html, the one-page summary) in headless Chromium (screenshot not blank), checks
# that the rendered page shows the verdict line, and that the page asks for no resource
# outside itself: every src/href is an in-page anchor or a data: URI, except a link (<a
# href>, which loads nothing until followed) to a file the run wrote beside the page.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$1
out=$2
page=${3:-report.html}
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
if [ ! -f "$out/$page" ]; then
  echo "check-main-job-report: rackcalc run wrote no $page in $out" >&2
  exit 1
fi
stem=${page%.html}
bash scripts/screenshot-report.sh "$out/$page" "$out/$stem.png" 1400,5000

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome)
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --dump-dom "file://$(realpath "$out/$page")" \
  > "$out/$stem.dom.html" 2>/dev/null
python3 - "$out/$stem.dom.html" "$out" "$page" <<'PY'
import os, re, sys
from html.parser import HTMLParser
dom = open(sys.argv[1], encoding='utf-8').read()
folder, page = sys.argv[2], sys.argv[3]

def beside(link):
    """A link to a file the run wrote in the page's own folder (no scheme, no path out)."""
    return (re.fullmatch(r'[A-Za-z0-9._-]+(#[A-Za-z0-9._-]*)?', link) is not None
            and os.path.isfile(os.path.join(folder, link.split('#')[0])))

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
            if v is None or v.startswith('#') or v.startswith('data:'):
                continue
            if tag == 'a' and key == 'href' and beside(v):
                continue
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
    sys.exit(f'check-main-job-report: no verdict line in the rendered {page} (found {p.verdict!r})')
if 'cdu_failure' not in p.verdict:
    sys.exit(f'check-main-job-report: the verdict of {page} does not name cdu_failure: {p.verdict!r}')
if p.outside:
    sys.exit(f'check-main-job-report: {page} loads resources from outside itself: ' + ', '.join(p.outside))
print(f'check-main-job-report: {page}: verdict {p.verdict[:100]!r}; no external resources')
PY
