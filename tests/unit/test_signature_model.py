"""The Qt-free signature model: strokes, undo/redo, refusal of empty or short signatures."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.errors import InvalidInput
from kiosk.signature import Point, Signature

W, H = 600.0, 200.0


def draw(sig: Signature, pts: list[tuple[float, float]], t0: int = 0, pressure: float = 1.0):
    sig.begin_stroke(Point(*pts[0], t0, pressure))
    for i, (x, y) in enumerate(pts[1:], start=1):
        sig.add_point(Point(x, y, t0 + 10 * i, pressure))
    sig.end_stroke()


def wave(x0: float, x1: float, n: int = 40) -> list[tuple[float, float]]:
    """A wavy line like a handwritten name, from x0 to x1."""
    return [(x0 + (x1 - x0) * i / (n - 1), 100 + 40 * math.sin(i / 3)) for i in range(n)]


def test_empty_signature_is_refused_in_german():
    sig = Signature(W, H)
    assert sig.problem_key() == "signature.empty"
    assert "unterschreiben" in sig.problem()


def test_a_dot_or_short_tick_is_refused():
    sig = Signature(W, H)
    draw(sig, [(100, 100), (101, 101)])
    assert sig.problem_key() == "signature.too_short"
    assert "zu kurz" in sig.problem()
    draw(sig, [(100, 100 + i) for i in range(20)])  # many points but 20 px long
    assert sig.problem_key() == "signature.too_short"


def test_a_name_sized_signature_is_accepted():
    sig = Signature(W, H)
    draw(sig, wave(50, 450))
    assert sig.problem() is None
    assert sig.point_count() == 40
    assert sig.bounding_box() == pytest.approx((50, 60, 450, 140), abs=1)


def test_undo_redo_whole_strokes_and_clear():
    sig = Signature(W, H)
    draw(sig, wave(50, 250))
    draw(sig, wave(260, 500), t0=1000)
    assert len(sig.strokes) == 2
    assert sig.undo()
    assert len(sig.strokes) == 1
    assert sig.redo()
    assert len(sig.strokes) == 2
    sig.clear()
    assert sig.is_empty() and sig.problem_key() == "signature.empty"
    assert sig.undo()  # a clear can be taken back
    assert len(sig.strokes) == 2
    sig.undo()
    draw(sig, wave(10, 20))  # a new stroke drops the redo branch
    assert not sig.can_redo()
    assert not sig.redo()


def test_points_outside_the_pad_are_clamped_and_pressure_bounded():
    sig = Signature(W, H)
    draw(sig, [(-50, -5), (700, 250)], pressure=3.0)
    (a, b) = sig.strokes[0].points
    assert (a.x, a.y, b.x, b.y) == (0, 0, W, H)
    assert a.pressure == 1.0


def test_round_trip_through_json_rounds_to_a_tenth():
    sig = Signature(W, H)
    draw(sig, [(10.123, 20.987), (200.04, 150.55), (400.0, 90.0)], pressure=0.456)
    data = json.loads(json.dumps(sig.to_dict()))
    assert data["strokes"][0][0] == [10.1, 21.0, 0, 0.46]
    back = Signature.from_dict(data)
    assert back.to_dict() == data
    assert back.width == W and back.height == H


@pytest.mark.parametrize(
    "bad",
    [
        {},
        {"format": 2, "width": 1, "height": 1, "strokes": []},
        {"format": 1, "width": 0, "height": 1, "strokes": []},
        {"format": 1, "width": 10, "height": 10, "strokes": [[]]},
        {"format": 1, "width": 10, "height": 10, "strokes": [[[1, 2, 3]]]},
        {"format": 1, "width": 10, "height": 10, "strokes": [[[1, 2, 3.5, 1]]]},
        {"format": 1, "width": 10, "height": 10, "strokes": [[["x", 2, 3, 1]]]},
        {"format": 1, "width": 10, "height": 10, "strokes": "no"},
    ],
)
def test_malformed_data_is_refused_with_a_clear_error(bad):
    with pytest.raises(InvalidInput) as err:
        Signature.from_dict(bad)
    assert err.value.user_message


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=20,
)


@given(
    st.fixed_dictionaries(
        {"format": st.just(1), "width": json_values, "height": json_values, "strokes": json_values}
    )
)
def test_arbitrary_data_gives_a_signature_or_invalid_input(data):
    try:
        sig = Signature.from_dict(data)
    except InvalidInput:
        return
    assert sig.to_dict()["format"] == 1
