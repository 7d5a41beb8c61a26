#!/usr/bin/python3
"""Why someone was not placed, in their own language (issue 14,
docs/text.md): in a bilingual programme, two people of one organisation
under --avoid-same organisation cannot meet; their "no match" emails go
over real SMTP with the matcher's reason in Welsh for the one who chose
Welsh (Welsh first, then English) and in English first for the other,
never as the stored code."""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mailtest import Cuppa, Smtp, check, text_part, tmpdir  # noqa: E402

d = tmpdir()
smtp = Smtp(d).start()
c = Cuppa(d, smtp.port)
c.run("init")
slug = c.run("programme", "add", "Rhwydwaith Coffi", "--avoid-same",
             "organisation").stdout.split()[1]
c.run("programme", "set", slug, "--languages", "cy,en")
for name, email, lang in [("Siân Ifans", "sian@example.org", "cy"),
                          ("Tom Hughes", "tom@example.org", "en")]:
    c.run("people", "add", slug, "--name", name, "--email", email,
          "--organisation", "Cyngor Caerdydd", "--language", lang)
c.run("round", "new", slug, "--seed", "5")
c.run("round", "publish", slug, "1")
codes = c.sql("SELECT code FROM unplaced")
check(len(codes) == 2 and all(r[0].startswith("nobody|") for r in codes),
      "both unplaced with a reason code: %r" % codes)
p = c.run("mail", "run", "--once")
msgs = {str(m["To"]): m for m in smtp.messages()
        if m["X-Cuppa-Kind"] == "unplaced"}
check(len(msgs) == 2, "two unplaced emails went (%r)" % list(msgs))

WELSH = "does neb ar ôl y cânt gwrdd â nhw: 0 wedi cwrdd o'r blaen"
ENGLISH = "nobody left they may meet: 0 met before or blocked, 1 share"
sian = [m for to, m in msgs.items() if "sian@" in to][0]
t = text_part(sian)
check(WELSH in t and ENGLISH in t and t.index(WELSH) < t.index(ENGLISH),
      "Siân (Welsh): the Welsh reason first, then the English:\n" + t)
check("nobody|" not in t, "never the stored code:\n" + t)
check("dim pâr i chi yn rownd 1" in str(sian["Subject"]),
      "the subject in Welsh first: %s" % sian["Subject"])
tom = [m for to, m in msgs.items() if "tom@" in to][0]
t = text_part(tom)
check(WELSH in t and ENGLISH in t and t.index(ENGLISH) < t.index(WELSH),
      "Tom (English): the English reason first:\n" + t)
print("unplaced: the matcher's reason in the reader's language, over SMTP")
