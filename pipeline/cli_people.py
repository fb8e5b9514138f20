"""CLI commands about people: explain, review, merge, split, keep-apart, decisions, undo, export.

Decisions are written to the user's decisions file and the dedupe stage is re-run from the
stage-2 tables, so the outputs reflect a decision at once. stdout may show e-mails and phones
(the user asked for them); stderr never does.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import polars as pl

from pipeline import export as export_mod
from pipeline.dedupe import decisions as dec
from pipeline.lookup import AmbiguousError, LookupError_, find_person
from pipeline.outputs import OutputError
from pipeline.run import from_stage

EXIT_USAGE, EXIT_FAILED = 2, 1


def read_output(out: Path, name: str) -> pl.DataFrame:
    path = out / f"{name}.parquet"
    if not path.exists():
        click.echo(f"kith: {path} not found; run `kith run` first.", err=True)
        sys.exit(EXIT_FAILED)
    return pl.read_parquet(path)


def person_or_exit(out: Path, query: str) -> dict:
    try:
        return find_person(read_output(out, "people"), query, read_output(out, "records"))
    except AmbiguousError as exc:
        click.echo(f"kith: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except LookupError_ as exc:
        click.echo(f"kith: {exc}", err=True)
        sys.exit(EXIT_USAGE)


def _records_of(out: Path, person: dict) -> pl.DataFrame:
    return read_output(out, "records").filter(pl.col("person_id") == person["person_id"]).sort(
        "record_id")


def person_key(out: Path, person: dict) -> str:
    records = read_output(out, "records")
    return dec.person_key(records.filter(pl.col("person_id") == person["person_id"]),
                          dec.shared_keys(records))


def _key_for(out: Path, token: str) -> str:
    if token.split(":", 1)[0] in dec.PREFIXES and ":" in token:
        return token
    return person_key(out, person_or_exit(out, token))


def _decisions_path(cfg) -> Path:
    return cfg.files["decisions"]


def _rededupe(ctx_run, cfg, out: Path) -> None:
    try:
        ctx_run(cfg, [], out, stages=from_stage("dedupe"))
    except OutputError as exc:
        click.echo(f"kith: decision saved, but the outputs could not be refreshed: {exc}",
                   err=True)
        sys.exit(EXIT_FAILED)


def register(main: click.Group, load_config, out_dir, config_opt, out_opt, run) -> None:
    @main.command("explain")
    @click.argument("who")
    @out_opt
    @config_opt
    def explain_cmd(who, out, config_path):
        """Show WHO's records and why they were merged, sent to review or kept apart."""
        cfg = load_config(config_path)
        out = out_dir(out, cfg)
        p = person_or_exit(out, who)
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
        for r in pairs.sort("weight", descending=True).iter_rows(named=True):
            matched = ", ".join(f"{c[:-6]}={r[c]}" for c in levels if r[c] != "null")
            click.echo(f"  {r['record_id_l']} ~ {r['record_id_r']}  weight {r['weight']:.1f}  "
                       f"{r['outcome']}/{r['clustered']}  [{r['rule']}]  {matched}")
            click.echo(f"      {r['reason']}")

    def _decide(cfg, out, kind, a, b, note):
        path = _decisions_path(cfg)
        try:
            d = dec.add(path, kind, a, b, note)
        except dec.DecisionError as exc:
            click.echo(f"kith: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        click.echo(f"Decision {d.id}: {a} and {b} are "
                   f"{'the same person' if kind == 'same' else 'not the same person'}.")

    def pair_command(name: str, kind: str, help_text: str) -> None:
        @main.command(name, help=help_text)
        @click.argument("a")
        @click.argument("b")
        @out_opt
        @config_opt
        def command(a, b, out, config_path):
            cfg = load_config(config_path)
            out = out_dir(out, cfg)
            _decide(cfg, out, kind, _key_for(out, a), _key_for(out, b), f"kith {name}")
            _rededupe(run, cfg, out)

    pair_command("merge", "same",
                 "Record that A and B (names, person ids or keys) are the same person.")
    pair_command("keep-apart", "different", "Record that A and B are not the same person.")

    @main.command("split")
    @click.argument("person")
    @click.argument("record")
    @out_opt
    @config_opt
    def split_cmd(person, record, out, config_path):
        """Take RECORD (a record id) out of PERSON: it is not the same as the others."""
        cfg = load_config(config_path)
        out = out_dir(out, cfg)
        p = person_or_exit(out, person)
        recs = _records_of(out, p)
        if record not in recs["record_id"].to_list():
            click.echo(f"kith: {record} is not one of {p['person_id']}'s records.", err=True)
            sys.exit(EXIT_USAGE)
        target = f"record:{record}"
        for r in recs.filter(pl.col("record_id") != record).iter_rows(named=True):
            _decide(cfg, out, "different", target, f"record:{r['record_id']}", "kith split")
        _rededupe(run, cfg, out)

    @main.command("decisions")
    @config_opt
    def decisions_cmd(config_path):
        """List your decisions, numbered (for `kith undo N`)."""
        cfg = load_config(config_path)
        try:
            items = dec.load(_decisions_path(cfg))
        except dec.DecisionError as exc:
            click.echo(f"kith: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        if not items:
            click.echo("No decisions yet.")
        for d in items:
            verb = {"same": "same person as", "different": "NOT the same person as",
                    "in-network": "is in network", "not-in-network": "is NOT in network"}[d.kind]
            click.echo(f"{d.id:>4}  {d.a}  {verb}  {d.b}  ({d.created} {d.note})".rstrip())

    @main.command("undo")
    @click.argument("number", type=int)
    @out_opt
    @config_opt
    def undo_cmd(number, out, config_path):
        """Take back decision NUMBER and refresh the outputs."""
        cfg = load_config(config_path)
        try:
            d = dec.remove(_decisions_path(cfg), number)
        except dec.DecisionError as exc:
            click.echo(f"kith: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        click.echo(f"Removed decision {d.id} ({d.kind}: {d.a} / {d.b}).")
        out = out_dir(out, cfg)
        if (out / "stages" / "normalize" / "records.parquet").exists():
            _rededupe(run, cfg, out)

    @main.command("review")
    @out_opt
    @config_opt
    def review_cmd(out, config_path):
        """Walk the review queue: for each pair answer same, different, skip or quit."""
        cfg = load_config(config_path)
        out = out_dir(out, cfg)
        queue = read_output(out, "review")
        recs = read_output(out, "records")
        if queue.height == 0:
            click.echo("Nothing to review.")
            return
        by_id = {r["record_id"]: r for r in recs.filter(
            pl.col("record_id").is_in(queue["record_id_l"].to_list() + queue["record_id_r"].to_list())
        ).iter_rows(named=True)}
        decided = 0
        shared = dec.shared_keys(recs)
        for i, q in enumerate(queue.iter_rows(named=True), start=1):
            click.echo(f"\n[{i}/{queue.height}] weight {q['weight']:.1f}: {q['reason']}")
            for side in ("l", "r"):
                r = by_id[q[f"record_id_{side}"]]
                click.echo(f"  {side.upper()}: {r['display_name'] or ''} | {r['organization'] or ''}"
                           f" | {r['title'] or ''} | {', '.join(r['emails'] or [])}"
                           f" | {', '.join(r['phones_e164'] or [])} | {r['source']}")
            answer = click.prompt("Same person? [s]ame / [d]ifferent / [k] skip / [q]uit",
                                  type=click.Choice(["s", "d", "k", "q"]), show_choices=False)
            if answer == "q":
                break
            if answer == "k":
                continue
            a = dec.natural_key(by_id[q["record_id_l"]], shared)
            b = dec.natural_key(by_id[q["record_id_r"]], shared)
            _decide(cfg, out, "same" if answer == "s" else "different", a, b, "kith review")
            decided += 1
        if decided:
            _rededupe(run, cfg, out)
        click.echo(f"{decided} decision(s) recorded.")

    @main.command("export")
    @click.option("--format", "fmt", type=click.Choice(["vcf", "csv"]), required=True)
    @click.option("--output", "output", type=click.Path(dir_okay=False),
                  help="File to write (default: DIR/export/people.vcf or .csv).")
    @out_opt
    @config_opt
    def export_cmd(fmt, output, out, config_path):
        """Write the merged people as one vCard 4.0 file or a Google Contacts CSV."""
        cfg = load_config(config_path)
        out = out_dir(out, cfg)
        people = read_output(out, "people")
        text = export_mod.to_vcard(people) if fmt == "vcf" else export_mod.to_google_csv(people)
        target = Path(output) if output else out / "export" / f"people.{fmt}"
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(text, "utf-8", newline="")
        tmp.chmod(0o600)
        tmp.replace(target)
        click.echo(f"Wrote {people.height} people to {target}")
