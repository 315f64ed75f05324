"""How graphbuild's category palette was chosen: a max-min search over sRGB.

    python benchmarks/palette.py [K]   # K colours (default 8)

Candidates are the sRGB colours on a grid of 16 steps per channel whose contrast is at least 3:1 against white and
against the dark theme's background (WCAG's non-text contrast, so a mark stands out in either theme). From a
blue, each next colour is the candidate farthest (CIEDE2000) from those already chosen, for the reader who sees
them closest: normal vision, or protanopia, deuteranopia or tritanopia as simulated by Machado et al. (2009);
then each colour in turn is swapped for the candidate that raises the worst pair, while one does.
Prints the palette and its worst pair, which tests/test_palette.py checks against graphbuild.palette.PALETTE.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graphbuild.palette import DARK_BACKGROUND, DEFICIENCIES, ciede2000, contrast, lab, simulate, worst_difference  # noqa: E402

DARK = DARK_BACKGROUND


MIN_CHROMA = 30  # CIELAB chroma: greys and near-greys read as "no category", and as the citations' colour


def candidates() -> list[str]:
    steps = [round(k * 255 / 15) for k in range(16)]
    out = []
    for r in steps:
        for g in steps:
            for b in steps:
                c = f"#{r:02x}{g:02x}{b:02x}"
                if contrast(c, "#ffffff") >= 3.0 and contrast(c, DARK) >= 3.0 and math.hypot(*lab(c)[1:]) >= MIN_CHROMA:
                    out.append(c)
    return out


def search(k: int, start: str = "#0077bb") -> list[str]:
    pool = candidates()
    seen = {c: [simulate(c, d) for d in (None, *DEFICIENCIES)] for c in pool + [start]}
    chosen = [start]
    nearest = {c: min(ciede2000(a, b) for a, b in zip(seen[c], seen[start])) for c in pool}
    while len(chosen) < k:
        best = max(pool, key=lambda c: (nearest[c], c))
        chosen.append(best)
        for c in pool:
            nearest[c] = min(nearest[c], min(ciede2000(a, b) for a, b in zip(seen[c], seen[best])))
    return chosen



def improve(palette: list[str], pool: list[str], rounds: int = 3) -> list[str]:
    """Swap one colour at a time for the candidate that most raises the worst pair, until nothing does."""
    seen = {c: [simulate(c, d) for d in (None, *DEFICIENCIES)] for c in pool + palette}

    def distance(a: str, b: str) -> float:
        return min(ciede2000(x, y) for x, y in zip(seen[a], seen[b]))

    palette = list(palette)
    for _ in range(rounds):
        changed = False
        for i in range(len(palette)):
            others = palette[:i] + palette[i + 1:]
            current = min(distance(palette[i], o) for o in others)
            floor = min((distance(a, b) for k, a in enumerate(others) for b in others[k + 1:]), default=99.0)
            best = max(pool, key=lambda c: (min(distance(c, o) for o in others), c))
            if min(distance(best, o) for o in others) > current + 1e-9 and current < floor:
                palette[i], changed = best, True
        if not changed:
            break
    return palette


if __name__ == "__main__":
    pool = candidates()
    palette = improve(search(int(sys.argv[1]) if len(sys.argv) > 1 else 8), pool, rounds=5)
    print(palette)
    print("worst pair (CIEDE2000, for whom, between):", worst_difference(palette))
