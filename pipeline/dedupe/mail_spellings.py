"""What e-mail addresses and names spell, per record: which local parts name their owner,
which mailboxes are shared (role and family mailboxes), work domains, and the spellings of a
record's name that a local part may hold. features.build reads them; cross.py compares them
across records."""

from __future__ import annotations

import polars as pl

from pipeline.normalize import explode_rows, implode_rows

# Local parts that say nothing about who owns the mailbox.
GENERIC_LOCALS = frozenset(
    "info contact office admin sales hello mail support home family team hr jobs careers "
    "noreply no-reply reply webmaster post kontakt bureau service billing accounts me".split()
)
PERSONAL_DOMAINS = frozenset(
    "gmail.com googlemail.com yahoo.com hotmail.com outlook.com live.com msn.com icloud.com "
    "me.com mac.com aol.com gmx.de gmx.net web.de proton.me protonmail.com yandex.ru mail.ru "
    "orange.fr free.fr laposte.net wanadoo.fr libero.it qq.com 163.com comcast.net "
    "hotmail.co.uk yahoo.co.uk btinternet.com t-online.de".split()
)


# A household's mailbox, named after the family: "thesmiths", "the.kowalskis2", "smithfamily".
FAMILY_MAILBOX = r"^(the[a-z]{2,}s|[a-z]*famil(y|ie)[a-z]*)\d*$"


def _is_shared_local(local: pl.Expr) -> pl.Expr:
    return local.is_in(list(GENERIC_LOCALS)) | local.str.contains(FAMILY_MAILBOX)


# A local part or an organisation word shorter than this matches too much by chance.
MIN_SPELLING = 4


def spellings(f: pl.DataFrame, email_letters: pl.Series) -> list[pl.Expr | pl.Series]:
    """What e-mail addresses and names spell, to compare across records:
    email_letters: each local part's letters ("k.kabelham85" -> "kkabelham"; mail_lists);
    name_spellings: how a local part spells this record's name (kabelham, korfaardkabelham,
    kabelhamkorfaard, kkabelham, kabelhamk, korfaardk);
    domain_stems: the first label of each work domain ("cyberdyne.ai" -> "cyberdyne");
    org_word: the organisation key's first word, as a list ("cyberdyne systems" ->
    ["cyberdyne"])."""
    return [
        email_letters,
        _name_spellings(f),
        pl.col("work_domains").list.eval(pl.element().str.split(".").list.first()).list.eval(
            pl.element().filter(pl.element().str.len_chars() >= MIN_SPELLING)
        ).fill_null([]).alias("domain_stems"),
        pl.col("org_key").str.split(" ").list.slice(0, 1).fill_null([]).alias("org_word"),
    ]


def _name_spellings(f: pl.DataFrame) -> pl.Series:
    # The two parts are computed first and then read by name: written into the concat_str
    # below, each of its 14 pieces split or replaced the name again (twice the CPU at 100k).
    parts = f.select(pl.col("given_key").str.split(" ").list.first().alias("g"),
                     pl.col("family_key").str.replace_all(" ", "").alias("fam"))
    g, fam = pl.col("g"), pl.col("fam")
    named = (g.str.len_chars() >= 2) & (fam.str.len_chars() >= 2)
    gi, fi, gap = g.str.slice(0, 1), fam.str.slice(0, 1), pl.lit(" ")
    # neither part holds a space (the first given word; the family name without its spaces):
    # the five spellings joined by spaces and split again, a third of the time of concat_list
    spellings = pl.concat_str([g, fam, gap, fam, g, gap, gi, fam, gap, fam, gi, gap, g, fi])
    return parts.select(pl.when(named).then(spellings).str.split(" ")
                        .fill_null(pl.lit([], dtype=pl.List(pl.String)))
                        .alias("name_spellings")).to_series()


def own_spellings(f: pl.DataFrame) -> pl.Series:
    """Every way a local part spells this record's own name, the formal names its given name
    can stand for included: "russellchristina@" on Tina Russell's card is her own address,
    and does not point to another Christina Russell. `f`: feature rows (cross.cross_levels
    asks only for the records it needs)."""
    fam = pl.col("family_key").str.replace_all(" ", "")
    g = pl.col("given_groups")
    e = f.select(pl.int_range(pl.len()).alias("row"), "given_groups", fam.alias("fam"),
                 "name_spellings").filter(pl.col("fam").str.len_chars() >= 2).explode(
        "given_groups").filter(g.str.len_chars() >= 1)
    forms = e.select("row", pl.concat_list(g + pl.col("fam"), pl.col("fam") + g,
                                           g.str.slice(0, 1) + pl.col("fam"),
                                           pl.col("fam") + g.str.slice(0, 1),
                                           g + pl.col("fam").str.slice(0, 1)).alias("s"))
    lists = forms.explode("s").group_by("row").agg(pl.col("s").unique())
    out = f.select(pl.int_range(pl.len()).alias("row"), "name_spellings").join(
        lists, on="row", how="left", maintain_order="left")
    return out.select(pl.col("name_spellings").list.concat(pl.col("s").fill_null([]))
                      .list.unique())["name_spellings"]


def mail_lists(f: pl.DataFrame) -> list[pl.Series]:
    """email_locals, role_emails, work_domains, email_letters: what each record's addresses
    say, worked out on the addresses exploded once (four list.eval passes, each splitting every
    address again, and a second explode for the name check were ~0.2 CPU-s at 100k records).

    email_locals: a local part says who owns the mailbox only when it is specific (6+
    characters without dots, dashes and underscores; not generic, not a family mailbox) and
    does not contain the record's own given or family name ("johnsmith85", "smithj" repeat the
    name evidence that namesakes share). role_emails: role and family mailboxes (info@,
    office@, home@, thesmiths@, smithfamily@), which many people read. work_domains: domains
    of no free-mail provider. email_letters: each local part's letters ("k.kabelham85" ->
    "kkabelham"), 4+ of them and not a generic word.

    Lists keep the addresses' order and repeats; a record without addresses has empty lists,
    and one whose email_keys is null has null role_emails and work_domains (as list.eval
    gave)."""
    rows, keys = explode_rows(f["email_keys"])
    name = [pl.col(c).fill_null("").str.replace_all(" ", "") for c in ("given_key", "family_key")]
    e = f.select(name[0].alias("g"), name[1].alias("fam")).select(
        pl.all().gather(rows)).with_columns(keys.alias("k"))
    local = pl.col("k").str.split("@").list.first()
    bare = local.str.replace_all(r"[._-]", "")
    letters = local.str.replace_all(r"[^a-z]", "")

    def contains(part: str) -> pl.Expr:
        return (pl.col(part).str.len_chars() >= 3) & pl.col("bare").str.contains(
            pl.col(part), literal=True)

    e = e.select(bare.alias("bare"), letters.alias("letters"), "k", "g", "fam",
                 pl.col("k").str.split("@").list.last().alias("domain"))
    e = e.with_columns(_is_shared_local(pl.col("bare")).alias("shared"))
    e = e.select(
        "bare", "k", "domain", "letters",
        ((pl.col("bare").str.len_chars() >= 6) & ~pl.col("shared") & ~contains("g")
         & ~contains("fam")).alias("specific"),
        "shared",
        (~pl.col("domain").is_in(list(PERSONAL_DOMAINS))).alias("work"),
        ((pl.col("letters").str.len_chars() >= MIN_SPELLING)
         & ~pl.col("letters").is_in(list(GENERIC_LOCALS))).alias("spelt"))
    n, absent = f.height, f["email_keys"].is_null()

    def lists(value: str, keep: str, out: str, null_when_absent: bool) -> pl.Series:
        col = implode_rows(rows, e[value], n, dedupe=False, keep=e[keep]).alias(out)
        return col.set(absent, None) if null_when_absent and absent.any() else col

    return [lists("bare", "specific", "email_locals", False),
            lists("k", "shared", "role_emails", True),
            lists("domain", "work", "work_domains", True),
            lists("letters", "spelt", "email_letters", False)]
