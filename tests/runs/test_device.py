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


@pytest.fixture
def fake_gpu(monkeypatch):
    """torch's CUDA faked: a GPU "is there" and has a name; nothing may run on it."""
    torch = pytest.importorskip("torch")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "current_device", lambda: 0)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda index=None: f"Fake H100 #{index}")
    return torch


def test_device_label_is_cpu_or_the_cuda_index_and_card(fake_gpu):
    assert device.device_label("cpu") == device.device_label(fake_gpu.device("cpu")) == "cpu"
    assert device.device_label(fake_gpu.device("cuda")) == "cuda:0 (Fake H100 #0)"
    assert device.device_label("cuda:1") == "cuda:1 (Fake H100 #1)"


def test_choose_device_takes_cuda_when_present_unless_the_run_asks_for_the_cpu(fake_gpu):
    with device.cpu_threads(1):
        assert device.choose_device().type == device.choose_device("cuda").type == "cuda"
        assert device.choose_device("cpu").type == "cpu"


def test_cuda_without_a_gpu_is_one_line(monkeypatch):
    torch = pytest.importorskip("torch")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(DeeprootsError) as error:
        device.check_available("cuda")
    assert "\n" not in str(error.value) and "use device 'auto' or 'cpu'" in str(error.value)


def test_the_paths_that_stay_on_the_cpu_say_why():
    assert device.CPU_BY_DESIGN and all(len(reason) > 40 for reason in device.CPU_BY_DESIGN.values())
