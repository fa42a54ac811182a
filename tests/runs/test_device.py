"""One device policy: CUDA when present unless the run asks for the CPU; the CPU's thread count."""
from __future__ import annotations

import pytest

from deeproots.errors import DeeprootsError
from deeproots.runs import device


def test_thread_count_prefers_the_run_then_the_environment_then_the_default(monkeypatch):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    assert device.cpu_thread_count() == device.DEFAULT_THREADS == 1
    assert device.cpu_thread_count(default=2) == 2
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    assert device.cpu_thread_count(default=2) == 3 and device.cpu_thread_count(4) == 4
    monkeypatch.setenv("OMP_NUM_THREADS", "lots")
    assert device.cpu_thread_count() == 1


def test_choose_device_follows_availability_and_restores_threads():
    torch = pytest.importorskip("torch")
    before = torch.get_num_threads()
    with device.cpu_threads(1):
        assert device.choose_device("cpu", threads=1).type == "cpu" and torch.get_num_threads() == 1
        expected = "cuda" if torch.cuda.is_available() else "cpu"
        assert device.choose_device().type == expected
    assert torch.get_num_threads() == before
    if not torch.cuda.is_available():
        with pytest.raises(DeeprootsError, match="no CUDA GPU"):
            device.choose_device("cuda")
    with pytest.raises(DeeprootsError, match="'auto', 'cpu' or 'cuda'"):
        device.choose_device("tpu")
