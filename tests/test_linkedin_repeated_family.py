"""A LinkedIn connection whose First Name holds the whole name ("Herton R. Tavares Costa"
beside Last Name "Costa", docs/realworld20.md S6, a real 2023 export) was shown "Herton R.
Tavares Costa Costa": rw19's cut of the repeated family name (csvnames.without_repeated_family)
ran for address books only. One rule for both readers now. Rows written for kith."""

from __future__ import annotations

from exports_support import kith_records

HEADER = "First Name,Last Name,Email Address,Company,Position,Connected On\n"


def test_a_first_name_holding_the_whole_name_is_shown_once(tmp_path):
    text = HEADER + ("Ana Lucia Prado Costa,Costa,,Acme,Analyst,25 Jan 2023\n"
                     "Maria,Costa,,Acme,Intern,24 Jan 2023\n"
                     "Costa,Costa,,,,23 Jan 2023\n"
                     ",,,,,22 Jan 2023\n")
    records = kith_records(tmp_path, {"Connections.csv": text})
    assert records["display_name"].to_list() == ["Ana Lucia Prado Costa", "Maria Costa",
                                                 "Costa Costa"]
    assert records["given_name"].to_list()[0] == "Ana Lucia Prado"
