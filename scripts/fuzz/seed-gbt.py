#!/usr/bin/env python3
"""Seeds the getblocktemplate fuzz corpora from testdata/fixtures/gbt: each Core answer as it is, and rewritten
into bcoin's and btcd's shapes the way rg-node-rpc's NodeShapes (test sources) does. Run from the repository
root; the corpora are committed. Usage: seed-gbt.py DIRECTORY..."""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def bcoin(core):
    gbt = json.loads(json.dumps(core))
    gbt["maxtime"] = gbt["curtime"] + 7200
    gbt["expires"] = 60
    gbt["submitold"] = False
    gbt["coinbaseaux"] = {"flags": "6d696e656420627920626a"}
    return gbt


def btcd(core):
    gbt = json.loads(json.dumps(core))
    for key in ("rules", "vbavailable", "vbrequired", "signet_challenge"):
        gbt.pop(key, None)
    for tx in gbt["transactions"]:
        tx["hash"] = tx.pop("txid")
    commitment = gbt.get("default_witness_commitment", "")
    if commitment.startswith("6a24aa21a9ed"):
        gbt["default_witness_commitment"] = commitment[len("6a24aa21a9ed"):]
    return gbt


for target in sys.argv[1:]:
    folder = pathlib.Path(target)
    folder.mkdir(parents=True, exist_ok=True)
    for fixture in sorted((ROOT / "testdata/fixtures/gbt").glob("core-*.json")):
        core = json.loads(fixture.read_text())
        name = fixture.stem[len("core-"):]
        (folder / f"core-{name}.json").write_text(json.dumps(core))
        (folder / f"bcoin-{name}.json").write_text(json.dumps(bcoin(core)))
        (folder / f"btcd-{name}.json").write_text(json.dumps(btcd(core)))
