"""`make bench`: every benchmarks/bench_*.py module's ratios, measured side by side."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).parent
    failures = 0
    for path in sorted(here.glob("bench_*.py")):
        module = importlib.import_module(f"benchmarks.{path.stem}")
        print(f"== {module.__doc__.strip().splitlines()[0] if module.__doc__ else path.stem}")
        for ratio in module.run():
            print(ratio.line(), flush=True)
            failures += ratio.ratio > ratio.limit
    print(f"{failures} au-dessus de leur limite" if failures else "Toutes les mesures tiennent.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
