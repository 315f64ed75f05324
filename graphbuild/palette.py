"""Colours that carry meaning for every reader: the categories' palette, and the colour science that checks it.

A category's colour must tell it from its neighbours for readers with full colour vision and for the one man in
twelve who has a colour-vision deficiency. The palette below was chosen (by a max-min search over sRGB, kept in
``benchmarks/palette.py``) so that every pair stays apart by CIEDE2000 for normal vision and under simulated
protanopia, deuteranopia and tritanopia (Machado, Oliveira and Fernandes, "A physiologically-based model for
simulation of color vision deficiency", IEEE TVCG 15(6), 2009, severity 1), and so that every colour stands out
from a white page (WCAG non-text contrast of 3:1) as well as from a dark one. Where a list has more top-level
categories than the palette has colours, colours repeat and the drawing adds a second cue (each repeat of a colour
gets another mark shape: circle, square, triangle, diamond).

Colour difference is CIEDE2000 (Sharma, Wu and Dalal, "The CIEDE2000 color-difference formula: implementation
notes, supplementary test data, and mathematical observations", Color Research & Application 30(1), 2005); contrast
is WCAG 2's ratio of relative luminances.
"""

from __future__ import annotations

import math

# Chosen by benchmarks/palette.py: its worst pair, for any of the four readers, is 12.7 apart (CIEDE2000; the two
# colours it replaced in the shipped list were 0.7 apart for a deuteranope); each colour has a contrast of at least
# 3:1 against white and against the dark theme's background (DARK_BACKGROUND).
PALETTE = ("#2255ff", "#999911", "#117744", "#cc7799", "#779966", "#cc0011", "#2299ee", "#cc0099")
DARK_BACKGROUND = "#15191e"
SHAPES = ("circle", "square", "triangle", "diamond")

# Machado et al. 2009, severity 1.0, applied to linear sRGB.
MACHADO = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
DEFICIENCIES = tuple(MACHADO)

Rgb = tuple[float, float, float]


def parse_hex(colour: str) -> Rgb:
    """``"#1f77b4"`` → (r, g, b) in 0..1."""
    text = colour.lstrip("#")
    return (int(text[0:2], 16) / 255, int(text[2:4], 16) / 255, int(text[4:6], 16) / 255)


def to_hex(rgb: Rgb) -> str:
    return "#" + "".join(f"{round(min(1.0, max(0.0, c)) * 255):02x}" for c in rgb)


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _encoded(c: float) -> float:
    c = min(1.0, max(0.0, c))
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def simulate(colour: str, deficiency: str | None) -> str:
    """How ``colour`` looks to a reader with ``deficiency`` (one of :data:`DEFICIENCIES`; None: as it is)."""
    if deficiency is None:
        return colour
    lin = [_linear(c) for c in parse_hex(colour)]
    m = MACHADO[deficiency]
    out = tuple(_encoded(sum(m[row][k] * lin[k] for k in range(3))) for row in range(3))
    return to_hex(out)  # type: ignore[arg-type]


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance."""
    r, g, b = (_linear(c) for c in parse_hex(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def lab(colour: str) -> Rgb:
    """CIELAB (D65) of an sRGB colour."""
    r, g, b = (_linear(c) for c in parse_hex(colour))
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def ciede2000(a: str, b: str) -> float:
    """CIEDE2000 colour difference of two sRGB colours."""
    return ciede2000_lab(lab(a), lab(b))


def ciede2000_lab(first: Rgb, second: Rgb) -> float:
    """CIEDE2000 difference of two CIELAB colours (Sharma, Wu and Dalal 2005; kL = kC = kH = 1)."""
    l1, a1, b1 = first
    l2, a2, b2 = second
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar ** 7 / (c_bar ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl, dc = l2 - l1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    elif abs(h2p - h1p) <= 180:
        dh = h2p - h1p
    else:
        dh = h2p - h1p - 360 if h2p > h1p else h2p - h1p + 360
    dhh = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_bar, cp_bar = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_bar - 30)) + 0.24 * math.cos(math.radians(2 * h_bar))
         + 0.32 * math.cos(math.radians(3 * h_bar + 6)) - 0.20 * math.cos(math.radians(4 * h_bar - 63)))
    d_theta = 30 * math.exp(-(((h_bar - 275) / 25) ** 2))
    rc = 2 * math.sqrt(cp_bar ** 7 / (cp_bar ** 7 + 25 ** 7))
    sl = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    sc = 1 + 0.045 * cp_bar
    sh = 1 + 0.015 * cp_bar * t
    rt = -math.sin(math.radians(2 * d_theta)) * rc
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dhh / sh) ** 2 + rt * (dc / sc) * (dhh / sh))


def worst_difference(colours: list[str] | tuple[str, ...]) -> tuple[float, str | None, str, str]:
    """The closest pair of ``colours`` for any reader: (CIEDE2000, the deficiency or None, colour, colour)."""
    worst: tuple[float, str | None, str, str] = (math.inf, None, "", "")
    for deficiency in (None, *DEFICIENCIES):
        seen = [simulate(c, deficiency) for c in colours]
        for i in range(len(colours)):
            for j in range(i + 1, len(colours)):
                d = ciede2000(seen[i], seen[j])
                if d < worst[0]:
                    worst = (d, deficiency, colours[i], colours[j])
    return worst


def category_colours(roots: list[str]) -> dict[str, tuple[str, str]]:
    """A colour and a mark shape for each top-level category, in order: the palette's colours, then again with the
    next shape (so two categories never share both)."""
    return {cid: (PALETTE[k % len(PALETTE)], SHAPES[(k // len(PALETTE)) % len(SHAPES)]) for k, cid in enumerate(roots)}
