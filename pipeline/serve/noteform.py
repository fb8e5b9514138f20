"""The person page's notes form: what it shows, and which of its fields a save may write.

A form posts every field, touched or not. Written as they came, the untouched ones undid
what happened since the page was shown (another tab's note, a do-not-contact ticked there, a
cell edited in the spreadsheet), and replaced cells a browser cannot carry as they are: a text
input drops a cell's line breaks, a date input drops a date Excel saved as 3/1/2027, and serve
cut texts at MAX_TEXT (a longer text typed in the form is now refused and shown back). So
the page marks what each field showed (`shown_<field>`, a digest of the value as the input
holds it), and a save writes only the fields whose value differs from that mark. A field changed in the form and also on disk since the page was shown is a
conflict: nothing is written, and the answer shows both texts.
"""

from __future__ import annotations

import hashlib

TEXT_FIELDS = ("need", "offer", "next_step", "referral_status", "referred_by")
MAX_TEXT = 2000  # a text typed into the form; longer cells come from the spreadsheet
MARK = "shown_"


def as_shown(value: object) -> str:
    """A value as a one-line input holds it: runs of white space as one space."""
    return " ".join(str(value or "").split())


def mark(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]


def fields(note: dict) -> dict[str, str]:
    """Each input's value: the texts on one line, the follow-up as the date input takes it
    (YYYY-MM-DD; a date typed in another format is read, one kith cannot read shows empty)."""
    shown = {k: as_shown(note.get(k)) for k in TEXT_FIELDS}
    date = note.get("follow_up")
    shown["follow_up"] = date.isoformat() if date else ""
    shown["do_not_contact"] = "yes" if note.get("do_not_contact") else ""
    return shown


def marks(shown: dict[str, str]) -> dict[str, str]:
    return {f"{MARK}{k}": mark(v) for k, v in shown.items()}


class Conflict(Exception):
    """Fields changed both in the form and elsewhere since the page was shown."""

    def __init__(self, fields: list[tuple[str, str, str]]):
        self.fields = fields  # (field, now on file, typed in the form)
        super().__init__(message(fields))


def message(fields: list[tuple[str, str, str]]) -> str:
    parts = [f"{name.replace('_', ' ')}: now \u201c{now}\u201d, you typed \u201c{typed}\u201d"
             for name, now, typed in fields]
    return ("Not saved: since this page was shown, these notes were changed elsewhere (another "
            "tab, the spreadsheet, kith note). " + "; ".join(parts) + ". Copy your text, "
            "reload the page, and save again.")


def unsaved(form: dict[str, str]) -> str:
    """The texts typed into a form that cannot be saved, for the answer to show them: a
    page kept open across a run that merged the person away has nowhere to save them."""
    typed = [(k, as_shown(form.get(k))) for k in TEXT_FIELDS]
    typed = [(k, v) for k, v in typed if v and mark(v) != form.get(f"{MARK}{k}")]
    if not typed:
        return ""
    return " Not saved; what you typed: " + "; ".join(
        f"{k.replace('_', ' ')}: \u201c{v}\u201d" for k, v in typed) + "."


def changes(form: dict[str, str], note: dict) -> dict[str, str]:
    """The fields to write, as form values (do_not_contact "yes" or ""); raises Conflict.
    `note` is the person's notes as they are on file now."""
    now = fields(note)
    out: dict[str, str] = {}
    clashes = []
    for key, current in now.items():
        typed = form.get(key, "")
        typed = typed if key == "do_not_contact" else as_shown(typed)
        was = form.get(f"{MARK}{key}")
        if was is None:  # a form without marks: compared with the file, as before
            # but only the fields it carries: a POST naming no need wrote an empty need. An
            # unticked box is not sent, so a missing box means unticked only in a whole form
            # (one carrying the texts); a POST of the token alone took do-not-contact away
            whole = all(f in form for f in TEXT_FIELDS)
            if key not in form and (key != "do_not_contact" or not whole):
                continue
            if typed != current:
                out[key] = typed
            continue
        if mark(typed) == was:
            continue  # untouched in the form: whatever the file holds now stays
        if mark(current) != was and typed != current and key != "do_not_contact":
            clashes.append((key, current, typed))
        out[key] = typed
    if clashes:
        raise Conflict(clashes)
    return out
