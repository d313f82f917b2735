#!/usr/bin/env python3
"""Prints, for each experiment run at the paper's scale, a Markdown table of its rows beside the
verdict the same row got at the smaller default scale: docs/paper-scale/ID/verdicts.json against
docs/reproduction/ID/verdicts.json. Usage: docs/paper_scale_table.py ID [ID ...]"""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
for id_ in sys.argv[1:]:
    large = json.load(open(os.path.join(here, "paper-scale", id_, "verdicts.json")))
    small_path = os.path.join(here, "reproduction", id_, "verdicts.json")
    small = {r["item"]: r for r in json.load(open(small_path))["rows"]} if os.path.exists(small_path) else {}
    print(f"| {id_}: row | first 20 000 images, 3 seeds: verdict | all 60 000, {large['seeds']} seeds: ours | verdict |")
    print("|---|---|---|---|")
    for r in large["rows"]:
        old = small.get(r["item"])
        print("| %s | %s | %s | %s |" % (r["item"], old["verdict"].split(";")[0] if old else "—", r["ours"], r["verdict"]))
    print()
