#!/usr/bin/env python3
"""Seeds the SV2 fuzz corpora from the repository's derived vectors (testdata/vectors/derived).

Run once from the repository root; the corpora it writes are committed. Frame inputs are the vectors' plaintext
frames; message inputs are one byte choosing the type (its index in MessageType's declaration order) and the
payload; transport inputs are a plaintext frame behind an odd selector byte, and the vectors' ciphertexts behind
an even one.
"""
import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = json.loads((ROOT / "testdata/vectors/derived/sv2-handshake-and-frames.derived.json").read_text())
SOURCE = (ROOT / "sv2-protocol/src/main/java/org/reservegrid/sv2/message/MessageType.java").read_text()
RESOURCES = ROOT / "sv2-protocol/src/test/resources/org/reservegrid/sv2/fuzz"

# (extension_type, msg_type) of each enum constant, in declaration order.
KEYS = []
for name, args in re.findall(r"^    ([A-Z_]+)\((.*?)\)[,;]", SOURCE, re.M):
    parts = [a.strip() for a in args.split(",")]
    ext = 1 if parts[0] == "MessageType.EXTENSIONS_NEGOTIATION" else 0
    code = int(parts[1] if ext else parts[0], 16)
    KEYS.append((ext, code))


def write(target, name, data):
    folder = RESOURCES / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


for vector in VECTORS["messages"]:
    frame = bytes.fromhex(vector["frame_hex"])
    ext = int.from_bytes(frame[0:2], "little") & 0x7FFF
    key = (ext, frame[2])
    slug = re.sub(r"[^A-Za-z0-9]+", "-", vector["name"]).strip("-").lower()
    write("Sv2MessageFuzzTestsInputs/frame", slug, frame)
    write("Sv2MessageFuzzTestsInputs/message", slug, bytes([KEYS.index(key)]) + frame[6:])
for index, vector in enumerate(VECTORS["transport_frames"]):
    write("NoiseFuzzTestsInputs/transportFrame", f"plaintext-{index}", b"\x01" + bytes.fromhex(vector["plaintext_frame_hex"]))
    write("NoiseFuzzTestsInputs/transportFrame", f"ciphertext-{index}", b"\x00" + bytes.fromhex(vector["ciphertext_hex"]))
handshake = VECTORS["handshake"]
for key in ("act1_hex", "act2_hex"):
    if key in handshake:
        target = "responderAct1" if key == "act1_hex" else "initiatorAct2"
        write(f"NoiseFuzzTestsInputs/{target}", "vector", bytes.fromhex(handshake[key]))
