"""The categories' palette: apart for every reader, visible on either theme, and the colour science it rests on."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from graphbuild import palette

# Sharma, Wu and Dalal (2005), Table 1: pairs of CIELAB colours and their CIEDE2000 difference.
SHARMA = [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 3.1571, -77.2803), (50.0, 0.0, -82.7485), 2.8615),
    ((50.0, -1.3802, -84.2814), (50.0, 0.0, -82.7485), 1.0000),
    ((50.0, 2.5, 0.0), (50.0, 0.0, -2.5), 4.3065),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((90.8027, -2.0831, 1.441), (91.1528, -1.6435, 0.0447), 1.4441),
    ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082),
]


@pytest.mark.parametrize("first, second, expected", SHARMA)
def test_ciede2000_matches_sharmas_test_data(first, second, expected):
    assert palette.ciede2000_lab(first, second) == pytest.approx(expected, abs=1e-4)
    assert palette.ciede2000_lab(second, first) == pytest.approx(expected, abs=1e-4)


def test_simulation_keeps_greys_and_merges_what_deuteranopes_merge():
    for grey in ("#000000", "#777777", "#ffffff"):
        for deficiency in palette.DEFICIENCIES:
            assert palette.ciede2000(palette.simulate(grey, deficiency), grey) < 1.0
    # The two shipped colours the issue found indistinguishable for a deuteranope (0.7 apart).
    red, green = "#e15759", "#59a14f"
    assert palette.ciede2000(red, green) > 40
    seen = [palette.simulate(c, "deuteranopia") for c in (red, green)]
    assert palette.ciede2000(*seen) < 3


def test_contrast_is_wcags_ratio():
    assert palette.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert palette.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_every_pair_of_the_palette_is_apart_for_every_reader():
    worst, deficiency, a, b = palette.worst_difference(palette.PALETTE)
    assert worst >= 12, (worst, deficiency, a, b)
    assert len(set(palette.PALETTE)) == len(palette.PALETTE) == 8


@pytest.mark.parametrize("colour", palette.PALETTE)
def test_every_colour_stands_out_on_either_theme(colour):
    assert palette.contrast(colour, "#ffffff") >= 3.0
    assert palette.contrast(colour, palette.DARK_BACKGROUND) >= 3.0


def test_more_categories_than_colours_get_another_shape():
    roots = [f"c{k}" for k in range(20)]
    given = palette.category_colours(roots)
    assert len(set(given.values())) == 20
    assert given["c0"] == (palette.PALETTE[0], "circle")
    assert given["c8"] == (palette.PALETTE[0], "square")


@pytest.mark.slow
def test_the_palette_is_what_its_benchmark_finds():
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "palette.py"
    spec = importlib.util.spec_from_file_location("palette_search", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    found = module.improve(module.search(len(palette.PALETTE)), module.candidates(), rounds=5)
    assert tuple(found) == palette.PALETTE
