"""gen5 vCards: iPhone 3.0, Android (AOSP) 2.1 and Nextcloud/DAVx5 4.0 cards.

Quirks each exporter has (formats.md section 4): iOS groups a value with its label
(item1.TEL + item1.X-ABLabel), lower-case repeated type=, the 1604 no-year birthday and
X-SOCIALPROFILE; AOSP writes 2.1 with bare types and UTF-8 quoted-printable whose soft line
breaks continue unindented; 4.0 uses tel: URIs, quoted TYPE lists, PREF=1 and --MMDD dates.
"""
import base64
from urllib.parse import quote

try:
    import gen5_render as R
except ImportError:  # pragma: no cover
    from bench import gen5_render as R

CRLF = "\r\n"


def url_slug(slug):
    """LinkedIn percent-encodes non-ASCII letters in profile URLs (…-m%C3%BCller-…)."""
    return quote(slug, safe="-")


def fold(line):
    """RFC 6350 folding at 75 octets, never inside a UTF-8 sequence."""
    out, cur, size = [], "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > 75:
            out.append(cur)
            cur, size = " ", 1
        cur += ch
        size += n
    out.append(cur)
    return CRLF.join(out) + CRLF


def esc(text):
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def qp(name, value):
    """A 2.1 property, quoted-printable UTF-8 when not plain ASCII, soft breaks at 76."""
    if value.isascii():
        return f"{name}:{value}{CRLF}"
    enc = "".join(chr(b) if 32 < b < 127 and b != 61 else f"={b:02X}"
                  for b in value.encode("utf-8"))
    head = f"{name};CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:"
    lines, cur = [], head
    i = 0
    while i < len(enc):
        step = 3 if enc[i] == "=" else 1
        if len(cur) + step > 75:
            lines.append(cur + "=")
            cur = ""
        cur += enc[i:i + step]
        i += step
    lines.append(cur)
    return CRLF.join(lines) + CRLF


def _bday(rng, p, version):
    if not p.birthday or rng.random() < 0.5:
        return ""
    y, m, d = p.birthday
    if version == "3.0":
        if y:
            return f"BDAY;value=date:{y:04d}-{m:02d}-{d:02d}"
        return f"BDAY;X-APPLE-OMIT-YEAR=1604:1604-{m:02d}-{d:02d}"
    if version == "4.0":
        return f"BDAY:{y:04d}{m:02d}{d:02d}" if y else f"BDAY:--{m:02d}{d:02d}"
    return f"BDAY:{y:04d}{m:02d}{d:02d}" if y else ""


def _iphone(rng, p, n, job, emails, phones):
    lines = ["VERSION:3.0", "PRODID:-//Apple Inc.//iPhone OS 17.2.1//EN"]
    if n:
        lines.append(f"N:{esc(n['family'])};{esc(n['given'])};{esc(n['middle'])};"
                     f"{esc(n['prefix'])};{esc(n['suffix'])}")
        lines.append(f"FN:{esc(R.display(n))}")
        if n["nick"]:
            lines.append(f"NICKNAME:{esc(n['nick'])}")
    else:
        lines += ["N:;;;;", f"FN:{phones[0][1]}"]
    if job[0]:
        lines.append(f"ORG:{esc(job[0])};")
        if job[1] and rng.random() < 0.6:
            lines.append(f"TITLE:{esc(job[1])}")
    item = 0
    for i, (label, addr) in enumerate(emails):
        pref = ";type=pref" if i == 0 else ""
        lines.append(f"EMAIL;type=INTERNET;type={label.upper()}{pref}:{addr}")
    for i, (label, num) in enumerate(phones):
        if label == "Home" and rng.random() < 0.5:  # a custom label: grouped with X-ABLabel
            item += 1
            lines += [f"item{item}.TEL:{num}", f"item{item}.X-ABLabel:Landline"]
            continue
        kind = "CELL" if label == "Mobile" else "HOME"
        pref = ";type=pref" if i == 0 else ""
        lines.append(f"TEL;type={kind};type=VOICE{pref}:{num}")
    if n and rng.random() < 0.08:
        lines.append(f"X-SOCIALPROFILE;type=linkedin;x-user={p.slug}:"
                     f"http\\://www.linkedin.com/in/{url_slug(p.slug)}")
    elif n and rng.random() < 0.04:  # the profile saved as a home page, labelled Apple's way
        item += 1
        lines += [f"item{item}.URL;type=pref:https\\://www.linkedin.com/in/{url_slug(p.slug)}",
                  f"item{item}.X-ABLabel:_$!<HomePage>!$_"]
    if rng.random() < 0.12:  # a contact photo: a folded base64 blob kith must skip
        blob = base64.b64encode(rng.randbytes(rng.randrange(300, 1500))).decode("ascii")
        lines.append(f"PHOTO;ENCODING=b;TYPE=JPEG:{blob}")
    bday = _bday(rng, p, "3.0")
    if bday:
        lines.append(bday)
    return lines


def _android(rng, p, n, job, emails, phones):
    out = ["VERSION:2.1"]
    body = ""
    if n:
        body += qp("N", f"{n['family']};{n['given']};{n['middle']};{n['prefix']};{n['suffix']}")
        body += qp("FN", R.display(n))
    for label, num in phones:
        out.append(f"TEL;{'CELL' if label == 'Mobile' else 'HOME'}:{num}")
    for label, addr in emails:
        out.append(f"EMAIL;{label.upper()}:{addr}")
    if n and n["nick"]:  # AOSP keeps a nickname in its own custom row
        out.append(f"X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;{n['nick']};1;;;;;;;;;;;;;")
    if job[0]:
        body += qp("ORG", job[0])
        if job[1]:
            body += qp("TITLE", job[1])
    bday = _bday(rng, p, "2.1")
    if bday:
        out.append(bday)
    return out, body


def _v4(rng, p, n, job, emails, phones, uid):
    lines = ["VERSION:4.0", "PRODID:-//Sabre//Sabre VObject 4.4.2//EN", f"UID:{uid}"]
    if n:
        lines.append(f"FN:{esc(R.display(n))}")
        lines.append(f"N:{esc(n['family'])};{esc(n['given'])};{esc(n['middle'])};"
                     f"{esc(n['prefix'])};{esc(n['suffix'])}")
    else:
        lines.append(f"FN:{phones[0][1]}")
    for i, (label, num) in enumerate(phones):
        kind = '"cell,voice"' if label == "Mobile" else "home"
        pref = ";PREF=1" if i == 0 else ""
        if num.startswith("+") and rng.random() < 0.6:  # RFC 6350 tel: URI
            uri = "tel:" + "".join(ch if ch.isdigit() or ch == "+" else "-" for ch in num)
            lines.append(f"TEL;TYPE={kind}{pref};VALUE=uri:{uri.replace('--', '-')}")
        else:  # what most servers keep: the number as typed, as text
            lines.append(f"TEL;TYPE={kind}{pref}:{num}")
    for i, (label, addr) in enumerate(emails):
        lines.append(f"EMAIL;TYPE={label.lower()}{';PREF=1' if i == 0 else ''}:{addr}")
    if job[0]:
        lines.append(f"ORG:{esc(job[0])}")
    bday = _bday(rng, p, "4.0")
    if bday:
        lines.append(bday)
    return lines


def card(rng, version, p, n, job, emails, phones, uid):
    if version == "2.1":
        plain, body = _android(rng, p, n, job, emails, phones)
        return ("BEGIN:VCARD" + CRLF + plain[0] + CRLF + body
                + "".join(x + CRLF for x in plain[1:]) + "END:VCARD" + CRLF)
    lines = (_iphone(rng, p, n, job, emails, phones) if version == "3.0"
             else _v4(rng, p, n, job, emails, phones, uid))
    return "BEGIN:VCARD" + CRLF + "".join(fold(x) for x in lines) + "END:VCARD" + CRLF
