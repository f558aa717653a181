"""The categorical palettes stay distinguishable with colour-vision deficiencies.

Every pair of colours of a palette must differ by at least CIEDE2000 10 for normal vision and for
simulated protan, deutan and tritan vision (Machado et al. 2009, full severity, colour-science)."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest

from explorer.figures.country import ASSESSMENT_COLOURS
from explorer.figures.style import STATUS_COLOURS

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # colour-science warns that SciPy/Matplotlib extras are absent
    import colour

MINIMUM_DELTA_E = 10.0
DEFICIENCIES = (None, "Protanomaly", "Deuteranomaly", "Tritanomaly")


def _lab(hex_colours, deficiency):
    linear = colour.models.eotf_sRGB(np.array([colour.notation.HEX_to_RGB(h) for h in hex_colours]))
    if deficiency:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tritan model's own caveat, documented by colour-science
            matrix = colour.blindness.matrix_cvd_Machado2009(deficiency, 1.0)
        linear = np.clip(linear @ matrix.T, 0, 1)
    xyz = colour.RGB_to_XYZ(linear, colour.RGB_COLOURSPACES["sRGB"], apply_cctf_decoding=False)
    return colour.XYZ_to_Lab(xyz)


def _closest_pair(palette: dict[str, str], deficiency):
    names = list(palette)
    lab = _lab([palette[name] for name in names], deficiency)
    return min(
        (float(colour.delta_E(lab[i], lab[j], method="CIE 2000")), names[i], names[j])
        for i, j in itertools.combinations(range(len(names)), 2)
    )


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
@pytest.mark.parametrize(
    "palette_name, palette", [("map statuses", STATUS_COLOURS), ("model-law assessments", ASSESSMENT_COLOURS)]
)
def test_palette_pairs_stay_apart(palette_name, palette, deficiency):
    distance, first, second = _closest_pair(palette, deficiency)
    assert distance >= MINIMUM_DELTA_E, (
        f"{palette_name}: {first} and {second} differ by only {distance:.1f} (CIEDE2000) "
        f"for {deficiency or 'normal vision'}"
    )


def test_the_check_catches_colours_that_merge_for_red_green_deficiency():
    # Red and green of equal lightness: apart for normal vision, merged for deuteranomaly.
    pair = {"red": "#B35A00", "green": "#5A8A00"}
    assert _closest_pair(pair, None)[0] >= MINIMUM_DELTA_E
    assert _closest_pair(pair, "Deuteranomaly")[0] < MINIMUM_DELTA_E
