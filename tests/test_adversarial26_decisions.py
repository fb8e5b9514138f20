"""Round 26: decisions.toml edited by hand keeps its comments and layout when kith writes it
(`kith merge`/`split`/`review` append, `kith undo` removes)."""

from __future__ import annotations

from pipeline.dedupe import decisions as dec

USER_FILE = """\
# My decisions. Ann and Annie are sisters: NEVER merge them.

[[decision]]
id = 1
kind = "different"   # checked with Ann in May
a = "email:ann@example.com"
b = "email:annie@example.com"

# Bob's two work addresses
[[decision]]
kind = "same"
a = "email:bob@acme.example"
b = "email:bob@beta.example"

[[decision]]
kind = "same"
a = "email:cy@example.com"
b = "phone:+15551234567"
note = "same phone"
"""


def test_add_keeps_the_users_comments_and_layout(tmp_path):
    path = tmp_path / "decisions.toml"
    path.write_text(USER_FILE, "utf-8")
    d = dec.add(path, "same", "email:dee@example.com", "email:dee@work.example", "kith merge")
    text = path.read_text("utf-8")
    assert text.startswith(USER_FILE)  # every byte the user wrote, as it was
    assert d.id == 4
    assert [x.id for x in dec.load(path)] == [1, 2, 3, 4]


def test_undo_removes_one_entry_and_keeps_every_comment(tmp_path):
    path = tmp_path / "decisions.toml"
    path.write_text(USER_FILE, "utf-8")
    before = dec.load(path)
    removed = dec.remove(path, 2)
    assert removed.a == "email:bob@acme.example"
    text = path.read_text("utf-8")
    for comment in ("# My decisions. Ann and Annie are sisters: NEVER merge them.",
                    "# checked with Ann in May", "# Bob's two work addresses"):
        assert comment in text
    after = dec.load(path)
    assert after == [before[0], before[2]]  # the third keeps its number (3), not its place
    assert "bob@acme" not in text
    assert "\n\n\n" not in text


def test_undo_of_the_last_and_first_entries(tmp_path):
    path = tmp_path / "decisions.toml"
    path.write_text(USER_FILE, "utf-8")
    dec.remove(path, 3)
    dec.remove(path, 1)
    assert [(d.id, d.a) for d in dec.load(path)] == [(2, "email:bob@acme.example")]
    assert path.read_text("utf-8").startswith("# My decisions.")


def test_a_layout_the_line_edit_cannot_follow_is_rewritten_without_losing_a_decision(tmp_path):
    path = tmp_path / "decisions.toml"
    path.write_text('decision = [{kind = "same", a = "email:a@x.example", b = '
                    '"email:b@x.example"}, {kind = "different", a = "email:c@x.example", '
                    'b = "email:d@x.example"}]\n', "utf-8")
    dec.remove(path, 1)
    assert [(d.id, d.kind) for d in dec.load(path)] == [(2, "different")]
    dec.add(path, "same", "email:e@x.example", "email:f@x.example")
    assert [d.id for d in dec.load(path)] == [2, 3]


def test_a_file_saved_with_a_bom_is_read(tmp_path):
    path = tmp_path / "decisions.toml"
    path.write_bytes(b"\xef\xbb\xbf" + USER_FILE.encode())
    assert len(dec.load(path)) == 3
    dec.add(path, "same", "email:g@x.example", "email:h@x.example")
    assert len(dec.load(path)) == 4


def test_two_writers_at_once_keep_both_decisions(tmp_path, monkeypatch):
    """kith serve's review answer and a `kith merge` write the file at the same moment: the
    first has read it when the second writes. On main the first then replaced the file
    without the second's decision."""
    import threading

    path = tmp_path / "decisions.toml"
    path.write_text(USER_FILE, "utf-8")
    real_load, has_read, go_on = dec.load, threading.Event(), threading.Event()

    def slow_load(p):
        got = real_load(p)
        if threading.current_thread().name == "first":
            has_read.set()
            go_on.wait(10)
        return got

    monkeypatch.setattr(dec, "load", slow_load)
    first = threading.Thread(name="first", target=dec.add,
                             args=(path, "same", "email:x@x.example", "email:y@x.example"))
    first.start()
    assert has_read.wait(10)
    second = threading.Thread(name="second", target=dec.add,
                              args=(path, "same", "email:z@x.example", "email:w@x.example"))
    second.start()
    second.join(0.5)  # on main it writes now; with the lock it waits for the first
    go_on.set()
    first.join(10)
    second.join(10)
    keys = {d.a for d in real_load(path)}
    assert {"email:x@x.example", "email:z@x.example"} <= keys
    assert len({d.id for d in real_load(path)}) == 5
