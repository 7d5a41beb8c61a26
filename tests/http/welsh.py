"""Shared helpers of the Welsh tests (not a test itself: not executable):
the PO reader, the English sentences of the catalogue, and the text a
reader sees on a page."""
import html, json, os, re

from cuppahttp import ROOT


def po_entries(path):
    """{msgid: (msgstr or [forms], fuzzy)} of a PO file."""
    out, cur, key = {}, {}, None

    def flush():
        if "msgid" in cur and cur["msgid"]:
            forms = [cur[k] for k in sorted(cur) if k.startswith("msgstr[")]
            out[cur["msgid"]] = (forms or cur.get("msgstr", ""), cur["fuzzy"])

    for line in open(path, encoding="utf-8").read().split("\n") + [""]:
        if not line.strip():
            flush(); cur, key = {}, None
            continue
        if line.startswith("#,"):
            cur["fuzzy"] = "fuzzy" in line
            continue
        if line.startswith("#"):
            continue
        m = re.match(r'(msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
        if m:
            key = m.group(1)
            cur.setdefault("fuzzy", False)
            cur[key] = json.loads('"%s"' % m.group(2))
        elif line.startswith('"') and key:
            cur[key] += json.loads(line)
    return out


def english_sentences():
    """Each literal run (between placeholders and tags) of at least 12
    characters with a space, of every text whose Welsh differs from it."""
    cy = po_entries(os.path.join(ROOT, "po", "cy.po"))
    english = set()
    for msgid, (msgstr, _) in cy.items():
        welsh = msgstr if isinstance(msgstr, str) else " ".join(msgstr)
        if welsh == msgid:
            continue
        for frag in re.split(r"\{\{[^}]*\}\}|<[^>]*>|%[-.*0-9]*(?:ll|l|z)?[sdu]|\n", msgid):
            frag = html.unescape(frag).strip()
            if len(frag) >= 12 and " " in frag and frag not in welsh:
                english.add(frag)
    return english


def visible(page):
    """The text a reader sees, with attribute values people hear
    (aria-label, title, alt, placeholder)."""
    attrs = " ".join(re.findall(r'(?:aria-label|title|alt|placeholder)="([^"]*)"', page))
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", body)
    return html.unescape(re.sub(r"\s+", " ", text + " " + attrs))
