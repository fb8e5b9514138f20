"""CLI commands about networks and follow-ups: networks, tag, targets, dormant.

`kith tag` writes the user's decision ("in-network" / "not-in-network") to the decisions file
and re-runs the pipeline from dedupe, so the outputs show it at once; the decision outlives
re-exports because it names the person by a natural key (LinkedIn profile, e-mail, phone).
"""

from __future__ import annotations

import click
import polars as pl

from pipeline import clock, schema
from pipeline.cli_base import common, main, read_config, read_output
from pipeline.cli_enrich import run_as_of
from pipeline.cli_people import ensure_unlocked, person_key, person_or_exit, rededupe
from pipeline.dedupe import decisions as dec
from pipeline.errors import UsageProblem
from pipeline.notes import ledger as ledger_mod
from pipeline.notes import since_run
from pipeline.notes.notes_file import load_notes
from pipeline.tagging.overrides import override_people
from pipeline.tagging.rules import Dormant, RulesError, load_rules
from pipeline.tagging.targets import load_targets, reranked

RELATION = {"works_there": "works there", "worked_there": "worked there"}


@main.command("networks")
@click.argument("who")
@common
def networks_cmd(who, out, config_path):
    """Show WHO's networks (peer, business, community) with every reason."""
    cfg, out = read_config(config_path, out)
    p = person_or_exit(out, who, cfg.files.get("notes"))
    rows = read_output(out, "networks").filter(pl.col("person_id") == p["person_id"])
    click.echo(f"{p['display_name']}  ({p['person_id']})")
    if rows.height == 0:
        click.echo("  untagged: no rule found evidence of a network "
                   "(`kith tag NAME --add NETWORK` to set one)")
    for network in sorted(rows["network"].unique().to_list()):
        click.echo(f"  {network}")
        for r in rows.filter(pl.col("network") == network).sort("rule").iter_rows(named=True):
            click.echo(f"    - {r['reason']}  [{r['rule']}]")
    mine = override_people(read_output(out, "records"), dec.load(cfg.files.get("decisions"))).filter(
        pl.col("person_id") == p["person_id"])
    for d in mine.iter_rows(named=True):
        verb = "in" if d["kind"] == "in-network" else "NOT in"
        click.echo(f"  your decision {d['decision_id']}: {verb} {d['network']} "
                   f"({d['key']}; `kith undo {d['decision_id']}` takes it back)")
    if p.get("warmth") is not None:
        click.echo(f"  warmth {p['warmth']:.0f}/100: {p['warmth_reason']}")
    if p.get("follow_up_due") is not None:
        # a date the user typed in the notes has no cadence behind it
        every = (f"every {p['cadence_days']} days" if p.get("cadence_days") is not None
                 else "your date")
        click.echo(f"  follow up by {p['follow_up_due']} ({every})"
                   + ("; dormant" if p.get("dormant") else ""))


@main.command("tag")
@click.argument("who")
@click.option("--add", "add", type=click.Choice(schema.NETWORK_NAMES, case_sensitive=False),
              help="Put WHO in this network, whatever the rules say.")


@click.option("--remove", "remove",
              type=click.Choice(schema.NETWORK_NAMES, case_sensitive=False),
              help="Take WHO out of this network, whatever the rules say.")


@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Date the refreshed outputs are computed against (default: today).")


@common
def tag_cmd(who, add, remove, as_of, out, config_path):
    """Record that WHO is (--add) or is not (--remove) in a network; refresh the outputs."""
    if bool(add) == bool(remove):
        raise UsageProblem("give exactly one of --add NETWORK or --remove NETWORK "
                           f"({', '.join(schema.NETWORK_NAMES)}).")
    cfg, out = read_config(config_path, out)
    p = person_or_exit(out, who, cfg.files.get("notes"))
    key = person_key(out, p)
    network = (add or remove).lower()
    kind = "in-network" if add else "not-in-network"
    ensure_unlocked(out)
    d = dec.add(cfg.files["decisions"], kind, key, network, "kith tag")
    click.echo(f"Decision {d.id}: {p['display_name']} ({key}) is "
               f"{'' if add else 'not '}in your {network} network.")
    rededupe(cfg, out, **({"as_of": as_of.date()} if as_of else {}))


@main.command("targets")
@click.option("--limit", type=click.IntRange(min=0), default=10, show_default=True,
              help="Paths shown per target (0: all).")


@common
def targets_cmd(limit, out, config_path):
    """Each target company with the people who can get you in: who can hire you first, then
    the warmest."""
    cfg, out = read_config(config_path, out)
    targets = load_targets(cfg.files.get("targets"))
    if not targets:
        # the file kith init wrote explains itself; configs/targets.toml is in kith's clone
        click.echo(f"No targets yet: list the companies you are pursuing in "
                   f"{cfg.files.get('targets')} (its comments show how), or "
                   f"`kith companies --add NAME`.")
        return
    paths = without_do_not_contact(read_output(out, "targets"), cfg.files.get("notes"))
    edited = since_run.written_since_run(cfg.files.get("targets"), out, "targets")
    for t in targets:
        rows = paths.filter(pl.col("target") == t.company).sort("rank")
        aka = f" (also {', '.join(t.aliases)})" if t.aliases else ""
        if rows.height == 0 and edited:  # a company added since: the run never looked
            click.echo(f"{t.company}{aka}: not looked for yet (your targets file changed since "
                       f"the last run; `kith run` or `kith dedupe` finds its paths)")
            continue
        click.echo(f"{t.company}{aka}: {rows.height} path(s)")
        if rows.height == 0:
            click.echo("  nobody in your network works or worked there")
        for r in rows.head(limit or rows.height).iter_rows(named=True):
            title = f", {r['title']}" if r["title"] else ""
            click.echo(f"  {r['rank']:>3}. {r['display_name']} ({RELATION[r['relation']]}"
                       f"{title}) warmth {r['warmth']:.0f}")
            click.echo(f"       {r['reason']}")
        if limit and rows.height > limit:
            click.echo(f"       ... and {rows.height - limit} more (--limit 0 shows all)")


def without_do_not_contact(paths: pl.DataFrame, notes) -> pl.DataFrame:
    """Target paths without the people your notes mark do-not-contact, ranked again (the
    worksheets' targets page leaves them out; `kith targets` listed them, first when they
    were the best path)."""
    dnc = since_run.do_not_contact_in(notes)
    if dnc.len() == 0 or paths.height == 0:
        return paths
    return reranked(paths.filter(~pl.col("person_id").is_in(dnc.implode())))


@main.command("dormant")
@common
def dormant_cmd(out, config_path):
    """Ties that were warm once and went quiet, warmest first."""
    cfg, out = read_config(config_path, out)
    people = read_output(out, "people").filter(pl.col("dormant").fill_null(False)).sort(
        ["warmth", "display_name", "person_id"], descending=[True, False, False])
    # ties to revive: never do-not-contact, nor one you talked to since the run
    dnc = since_run.do_not_contact_in(cfg.files.get("notes"))
    people = people.filter(~pl.col("person_id").is_in(dnc.implode()))
    try:
        rule = load_rules(cfg.files.get("networks")).dormant
    except (RulesError, OSError):
        rule = Dormant()  # the list still shows; a run reports the rules file's problem
    notes = cfg.files.get("notes")
    if notes is not None and notes.exists():
        today = max(clock.today(), run_as_of(out))
        entries = ledger_mod.load_ledger(ledger_mod.ledger_path(notes))
        people = since_run.still_dormant(people, load_notes(notes), entries, today, rule)
    if people.height == 0:
        click.echo("No dormant ties.")
        return
    click.echo(f"{people.height} dormant tie(s):")
    for p in people.iter_rows(named=True):
        nets = ", ".join(p["networks"] or []) or "untagged"
        click.echo(f"  {p['display_name']}  ({nets}) warmth {p['warmth']:.0f}, "
                   f"last in touch {p['last_interaction'] or p['first_connected']}")
        click.echo(f"      {p['warmth_reason']}")
