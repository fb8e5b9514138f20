"""The pages `kith serve` shows (GET). Values reach the templates as plain text; jinja's
autoescaping escapes every one of them."""

from __future__ import annotations

from urllib.parse import quote

import polars as pl
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse

from pipeline import keep_in_touch
from pipeline.dedupe.review import in_queue_order
from pipeline.errors import UsageProblem
from pipeline.keep_in_touch import COLD
from pipeline.notes import since_run
from pipeline.notes.cells import typed_id
from pipeline.schema import COMPARISON_FIELDS
from pipeline.serve import intros, noteform, plan_live
from pipeline.serve.store import NoOutputError
from pipeline.tagging.targets import reranked
from pipeline.worksheets.rows import OWN_CARD, work_text

PAGE = 100
MAX_QUERY = 200  # a name, a company, an e-mail: far less; 20,000 words took 1.4 s on 103 people
PAIRS_SHOWN = 20
# `notes`: the address book's own note on the card ("met at ProductCamp") is often what tells
# two records of one name apart, or makes them one (user40)
RECORD_FIELDS = ("display_name", "organization", "title", "emails", "phones_e164", "city",
                 "linkedin_slug", "labels", "notes")


def _kith(request: Request):
    return request.app.state.kith


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def index(request: Request):
    k = _kith(request)
    snap = k.store.snapshot()
    counts = (snap.people.select(pl.col("networks").list.explode().alias("n"))
              .group_by("n").len().drop_nulls().sort("n").rows())
    untagged = snap.people.filter(pl.col("networks").list.len() == 0).height
    cold = snap.people.filter(pl.col("relationship").fill_null("") == "").height
    sections, hidden = plan_live.sections(k, snap)
    pending = snap.review.height - len(k.decided)
    return k.render(request, "index.html", counts=counts, untagged=untagged,
                    total=snap.people.height, cold=cold, sections=sections, hidden=hidden,
                    review_count=max(0, pending), as_of=snap.as_of, run_id=snap.run_id)


def _sides(snap, person_id: str) -> dict:
    person = snap.person(person_id) or {"person_id": person_id, "display_name": person_id}
    recs = snap.records.filter(pl.col("person_id") == person_id).sort("record_id")
    rows = [{"record_id": r["record_id"], "source": r["source"],
             "where": f"{r['source_file']}#{r['source_row']}",
             **{f: _text(r.get(f)) for f in RECORD_FIELDS}} for r in recs.iter_rows(named=True)]
    return {"person_id": person_id, "name": person.get("display_name") or person_id,
            "records": rows}


def _levels(pair: dict | None) -> tuple[list[str], list[str]]:
    """(what agreed, what conflicted) in the pair's comparisons, as words."""
    agreed, conflicted = [], []
    for f in COMPARISON_FIELDS:
        level = (pair or {}).get(f"{f}_level") or "null"
        if level == "null":
            continue
        (conflicted if level.startswith("different") else agreed).append(f"{f}: {level}")
    return agreed, conflicted


def review(request: Request):
    k = _kith(request)
    snap = k.store.snapshot()
    hidden = k.skipped | k.decided
    # the dedupe stage ranked the queue by what an answer is worth (likelihood x importance)
    ordered = in_queue_order(snap.review)
    queue = [q for q in ordered.iter_rows(named=True)
             if (q["record_id_l"], q["record_id_r"]) not in hidden]
    pairs = {(p["record_id_l"], p["record_id_r"]): p for p in snap.pairs.iter_rows(named=True)}
    shown = []
    for q in queue[:PAIRS_SHOWN]:
        agreed, conflicted = _levels(pairs.get((q["record_id_l"], q["record_id_r"])))
        shown.append({"l": q["record_id_l"], "r": q["record_id_r"],
                      "weight": f"{q['weight']:.1f}" if q["weight"] is not None else "",
                      "likelihood": (f"{q['likelihood']:.0%}" if q["likelihood"] is not None
                                     else ""),
                      "reason": q["reason"] or "", "agreed": agreed, "conflicted": conflicted,
                      "left": _sides(snap, q["person_id_l"]),
                      "right": _sides(snap, q["person_id_r"])})
    return k.render(request, "review.html", pairs=shown, remaining=len(queue),
                    skipped=len(k.skipped), decided=len(k.decided))


def person(request: Request):
    pid = request.path_params["pid"]
    if typed_id(pid) != pid:  # /person/P_7130ADCA9D1AFC44 typed in the address bar
        return RedirectResponse(f"/person/{quote(typed_id(pid))}", status_code=303)
    k = _kith(request)
    snap = k.store.snapshot()
    live = k.store.live_person(pid, k.today())
    if live is None:
        return _not_here(request, pid)
    nets = snap.networks.filter(pl.col("person_id") == pid).sort("network", "rule")
    notes = k.store.notes_of(pid)
    note = notes.row(0, named=True) if notes.height else {}
    shown = noteform.fields(note)
    entries = k.store.ledger().filter(pl.col("person_id") == pid).sort("date", "line")
    side = _sides(snap, pid)
    # due by a cadence from the connection date alone: said so, not "(overdue)" (user41)
    never = pl.DataFrame([{c: live[c] for c in ("follow_up_due", "last_interaction",
                                                "first_connected")}]).select(
        keep_in_touch.never_talked(k.today(), pl.lit(bool(note.get("follow_up"))))).item()
    never_text = f"due now: {keep_in_touch.NEVER_TALKED}{live['first_connected']}" if never else ""
    return k.render(request, "person.html", p=live, pid=pid, name=side["name"],
                    never_text=never_text,
                    records=side["records"], reasons=nets.select("network", "reason").rows(),
                    member=set(live["networks"] or []), note=shown, marks=noteform.marks(shown),
                    dnc=bool(note.get("do_not_contact")), entries=entries.to_dicts(),
                    tier=live["relationship"] or COLD, related=bool(live["relationship"]),
                    flag=note.get("kith_flag") or "", message=request.query_params.get("m", ""),
                    unread_date="" if note.get("follow_up") else note.get("follow_up_text") or "",
                    intros=intros.for_person(k, pid), own_card=pid in snap.own_cards,
                    own_card_text=OWN_CARD)


def _not_here(request: Request, pid: str):
    """A bookmarked person who is not in the current outputs: the survivor's page when a
    merge took them there, else a page that says they are gone and shows what the user's
    files still keep of them (notes.csv and ledger.csv keep a gone person's rows)."""
    k = _kith(request)
    survivor = k.store.successor(pid)
    if survivor is not None:
        message = f"{pid} was merged into this person."
        return RedirectResponse(f"/person/{survivor}?m={quote(message)}", status_code=303)
    notes = k.store.notes_of(pid)
    note = notes.row(0, named=True) if notes.height else {}
    kept = [(key, note[key]) for key in noteform.TEXT_FIELDS + ("follow_up_text", "kith_flag")
            if note.get(key)]
    entries = k.store.ledger().filter(pl.col("person_id") == pid).sort("date", "line")
    return k.render(request, "gone.html", status_code=404, pid=pid, name=note.get("name") or "",
                    kept=kept, dnc=bool(note.get("do_not_contact")),
                    entries=entries.to_dicts())


def search(request: Request):
    k = _kith(request)
    query = request.query_params.get("q", "")
    if len(query) > MAX_QUERY:  # each word scans everyone, and the page shows the query twice
        raise HTTPException(400, f"A search is at most {MAX_QUERY} characters; this one has "
                                 f"{len(query)}.")
    if not query.strip():
        return k.render(request, "search.html", q=query, hits=None)
    hits = k.store.search(query)
    count = max(1, -(-hits.height // PAGE))
    page = min(_page_number(request), count)
    return k.render(request, "search.html", q=query, found=hits.height, page=page,
                    count=count, per_page=PAGE, hits=_people_rows(hits.slice((page - 1) * PAGE, PAGE)))


def _people_rows(frame: pl.DataFrame) -> list[dict]:
    return [{"person_id": r["person_id"], "name": r["display_name"] or r["person_id"],
             "work": r["work"],
             "warmth": "" if r["warmth"] is None else f"{r['warmth']:.0f}",
             "due": _text(r["follow_up_due"]), "tier": r["relationship"] or "cold tie"}
            for r in frame.with_columns(work=work_text(pl.col("title"), pl.col("organization")))
            .iter_rows(named=True)]


def _page_number(request: Request) -> int:
    try:
        return max(1, int(request.query_params.get("page", "1")))
    except ValueError:
        return 1


def network(request: Request):
    k = _kith(request)
    name = request.path_params["name"]
    snap = k.store.snapshot()
    if name == "untagged":
        members = snap.people.filter(pl.col("networks").list.len() == 0)
    else:
        members = snap.people.filter(pl.col("networks").list.contains(name))
    members = members.sort(pl.col("display_name").str.to_lowercase(), "person_id",
                           nulls_last=True)
    return _listing(request, f"{name.capitalize()} ({members.height})", members)


def reconnect(request: Request):
    k = _kith(request)
    snap = k.store.snapshot()
    # ties worth reviving: never someone marked do-not-contact (as the worksheets' page)
    dnc = list(k.store.do_not_contact())
    dormant = snap.people.filter(pl.col("dormant").fill_null(False)
                                 & ~pl.col("person_id").is_in(dnc)).sort(
        "warmth", "display_name", descending=[True, False], nulls_last=True)
    # nor one you talked to since the run (Talked, Done): the home page's plan says so (user36)
    ids = dormant["person_id"].implode()
    dormant = since_run.still_dormant(
        dormant, k.store.notes_now().filter(pl.col("person_id").is_in(ids)),
        k.store.ledger().filter(pl.col("person_id").is_in(ids)), k.today(), k.store.rule)
    return _listing(request, f"Reconnect ({dormant.height} dormant ties)", dormant)


def _listing(request: Request, title: str, frame: pl.DataFrame):
    page = _page_number(request)
    count = max(1, -(-frame.height // PAGE))
    part = frame.slice((min(page, count) - 1) * PAGE, PAGE)
    return _kith(request).render(request, "list.html", title=title, rows=_people_rows(part),
                                 page=min(page, count), count=count)


def targets(request: Request):
    k = _kith(request)
    snap = k.store.snapshot()
    # never a path through someone marked do-not-contact, since the run included
    dnc = list(k.store.do_not_contact())
    paths = reranked(snap.targets.filter(~pl.col("person_id").is_in(dnc)))
    groups = [(t[0], g.sort("rank").head(PAGE).to_dicts())
              for t, g in paths.group_by("target", maintain_order=True)]
    return k.render(request, "targets.html", groups=sorted(groups, key=lambda g: g[0]))


def run_status(request: Request):
    k = _kith(request)
    return k.render(request, "run.html")


async def _http_error(request: Request, exc: HTTPException):
    return _kith(request).render(request, "error.html", status_code=exc.status_code,
                                 message=exc.detail)


async def _no_output(request: Request, exc: NoOutputError):
    return _kith(request).render(request, "error.html", status_code=503, message=str(exc))


async def _user_file(request: Request, exc: UsageProblem):
    """A notes file, ledger or other file of the user's that cannot be used (NUL bytes, a
    quote that takes in the rows below it, a missing column): the sentence the CLI prints,
    on a page; it was a 500 Internal Server Error on every page reading it (G5)."""
    return _kith(request).render(request, "error.html", status_code=503, message=str(exc))


HANDLERS = {HTTPException: _http_error, NoOutputError: _no_output, UsageProblem: _user_file}
