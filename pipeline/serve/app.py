"""`kith serve`: the worksheets as a local web app with forms (Starlette, served by uvicorn).

Every write goes through the library functions the CLI uses (notes_file.set_note,
ledger.append_entry, decisions.add), with their locks and atomic writes. Notes and ledger
entries show at once (pages apply them with the outreach stage's own function); a decision
that changes people re-runs kith from the dedupe stage in the background (runner.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from pipeline import clock
from pipeline.config import Config
from pipeline.run import run
from pipeline.schema import NETWORK_NAMES
from pipeline.serve import actions, intros, pages
from pipeline.serve.runner import Runner
from pipeline.serve.security import Guard, GuardMiddleware, policy
from pipeline.serve.store import Store
from pipeline.tagging.rules import RulesError, load_rules
from pipeline.worksheets import csp

CSS = csp.CSS + """
.banner{padding:.5rem .75rem;border-radius:.4rem;margin:.5rem 0;border:1px solid var(--line)}
.banner.warn{border-color:var(--warn)}
form.inline{display:inline}
button{font:inherit;padding:.2rem .6rem;margin:.1rem .2rem .1rem 0;cursor:pointer}
.sides{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(24rem,100%),1fr));gap:.75rem}
.sides>div{min-width:0}
.record{margin:0 0 .5rem}
.pair{border:1px solid var(--line);border-radius:.5rem;padding:.6rem .75rem;margin:0 0 1rem}
.notes label{display:block;margin:.3rem 0}
.notes input[type=text],.notes textarea{font:inherit;width:100%;max-width:40rem}
.agree{color:var(--accent)}.conflict{color:var(--warn)}
"""
# Nicer, not needed: a clicked button is disabled so a double click does not post twice (a
# form that adds an entry also carries a one-time value, security.Guard.once, for browsers
# without JavaScript).
JS = """
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("form[method=post]"), function (f) {
    f.addEventListener("submit", function () {
      window.setTimeout(function () {
        Array.prototype.forEach.call(f.querySelectorAll("button"), function (b) {
          b.disabled = true;
        });
      }, 0);
    });
  });
  // While a run is going the page reloads every 2 s to show its progress, but never over
  // what the user is typing: after the first edit in a form it stops and says so.
  var status = document.getElementById("run-status");
  if (status && status.getAttribute("data-status") === "running") {
    var edited = false;
    document.addEventListener("input", function () {
      if (edited) { return; }
      edited = true;
      var note = document.getElementById("run-reload");
      if (note) { note.textContent = "Reloading is paused while you edit; save or reload to see the new outputs"; }
    });
    window.setInterval(function () {
      if (!edited) { window.location.reload(); }
    }, 2000);
  }
}());
""".strip()


@dataclass
class Kith:
    """Everything a request needs (app.state.kith)."""

    cfg: Config
    out: Path
    guard: Guard
    store: Store
    runner: Runner
    env: Environment
    inline: csp.Inline
    today: object  # () -> date
    skipped: set[tuple[str, str]] = field(default_factory=set)
    decided: set[tuple[str, str]] = field(default_factory=set)

    @property
    def notes_path(self) -> Path:
        return Path(self.cfg.files["notes"])

    @property
    def decisions_path(self) -> Path:
        return Path(self.cfg.files["decisions"])

    def render(self, request: Request, template: str, status_code: int = 200,
               **ctx) -> HTMLResponse:
        state = self.runner.state
        common = {"inline": self.inline, "csrf": self.guard.csrf, "once": self.guard.once,
                  "run": state,
                  "networks": NETWORK_NAMES, "path": request.url.path,
                  "today": self.today().isoformat()}
        html = self.env.get_template(f"serve/{template}").render(**common, **ctx)
        return HTMLResponse(html, status_code=status_code)


def environment() -> Environment:
    return Environment(loader=PackageLoader("pipeline", "templates"), autoescape=True,
                       undefined=StrictUndefined)


def create_app(cfg: Config, out: Path, guard: Guard, *, run_fn=run,
               today=clock.today) -> Starlette:
    try:
        rule = load_rules(cfg.files.get("networks")).dormant
    except RulesError:
        from pipeline.tagging.rules import Dormant

        rule = Dormant()  # the page still works; a run reports the rules file's problem
    kith = Kith(cfg, out, guard, Store(out, Path(cfg.files["notes"]), rule),
                Runner(cfg, out, run_fn), environment(), csp.inline(JS, CSS), today)
    routes = [
        Route("/", pages.index),
        Route("/review", pages.review),
        Route("/review", actions.review, methods=["POST"]),
        Route("/search", pages.search),
        Route("/network/{name}", pages.network),
        Route("/targets", pages.targets),
        Route("/reconnect", pages.reconnect),
        Route("/introductions", intros.page),
        Route("/introductions/{iid}", intros.answer, methods=["POST"]),
        Route("/run", pages.run_status),
        Route("/run", actions.retry, methods=["POST"]),
        Route("/person/{pid}", pages.person),
        Route("/person/{pid}/note", actions.note, methods=["POST"]),
        Route("/person/{pid}/log", actions.log, methods=["POST"]),
        Route("/person/{pid}/follow-up", actions.follow_up, methods=["POST"]),
        Route("/person/{pid}/network", actions.network, methods=["POST"]),
        Route("/person/{pid}/split", actions.split, methods=["POST"]),
    ]
    app = Starlette(routes=routes, exception_handlers=pages.HANDLERS)
    app.state.kith = kith
    app.add_middleware(GuardMiddleware, guard=guard,
                       content_policy=policy(str(kith.inline.script), str(kith.inline.style)))
    return app

