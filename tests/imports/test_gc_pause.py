"""An import pauses the cyclic garbage collector and gives it back as it found it."""

import gc

import pytest

from surveillance_map.lib.gcpause import cyclic_gc_paused


@pytest.fixture
def collector_state():
    was_enabled = gc.isenabled()
    yield
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


def test_paused_inside_and_enabled_again_after(collector_state):
    gc.enable()
    with cyclic_gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_left_off_when_it_was_off_and_restored_after_an_error(collector_state):
    gc.disable()
    with pytest.raises(RuntimeError), cyclic_gc_paused():
        raise RuntimeError("the load failed")
    assert not gc.isenabled()
    gc.enable()
    with pytest.raises(RuntimeError), cyclic_gc_paused():
        raise RuntimeError("the load failed")
    assert gc.isenabled()
