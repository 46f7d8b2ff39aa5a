"""Parses an HTML page with Python's html.parser and checks that it is well formed enough: every
non-void element closed in order, nothing left open, one <html>, and no resource loaded from elsewhere
(no src=, no <link>, no @import). Prints JSON: {"elements": n, "rows": {"entities": n, "statements": n},
"dir": "...", "lang": "...", "text": "all the text of the page"}.

usage: /usr/bin/python3 tests/py/check_html.py PAGE.html
exit status: 0 ok, 1 malformed (explained on stderr), 2 usage
"""
import json
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.elements, self.text = [], [], 0, []
        self.rows = {"entities": 0, "statements": 0}
        self.section, self.root = None, {}

    def handle_starttag(self, tag, attrs):
        self.elements += 1
        attributes = dict(attrs)
        if tag == "html":
            self.root = attributes
        if tag == "link" or "src" in attributes:
            self.errors.append(f"line {self.getpos()[0]}: <{tag}> loads a resource")
        if tag == "section":
            self.section = attributes.get("id")
        if tag == "tr" and self.section in self.rows and "tbody" in self.stack:
            self.rows[self.section] += 1
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.elements += 1  # <path .../> in SVG: opened and closed

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"line {self.getpos()[0]}: </{tag}> closes <{self.stack[-1] if self.stack else '-'}>")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def handle_data(self, data):
        if "@import" in data:
            self.errors.append(f"line {self.getpos()[0]}: @import")
        if self.stack and self.stack[-1] not in ("script", "style"):
            self.text.append(data)


if len(sys.argv) != 2:
    print(__doc__, file=sys.stderr)
    sys.exit(2)
checker = Checker()
with open(sys.argv[1], encoding="utf-8") as page:
    checker.feed(page.read())
checker.close()
if checker.stack:
    checker.errors.append(f"left open: {checker.stack}")
if checker.errors:
    print("\n".join(checker.errors[:20]), file=sys.stderr)
    sys.exit(1)
print(json.dumps({"elements": checker.elements, "rows": checker.rows, "dir": checker.root.get("dir"),
                  "lang": checker.root.get("lang"), "text": " ".join(checker.text)}, ensure_ascii=False))
