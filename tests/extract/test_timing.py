"""Stage timing: off unless recorded, exclusive time per stack of stages, counts, nesting."""

from __future__ import annotations

import pytest

from declform.extract import timing
from declform.extract.timing import count, recording, stage


class FakeClock:
    """CPU seconds that pass only when the test says so."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def spend(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(timing, "cpu_seconds", fake)
    return fake


def test_nothing_is_recorded_by_default() -> None:
    assert timing._active is None
    with stage("grid"):
        count("lines", 3)
    assert timing._active is None


def test_a_nested_stage_is_charged_to_the_inner_stack_only(clock: FakeClock) -> None:
    with recording() as times:
        clock.spend(0.5)  # outside any stage
        with stage("cells"):
            clock.spend(1.0)
            with stage("recognise"):
                clock.spend(2.0)
            clock.spend(0.25)
            with stage("recognise"):
                clock.spend(3.0)
        with stage("orientation"), stage("recognise"):
            clock.spend(4.0)
    assert dict(times.seconds) == {
        (): 0.5,
        ("cells",): 1.25,
        ("cells", "recognise"): 5.0,
        ("orientation",): 0.0,
        ("orientation", "recognise"): 4.0,
    }
    assert times.by_stage() == {"(outside)": 0.5, "cells": 1.25, "recognise": 9.0, "orientation": 0}


def test_a_stage_left_by_an_exception_is_still_charged(clock: FakeClock) -> None:
    with recording() as times:
        with pytest.raises(ValueError), stage("grid"):
            clock.spend(1.0)
            raise ValueError
        clock.spend(2.0)
    assert times.seconds[("grid",)] == 1.0
    assert times.seconds[()] == 2.0


def test_counts_add_up_under_the_current_stages() -> None:
    with recording() as times:
        count("lines", 2)
        with stage("cells"):
            count("lines", 3)
            count("lines", 4)
            with stage("recognise"):
                count("lines", 1)
    assert dict(times.counts) == {
        ("lines",): 2,
        ("cells", "lines"): 7,
        ("cells", "recognise", "lines"): 1,
    }
    times.clear()
    assert not times.counts and not times.seconds


def test_recordings_nest_and_restore_the_outer_one(clock: FakeClock) -> None:
    with recording() as outer, stage("cells"):
        clock.spend(1.0)
        with recording() as inner:
            assert timing._active is inner
            with stage("recognise"):
                clock.spend(2.0)
                count("lines", 5)
        assert timing._active is outer
        clock.spend(0.5)
    assert timing._active is None
    assert dict(inner.seconds) == {(): 0.0, ("recognise",): 2.0}
    assert dict(inner.counts) == {("recognise", "lines"): 5}
    # the outer recording sees the inner one's time as its own current stage's
    assert dict(outer.seconds) == {(): 0.0, ("cells",): 3.5}
    assert not outer.counts


def test_a_recording_is_restored_after_an_exception() -> None:
    with pytest.raises(RuntimeError), recording():
        raise RuntimeError
    assert timing._active is None
