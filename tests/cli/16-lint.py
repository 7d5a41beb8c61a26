#!/usr/bin/python3
"""Two lints of scripts/lint can fail.

scripts/lint-text, words people read outside the catalogue: copies the
real src/web (C files and templates) into a scratch tree, checks that the
lint passes on it as it is, then plants, one at a time, a sentence the
lint must catch and one it must let through, and checks the verdict and
that the finding names the file and line.

Handlers and commands reach the store only through app/: runs a copy of
scripts/lint over a copy of the tree, clean and then with a handler that
includes a store header and a command that calls a store function.

The catalogue is what the sources say: the same copy of scripts/lint
fails when a marked sentence (or an error sentence that can reach a
page) was added without `make po`, and passes once `make po` has run
(which then leaves the tree as it is when run again).
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from cuppatest import ROOT, check, finish  # noqa: E402

LINT = os.path.join(ROOT, "scripts", "lint-text")


def lint(root):
    p = subprocess.run([LINT, "--root", root], capture_output=True, text=True)
    return p.returncode, p.stdout


def verdict(root, what, caught, where):
    """The lint catches what was planted (naming where) or lets it through."""
    rc, out = lint(root)
    if caught:
        check(rc == 1 and where + ":" in out, "caught: %s (%r)" % (what, out))
    else:
        check(rc == 0, "let through: %s (%r)" % (what, out))


with tempfile.TemporaryDirectory(prefix="cuppa-lint-") as tmp:
    shutil.copytree(os.path.join(ROOT, "src", "web"),
                    os.path.join(tmp, "src", "web"))
    rc, out = lint(tmp)
    check(rc == 0, "the tree as committed passes: %r" % out[:300])

    planted = os.path.join(tmp, "src", "web", "planted.c")
    cases = [
        # (what, C source or template, caught?)
        ("a message page's sentence",
         'void f(void) { web_message(cx, 404, N_("Gone"),\n'
         '\t"That page has gone away."); }\n', True),
        ("a flash passed to a page's render function",
         'void f(void) { render(cx, 200, "Story approved.", NULL); }\n', True),
        ("a one-word button label",
         'void f(void) { tv_set(d, "button", "Save"); }\n', True),
        ("a table of words not marked",
         'static const char *const w[] = {"Paused until", "Active"};\n', True),
        ("page HTML with words in it",
         'void f(void) { buf_puts(b, "<p>No rounds yet.</p>"); }\n', True),
        ("the same sentences marked for the catalogue",
         'static const char *const w[] = {N_("Paused until"), N_("Active")};\n'
         'void f(void) { web_message(cx, 404, N_("Gone"),\n'
         '\tN_("That page has gone away."));\n'
         '\ttv_set(d, "button", T_(cx->lang, "Save")); }\n', False),
        ("tags, keys, URLs and format glue",
         'void f(void) { buf_printf(b, "<a href=\\"/p/%s\\">%s</a>", s, t);\n'
         '\ttv_set(d, "first_name", "%s: %s");\n'
         '\tjson_pack("{s:s}", "sign_up_url", u); }\n', False),
        ("log lines and the JSON API",
         'void f(void) { fprintf(stderr, "web: cannot open the store\\n");\n'
         '\tweb_json_error(cx, 400, "invalid", "must be a string", "x"); }\n',
         False),
        ("an internal error",
         'void f(void) { err_set(e, ERR_INTERNAL, "out of memory"); }\n', False),
        # err formats where an error can reach a reader (docs/text.md)
        ("an error's sentence passed through \"%s\"",
         'void f(void) { err_field(e, ERR_INVALID, "x", "%s", msg); }\n', True),
        ("an error's format made elsewhere",
         'void f(void) { err_set(e, ERR_CONFLICT, fmt, n); }\n', True),
        ("error formats the catalogue carries",
         'void f(void) { err_field(e, ERR_INVALID, "x", "%s", T_(l, "Bad."));\n'
         '\terr_set(e, ERR_CONFLICT, c ? "round %d is closed" : "round %d is "\n'
         '\t\t"open", n); err_set(e, ERR_INTERNAL, buf); }\n', False),
    ]
    for what, src, caught in cases:
        with open(planted, "w") as f:
            f.write(src)
        verdict(tmp, what, caught, "src/web/planted.c")
    # make po takes every err format there, whether marked or not, and
    # leaves a machine's error (ERR_INTERNAL) out
    with open(planted, "w") as f:
        f.write('int f(void) { if (c) return err_set(e, ERR_CONFLICT,\n'
                '\t\tc > 1 ? "this planted survey has " "closed" : "not sent: %d", n);\n'
                '\treturn err_set(e, ERR_INTERNAL, "planted: out of memory"); }\n')
    p = subprocess.run([LINT, "--err-pot", "--root", tmp], capture_output=True, text=True)
    check(p.returncode == 0 and 'msgid "this planted survey has closed"' in p.stdout and
          '#: src/web/planted.c:2\n#, c-format\nmsgid "not sent: %d"' in p.stdout and
          "planted: out of memory" not in p.stdout,
          "--err-pot extracts the formats, joined, named, c-format: %r" % p.stdout[-400:])
    os.remove(planted)

    tpl = os.path.join(tmp, "src", "web", "templates", "board.html")
    orig = open(tpl).read()
    for what, extra, caught in [
            ("a template's words outside {{#_}}", "<p>Your page</p>\n", True),
            ("an aria-label outside {{#_}}",
             '<nav aria-label="Pages">{{#_}}Next{{/_}}</nav>\n', True),
            ("the same inside blocks",
             '<nav aria-label="{{#_}}Pages{{/_}}"><p>{{#_}}Your page{{/_}}'
             '</p></nav>\n', False)]:
        with open(tpl, "w") as f:
            f.write(orig + extra)
        verdict(tmp, what, caught, "src/web/templates/board.html")
with tempfile.TemporaryDirectory(prefix="cuppa-lint-") as tmp:
    for d in ("scripts", "src", "po", os.path.join("tests", "unit")):
        shutil.copytree(os.path.join(ROOT, d), os.path.join(tmp, d))

    def run_lint():
        p = subprocess.run([os.path.join(tmp, "scripts", "lint")],
                           capture_output=True, text=True)
        return p.returncode, p.stdout + p.stderr

    rc, out = run_lint()
    check(rc == 0, "scripts/lint passes on the tree as committed: %r" % out[-300:])
    for path, src in [
            ("src/web/planted.c", '#include "store/store.h"\n'),
            ("src/cli/planted.c",
             "int f(void) { return store_person_get(0, 0, 0, 0, 0, 0); }\n")]:
        with open(os.path.join(tmp, path), "w") as f:
            f.write(src)
        rc, out = run_lint()
        check(rc == 1 and path + " reaches the store" in out,
              "caught: %s reaches the store (%r)" % (path, out[-300:]))
        os.remove(os.path.join(tmp, path))
    # a text marked for translation, and an error sentence a page can
    # show, written without running make po: scripts/lint fails (the
    # first through the whole lint, the second through its part)
    po_update = os.path.join(tmp, "scripts", "po-update")

    def po_check():
        p = subprocess.run([po_update, "--check"], capture_output=True, text=True)
        return p.returncode, p.stdout + p.stderr

    for what, src, msgid, lint_run in [
            ("a marked text", 'const char *f(int l) { return T_(l, "A planted '
             'sentence nobody has translated"); }\n',
             "A planted sentence nobody has translated", run_lint),
            ("an error a page can show", 'int f(struct err *e) { return '
             'err_set(e, ERR_INVALID, "the planted value %d is wrong", 3); }\n',
             "the planted value %d is wrong", po_check)]:
        path = os.path.join(tmp, "src", "web", "planted.c")
        with open(path, "w") as f:
            f.write(src)
        rc, out = lint_run()
        check(rc == 1 and "run make po" in out and msgid in out,
              "caught: %s not in the catalogue (%r)" % (what, out[-400:]))
        p = subprocess.run([po_update], capture_output=True, text=True)
        check(p.returncode == 0 and "1 untranslated" in p.stdout + p.stderr,
              "make po: %r" % (p.stdout + p.stderr)[-300:])
        pot = open(os.path.join(tmp, "po", "cuppa.pot")).read()
        check('msgid "%s"' % msgid in pot and "#: src/web/planted.c\n" in pot,
              "make po takes it into the POT, by file: %s" % what)
        before = {n: open(os.path.join(tmp, "po", n)).read() for n in ("cuppa.pot", "cy.po")}
        subprocess.run([po_update], capture_output=True)
        check(all(open(os.path.join(tmp, "po", n)).read() == t for n, t in before.items()),
              "make po again leaves the catalogue as it is")
        rc, out = po_check()
        check(rc == 0, "and the check passes (%r)" % out[-300:])
        os.remove(path)
        subprocess.run([po_update], capture_output=True)
finish()
