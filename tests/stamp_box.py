"""Browser check shared by the dashboards' and the static site's tests: the stamp under a chart (as-of date,
sources, coverage) is drawn inside its figure, nothing cut at the right edge or at the bottom."""

from __future__ import annotations

_STAMP_BOX = """(selector) => {
    const gd = document.querySelector(selector);
    const index = ((gd && gd.layout && gd.layout.annotations) || []).findIndex(a => a.name === 'explorer-stamp');
    const note = index < 0 ? null : gd.querySelector(`.annotation[data-index="${index}"] .annotation-text-g`);
    if (!note) return null;
    const box = note.getBoundingClientRect(), frame = gd.querySelector('.main-svg').getBoundingClientRect();
    return {text: gd.layout.annotations[index].text, left: box.left, right: box.right, bottom: box.bottom,
            frame_left: frame.left, frame_right: frame.right, frame_bottom: frame.bottom};
}"""


def assert_stamp_inside(page, selector: str, where: str) -> str:
    """Fail unless the stamp of the Plotly figure at ``selector`` lies inside the figure; return its text."""
    box = page.evaluate(_STAMP_BOX, selector)
    assert box is not None, f"{where}: no stamp under {selector}"
    inside = (
        box["left"] >= box["frame_left"] - 1
        and box["right"] <= box["frame_right"] + 1
        and box["bottom"] <= box["frame_bottom"] + 1
    )
    assert inside, f"{where}: the stamp under {selector} is cut: {box}"
    return box["text"]
