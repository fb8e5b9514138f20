"""A phone's contacts as one .vcf file, cards in the styles of formats.md §4.11.

iOS 3.0: `PRODID` Apple, lowercase repeated `type=`, `itemN.` groups with `X-ABLabel`
`_$!<Other>!$_` labels, `ORG:Company;`, `BDAY;value=date:`, the 1604 no-year sentinel,
`X-SOCIALPROFILE;type=linkedin`, folded base64 photos. Android 2.1: bare types `TEL;CELL`,
non-ASCII values as `CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE` with unindented `=` soft line
breaks, nicknames in `X-ANDROID-CUSTOM`, `BDAY:19850415`, e-mail-only cards without N or FN.
4.0: `TEL;VALUE=uri:tel:`, quoted `TYPE="cell,voice"`, `PREF=1`, `BDAY:--0415`.
All CRLF, 3.0/4.0 folded at 75 characters.
"""

from __future__ import annotations

import base64

import numpy as np
import polars as pl

from pipeline.synth_spec.addressbooks import _common, _truth
from pipeline.synth_spec.text import iso_date

_THUMB = base64.b64encode(bytes(range(256)) * 2).decode()
# A contact photo as iOS exports it: about 40 KB of base64 per card (formats.md §4.10).
_PHOTO = base64.b64encode(bytes(range(256)) * 120).decode()


def _esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def _fold(line: str) -> str:
    if len(line) <= 75:
        return line
    parts = [line[:75]] + [" " + line[i:i + 74] for i in range(75, len(line), 74)]
    return "\r\n".join(parts)


def _qp(value: str) -> str:
    """Quoted-printable as Android writes it: soft breaks `=` with no indent on the next line."""
    enc = "".join(chr(b) if 33 <= b <= 126 and b != 61 else f"={b:02X}" for b in value.encode())
    lines, cur = [], ""
    for i in range(0, len(enc)):
        ch = enc[i]
        cur += ch
        if len(cur) >= 72 and not (cur.endswith("=") or cur[-2:-1] == "="):
            lines.append(cur)
            cur = ""
    lines.append(cur)
    return "=\r\n".join(x for x in lines if x) or ""


def _prop21(name: str, parts: list[str]) -> str:
    value = ";".join(p.replace(";", "\\;") for p in parts)
    if value.isascii():
        return f"{name}:{value}"
    return f"{name};CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{_qp(value)}"


def _ios(c: dict, k: int) -> list[str]:
    g, m, f = c["given_shown"] or "", c["middle_shown"] or "", c["family_shown"] or ""
    out = ["BEGIN:VCARD", "VERSION:3.0", "PRODID:-//Apple Inc.//iPhone OS 17.2//EN",
           f"N:{_esc(f)};{_esc(g)};{_esc(m)};;", "FN:" + _esc(" ".join(x for x in (g, m, f) if x))]
    if c["org_shown"]:
        out += [f"ORG:{_esc(c['org_shown'])};", f"TITLE:{_esc(c['title'] or '')}"]
    item = 0
    for n, (kind, addr) in enumerate(c["mails"]):
        if kind == "other":
            item += 1
            out += [f"item{item}.EMAIL;type=INTERNET{';type=pref' if n == 0 else ''}:{addr}",
                    f"item{item}.X-ABLabel:_$!<Other>!$_"]
        else:
            out.append(f"EMAIL;type=INTERNET;type={kind.upper()}{';type=pref' if n == 0 else ''}:{addr}")
    for n, (kind, num) in enumerate(c["tels"]):
        t = "CELL" if kind == "cell" else "HOME"
        out.append(f"TEL;type={t};type=VOICE{';type=pref' if n == 0 else ''}:{num}")
    if c["show_addr"]:
        item += 1
        out += [f"item{item}.ADR;type=HOME;type=pref:;;{_esc(c['street'])};{_esc(c['city'])};;"
                f"{c['postcode']};{_esc(c['country_name'])}", f"item{item}.X-ABADR:{c['country'].lower()}"]
    if c["bday"]:
        out.append(f"BDAY;X-APPLE-OMIT-YEAR=1604:1604-{c['bday'][5:]}" if k % 9 == 0
                   else f"BDAY;value=date:{c['bday']}")
    if c["li"]:
        out.append(f"X-SOCIALPROFILE;type=linkedin;x-user={c['slug']}:http://www.linkedin.com/in/{c['slug']}")
    if c["photo"]:
        out.append("PHOTO;ENCODING=b;TYPE=JPEG:" + c["photo"])
    out.append("END:VCARD")
    return [_fold(x) for x in out]


def _android(c: dict, k: int) -> list[str]:
    g, m, f = c["given_shown"] or "", c["middle_shown"] or "", c["family_shown"] or ""
    out = ["BEGIN:VCARD", "VERSION:2.1"]
    mail_only = k % 53 == 0 and c["mails"]
    if not mail_only:
        out += [_prop21("N", [f, g, m, "", ""]), _prop21("FN", [" ".join(x for x in (g, m, f) if x)])]
        if c["nick_custom"]:
            out.append("X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;"
                       + c["nick_custom"] + ";1;;;;;;;;;;;;;")
        for kind, num in c["tels"]:
            out.append(f"TEL;{'CELL' if kind == 'cell' else 'HOME'}:{num}")
    for n, (kind, addr) in enumerate(c["mails"]):
        t = {"home": "HOME", "work": "WORK"}.get(kind, "X-OTHER")
        out.append(f"EMAIL;{t}{';PREF' if n == 0 else ''}:{addr}")
    if not mail_only:
        if c["org_shown"]:
            out += [_prop21("ORG", [c["org_shown"]]), _prop21("TITLE", [c["title"] or ""])]
        if c["show_addr"]:
            out.append(_prop21("ADR;HOME", ["", "", c["street"], c["city"], "", c["postcode"],
                                            c["country_name"]]))
        if c["bday"]:
            out.append("BDAY:" + c["bday"].replace("-", ""))
    out.append("END:VCARD")
    return out


def _v4(c: dict, k: int) -> list[str]:
    g, m, f = c["given_shown"] or "", c["middle_shown"] or "", c["family_shown"] or ""
    out = ["BEGIN:VCARD", "VERSION:4.0", "FN:" + _esc(" ".join(x for x in (g, m, f) if x)),
           f"N:{_esc(f)};{_esc(g)};{_esc(m)};;"]
    for n, (kind, _text) in enumerate(c["tels"]):
        t = '"cell,voice"' if kind == "cell" else '"home,voice"'
        e164 = c["mobile"] if kind == "cell" else c["landline"]
        out.append(f"TEL;TYPE={t}{';PREF=1' if n == 0 else ''};VALUE=uri:tel:{e164}")
    for n, (kind, addr) in enumerate(c["mails"]):
        out.append(f"EMAIL;TYPE={'work' if kind == 'work' else 'home'}{';PREF=1' if n == 0 else ''}:{addr}")
    if c["org_shown"]:
        out += [f"ORG:{_esc(c['org_shown'])}", f"TITLE:{_esc(c['title'] or '')}"]
    if c["show_addr"]:
        out.append(f"ADR;TYPE=home:;;{_esc(c['street'])};{_esc(c['city'])};;{c['postcode']};"
                   f"{_esc(c['country_name'])}")
    if c["bday"]:
        out.append("BDAY:--" + c["bday"][5:].replace("-", "") if k % 5 == 0 else "BDAY:" + c["bday"].replace("-", ""))
    out.append("END:VCARD")
    return [_fold(x) for x in out]


def write(v: pl.DataFrame, out, rng: np.random.Generator, photos: float = 0.0) -> pl.DataFrame:
    """The .vcf file; `photos` is the share of iOS cards with a full-size photo (others with a
    photo get a thumbnail)."""
    c = _common(v, rng)
    k = c.height
    style = rng.choice(3, k, p=[0.45, 0.4, 0.15])
    lbl = rng.random(k)
    li = rng.random(k) < 0.1
    nick_c = rng.random(k) < 0.3
    photo = rng.random(k)
    cols = c.select("given_shown", "middle_shown", "family_shown", "org_shown", "title", "show_addr",
                    "street", "city", "postcode", "country", "country_name", "slug", "mobile",
                    "landline", "nick", "m_personal", "m_second", "m_work", "m_family", "t_mobile",
                    "t_home", iso_date(pl.col("birthday_shown")).alias("bday")).to_dicts()
    cards = []
    for i, row in enumerate(cols):
        mails = [(("home" if lbl[i] < 0.7 else "other"), row["m_personal"]), ("home", row["m_second"]),
                 ("work", row["m_work"]), ("home", row["m_family"])]
        row["mails"] = [(kind, a) for kind, a in mails if a]
        row["tels"] = [(kind, t) for kind, t in (("cell", row["t_mobile"]), ("home", row["t_home"])) if t]
        row["li"] = bool(li[i])
        row["photo"] = _PHOTO if photo[i] < photos else _THUMB if i % 31 == 0 else None
        row["nick_custom"] = row["nick"] if nick_c[i] and row["nick"] != row["given_shown"] else None
        maker = (_ios, _android, _v4)[style[i]]
        cards.append("\r\n".join(maker(row, i)))
    fname = "phone_contacts.vcf"
    (out / fname).write_bytes(("\r\n".join(cards) + "\r\n").encode("utf-8"))
    return _truth(fname, v)
