"""`kith serve`: the worksheets as a local web app with forms (see app.py and the README)."""
