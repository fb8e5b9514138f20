"""HTML worksheets (and their CSV twins) that turn the tagged network into networking practice.

    render(folder, people=..., networks=..., targets=..., review=..., notes=..., reciprocity=...,
           changes=..., refreshed_at=..., as_of=..., page_size=500) -> list of files written

rows.py prepares every value with polars; plan.py picks this week's outreach; cards.py builds
the per-person markup; output.py writes pages (jinja2, autoescaped) and CSV (formula-safe);
csp.py holds the inline style and script and the policy that allows only them.
"""
