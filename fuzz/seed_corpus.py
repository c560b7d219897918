#!/usr/bin/env python3
"""Writes the seed corpus of each fuzz target, fuzz/corpus/<target>/seed-*, from the
repository's own files. Run from anywhere: python3 fuzz/seed_corpus.py

- rules: rules/*.garant, every *.garant under cases/ and tests/fixtures/, and every garant
  block of docs/language.md;
- data: every YAML file under cases/ and tests/fixtures/ but case.yaml, and every yaml block of
  docs/language.md;
- case: every case folder of cases/ and tests/fixtures/ as the case target reads its input:
  case.yaml, a NUL byte, a data file, a NUL byte, another data file.

Files are cut to MAX_BYTES at a line end, so that the fuzzer's inputs stay small (and fast) and
the committed corpus under 2 MB; identical seeds are written once. Only seed-* files are
replaced: what the fuzzer added to the corpus (git-ignored) is left alone.
"""

import hashlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
MAX_BYTES = 4096


def cut(data: bytes) -> bytes:
    if len(data) <= MAX_BYTES:
        return data
    end = data.rfind(b"\n", 0, MAX_BYTES)
    return data[: end + 1] if end > 0 else data[:MAX_BYTES]


def files(pattern: str) -> list[Path]:
    found = []
    for top in ("cases", "tests/fixtures"):
        found.extend(p for p in (ROOT / top).rglob(pattern) if p.is_file())
    return sorted(found)


def doc_blocks(tags: tuple[str, ...]) -> list[tuple[str, bytes]]:
    text = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    blocks = []
    for i, m in enumerate(re.finditer(r"^```(\S+)[^\n]*\n(.*?)^```", text, re.S | re.M)):
        if m.group(1) in tags:
            blocks.append((f"docs_language.md_{i}", m.group(2).encode("utf-8")))
    return blocks


def name_of(path: Path) -> str:
    return str(path.relative_to(ROOT)).replace("/", "_")


def write(target: str, seeds: list[tuple[str, bytes]]) -> None:
    out = CORPUS / target
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("seed-*"):
        old.unlink()
    seen = set()
    total = 0
    for name, data in seeds:
        digest = hashlib.sha1(data).digest()
        if digest in seen or not data:
            continue
        seen.add(digest)
        (out / f"seed-{name}").write_bytes(data)
        total += len(data)
    print(f"{target}: {len(seen)} seeds, {total} bytes")


def main() -> None:
    rules = [(name_of(p), p.read_bytes()) for p in sorted((ROOT / "rules").glob("*.garant"))]
    rules += [(name_of(p), p.read_bytes()) for p in files("*.garant")]
    rules += doc_blocks(("garant", "garant-error", "garant-quote"))
    write("rules", rules)

    data = [(name_of(p), cut(p.read_bytes())) for p in files("*.y*ml") if p.name != "case.yaml"]
    data += doc_blocks(("yaml",))
    write("data", data)

    cases = []
    for case in files("case.yaml"):
        folder = case.parent
        # The data files beside case.yaml, the case's own (not a shared baseline) first.
        beside = sorted(
            (p for p in folder.rglob("*.y*ml") if p != case),
            key=lambda p: (p.name.startswith("base"), p.stat().st_size, p.name),
        )[:2]
        parts = [cut(case.read_bytes())] + [cut(p.read_bytes()) for p in beside]
        cases.append((name_of(folder), b"\0".join(parts)))
    write("case", cases)


if __name__ == "__main__":
    main()
