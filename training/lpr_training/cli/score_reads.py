"""Score the runtime's reads of text-named crops, as the team scores its held-out recognizer set: each file's stem
(before any `~n`, which cut_crops adds to repeated plates) is the plate, and only an exact read counts.

npx lpr recognize /tmp/street-crops --country cn --json > /tmp/reads.jsonl
python -m lpr_training.cli.score_reads /tmp/reads.jsonl
"""
import argparse
import json
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("reads", type=Path, help="lpr recognize --json output")
    args = parser.parse_args()
    right, wrong = 0, []
    for line in args.reads.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        truth = Path(record["file"]).stem.split("~")[0]
        if record["plate"] == truth:
            right += 1
        else:
            wrong.append(f"{truth} -> {record['plate'] or '(nothing)'}")
    total = right + len(wrong)
    print(f"{right}/{total} read exactly ({right / max(1, total):.1%})")
    for line in wrong:
        print(f"  {line}")


if __name__ == "__main__":
    main()
