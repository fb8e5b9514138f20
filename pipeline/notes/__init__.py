"""The user's own networking notes (notes.csv) and give/ask ledger (ledger.csv).

Both files belong to the user: they open them in a spreadsheet and type into them. kith only
adds rows, re-keys rows when people merge, and keeps its own bookkeeping columns up to date; it
never changes a cell the user typed.
"""
