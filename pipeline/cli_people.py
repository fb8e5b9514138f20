"""CLI commands about people: explain, review, merge, split, keep-apart, decisions, undo, export.

Decisions are written to the user's decisions file and the dedupe stage is re-run from the
stage-2 tables, so the outputs reflect a decision at once. stdout may show e-mails and phones
(the user asked for them); stderr never does.
"""

from __future__ import annotations

from pathlib import Path

import click
import polars as pl

from pipeline import export as export_mod
from pipeline.cli_base import (
    common,
    config_opt,
    debug_opt,
    from_stage,
    load_config,
    main,
    read_config,
    read_output,
    run,
)
from pipeline.cli_refresh import recorded_run
from pipeline.dedupe import decisions as dec
from pipeline.dedupe.review import in_queue_order
from pipeline.errors import KithError, UsageProblem, with_prefix
from pipeline.lookup import LookupError_, find_person, gone_id_message
from pipeline.outputs import private_mkdir, run_lock

__all__ = ["read_output", "person_or_exit", "person_key", "rededupe", "ensure_unlocked"]


def person_or_exit(out: Path, query: str, notes_path: Path | None = None) -> dict:
    """The person QUERY names (AmbiguousError / LookupError_: exit 2). An id a merge took
    away is not followed: the message names the survivor (lookup.gone_id_message)."""
    people = read_output(out, "people")
    try:
        return find_person(people, query, read_output(out, "records"))
    except LookupError_ as exc:
        if exc.pid is None or not exc.pid.startswith("p_"):
            raise
        raise LookupError_(gone_id_message(out, exc.pid, people, notes_path), exc.pid) from exc


def _records_of(out: Path, person: dict) -> pl.DataFrame:
    return read_output(out, "records").filter(pl.col("person_id") == person["person_id"]).sort(
        "record_id")


def person_key(out: Path, person: dict) -> str:
    records = read_output(out, "records")
    return dec.person_key(records.filter(pl.col("person_id") == person["person_id"]),
                          dec.shared_keys(records))


def _key_for(out: Path, token: str, notes_path: Path | None = None) -> str:
    if token.split(":", 1)[0] in dec.PREFIXES and ":" in token:
        return token
    return person_key(out, person_or_exit(out, token, notes_path))


def ensure_unlocked(out: Path) -> None:
    """Fail (exit 75) before a decision is saved when a run holds the output folder, so a
    retry does not record it twice."""
    with run_lock(out):
        pass


def rededupe(cfg, out: Path, **run_kwargs) -> None:
    """Re-run from the dedupe stage after a decision was saved."""
    try:
        recorded_run(cfg, out, from_stage("dedupe"), runner=run, **run_kwargs)
    except KithError as exc:
        raise with_prefix(exc, "decision saved, but the outputs could not be refreshed: ") \
            from exc


def _decide(cfg, kind, a, b, note) -> None:
    d = dec.add(cfg.files["decisions"], kind, a, b, note)
    click.echo(f"Decision {d.id}: {a} and {b} are "
               f"{'the same person' if kind == 'same' else 'not the same person'}.")


@main.command("explain")
@click.argument("who")
@common
def explain_cmd(who, out, config_path):
    """Show WHO's records and why they were merged, sent to review or kept apart."""
    cfg, out = read_config(config_path, out)
    p = person_or_exit(out, who, cfg.files.get("notes"))
    recs = _records_of(out, p)
    click.echo(f"{p['display_name']}  ({p['person_id']}, {p['record_count']} records)")
    for r in recs.iter_rows(named=True):
        click.echo(f"  {r['record_id']}  {r['source']:<11} {r['source_file']}#{r['source_row']}"
                   f"  {r['display_name'] or ''} | {r['organization'] or ''}"
                   f" | {', '.join(r['emails'] or [])} | {', '.join(r['phones_e164'] or [])}"
                   f"{' | linkedin:' + r['linkedin_slug'] if r['linkedin_slug'] else ''}")
    ids = set(recs["record_id"].to_list())
    pairs = read_output(out, "pairs").filter(
        pl.col("record_id_l").is_in(list(ids)) | pl.col("record_id_r").is_in(list(ids))
    ).filter((pl.col("outcome") != "distinct") | (
        pl.col("record_id_l").is_in(list(ids)) & pl.col("record_id_r").is_in(list(ids))))
    click.echo(f"\nPairs ({pairs.height}):")
    levels = [c for c in pairs.columns if c.endswith("_level")]
    for r in pairs.sort("weight", descending=True, nulls_last=True).iter_rows(named=True):
        matched = ", ".join(f"{c[:-6]}={r[c]}" for c in levels if r[c] not in ("null", None))
        # a copy's row (pipeline/dedupe/copies.py) has no weight: it was not compared
        weight = "" if r["weight"] is None else f"weight {r['weight']:.1f}  "
        click.echo(f"  {r['record_id_l']} ~ {r['record_id_r']}  {weight}"
                   f"{r['outcome']}/{r['clustered']}  [{r['rule']}]  {matched}")
        click.echo(f"      {r['reason']}")


def _pair_decision(kind: str, a: str, b: str, out: str | None, config_path: str | None) -> None:
    cfg, out = read_config(config_path, out)
    notes = cfg.files.get("notes")
    key_a, key_b = _key_for(out, a, notes), _key_for(out, b, notes)
    if key_a == key_b:  # two names of one person (after a merge): nothing to decide
        if kind == "same":
            click.echo(f"{a} and {b} are already one person ({key_a}); nothing recorded.")
            return
        raise UsageProblem(
            f"{a} and {b} are one person now ({key_a}): there are not two to keep apart. "
            f"`kith explain {a!r}` lists their records and `kith split PERSON RECORD` takes "
            "one out; a merge you recorded is taken back with `kith undo N` (`kith "
            "decisions` lists them).")
    ensure_unlocked(out)
    if kind == "same":
        _take_back_opposed(cfg, out, (a, key_a), (b, key_b), notes)
    _decide(cfg, kind, key_a, key_b, f"kith {'merge' if kind == 'same' else 'keep-apart'}")
    rededupe(cfg, out)


def _side_records(out: Path, token: str, key: str, notes: Path | None) -> pl.DataFrame:
    """The records one side of `kith merge` names: a key's, or a person's."""
    records = read_output(out, "records")
    if key == token:  # a key given as such (email:..., record:...)
        indexed = records.with_row_index("idx")
        return indexed.filter(pl.col("idx").is_in(dec.resolve(indexed, key))).drop("idx")
    return _records_of(out, person_or_exit(out, token, notes))


def _take_back_opposed(cfg, out: Path, side_a: tuple[str, str], side_b: tuple[str, str],
                       notes: Path | None) -> None:
    """`kith merge A B` after `kith split` or `kith keep-apart` of the same records: the
    "different" decisions between them would still win over the new "same" (a merge never
    beats a keep-apart), so the merge `kith changes` prints to undo a split did nothing.
    Those decisions are taken back, and kith says which."""
    path = cfg.files["decisions"]
    recs_a, recs_b = (_side_records(out, t, k, notes) for t, k in (side_a, side_b))
    for d in sorted(dec.opposed(dec.load(path), recs_a, recs_b), key=lambda d: -d.id):
        dec.remove(path, d.id)
        click.echo(f"Took back decision {d.id} ({d.a} NOT the same person as {d.b}): "
                   "the merge is your newer word.")


# merge and keep-apart are two commands with the same shape on purpose (one body,
# _pair_decision); click needs a function per command for its help text.
@main.command("merge")
@click.argument("a")
@click.argument("b")
@common
def merge_cmd(a, b, out, config_path):
    """Record that A and B (names, person ids or keys) are the same person."""
    _pair_decision("same", a, b, out, config_path)


@main.command("keep-apart")
@click.argument("a")
@click.argument("b")
@common
def keep_apart_cmd(a, b, out, config_path):
    """Record that A and B are not the same person."""
    _pair_decision("different", a, b, out, config_path)


@main.command("split")
@click.argument("person")
@click.argument("record")
@common
def split_cmd(person, record, out, config_path):
    """Take RECORD (a record id) out of PERSON: it is not the same as the others."""
    cfg, out = read_config(config_path, out)
    p = person_or_exit(out, person, cfg.files.get("notes"))
    recs = _records_of(out, p)
    if record not in recs["record_id"].to_list():
        raise UsageProblem(f"{record} is not one of {p['person_id']}'s records.")
    ensure_unlocked(out)
    shared = dec.shared_keys(read_output(out, "records"))
    for a, b in dec.split_pairs(recs, record, shared):
        _decide(cfg, "different", a, b, "kith split")
    rededupe(cfg, out)


@main.command("decisions")
@config_opt
@debug_opt
def decisions_cmd(config_path):
    """List your decisions, numbered (for `kith undo N`)."""
    cfg = load_config(config_path)
    items = dec.load(cfg.files["decisions"])
    if not items:
        click.echo("No decisions yet.")
    for d in items:
        verb = {"same": "same person as", "different": "NOT the same person as",
                "in-network": "is in network", "not-in-network": "is NOT in network"}[d.kind]
        click.echo(f"{d.id:>4}  {d.a}  {verb}  {d.b}  ({d.created} {d.note})".rstrip())


@main.command("undo")
@click.argument("number", type=int)
@common
def undo_cmd(number, out, config_path):
    """Take back decision NUMBER and refresh the outputs."""
    cfg, out = read_config(config_path, out)
    refresh = (out / "stages" / "normalize" / "records.parquet").exists()
    if refresh:
        ensure_unlocked(out)
    d = dec.remove(cfg.files["decisions"], number)
    click.echo(f"Removed decision {d.id} ({d.kind}: {d.a} / {d.b}).")
    if refresh:
        rededupe(cfg, out)


@main.command("review")
@click.option("--limit", type=click.IntRange(min=1), default=30, show_default=True,
              help="How many pairs to walk, most valuable first.")
@common
def review_cmd(out, config_path, limit):
    """Walk the review queue, most valuable pair first: same, different, skip or quit."""
    cfg, out = read_config(config_path, out)
    queue = in_queue_order(read_output(out, "review")).head(limit)
    recs = read_output(out, "records")
    if queue.height == 0:
        click.echo("Nothing to review.")
        return
    by_id = {r["record_id"]: r for r in recs.filter(
        pl.col("record_id").is_in(queue["record_id_l"].to_list() + queue["record_id_r"].to_list())
    ).iter_rows(named=True)}
    ensure_unlocked(out)
    decided = 0
    shared = dec.shared_keys(recs)
    for i, q in enumerate(queue.iter_rows(named=True), start=1):
        click.echo(f"\n[{i}/{queue.height}] weight {q['weight']:.1f}: {q['reason']}")
        for side in ("l", "r"):
            r = by_id[q[f"record_id_{side}"]]
            click.echo(f"  {side.upper()}: {r['display_name'] or ''} | {r['organization'] or ''}"
                       f" | {r['title'] or ''} | {', '.join(r['emails'] or [])}"
                       f" | {', '.join(r['phones_e164'] or [])} | {r['source']}")
        click.echo(f"  agreed: {q.get('agreed') or '-'}; conflicted: {q.get('conflicted') or '-'}")
        try:
            answer = click.prompt("Same person? [s]ame / [d]ifferent / [k] skip / [q]uit",
                                  type=click.Choice(["s", "d", "k", "q"]), show_choices=False)
        except click.Abort:  # the answers piped in ran out, or Ctrl+C: stop as [q]uit does,
            click.echo()  # so the decisions recorded so far reach the outputs now
            answer = "q"
        if answer == "q":
            break
        if answer == "k":
            continue
        a = dec.natural_key(by_id[q["record_id_l"]], shared)
        b = dec.natural_key(by_id[q["record_id_r"]], shared)
        _decide(cfg, "same" if answer == "s" else "different", a, b, "kith review")
        decided += 1
    if decided:
        rededupe(cfg, out)
    click.echo(f"{decided} decision(s) recorded.")


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["vcf", "csv"]), required=True)
@click.option("--output", "output", type=click.Path(dir_okay=False),
              help="File to write (default: DIR/export/people.vcf or .csv).")
@common
def export_cmd(fmt, output, out, config_path):
    """Write the merged people as one vCard 4.0 file or a Google Contacts CSV."""
    cfg, out = read_config(config_path, out)
    people = read_output(out, "people")
    text = export_mod.to_vcard(people) if fmt == "vcf" else export_mod.to_google_csv(people)
    target = Path(output) if output else out / "export" / f"people.{fmt}"
    if output:
        target.parent.mkdir(parents=True, exist_ok=True)
    else:  # DIR/export: private as the rest of the output folder
        private_mkdir(target.parent)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(text, "utf-8", newline="")
    tmp.chmod(0o600)
    tmp.replace(target)
    click.echo(f"Wrote {people.height} people to {target}")
