"""The shared report writer: run folders, every section type, self-contained HTML, metrics.json."""
from __future__ import annotations

import base64
import html
import io
import json
import re
import subprocess
import sys
import zlib

import numpy as np
import pytest

from deeproots.errors import DeeprootsError
from deeproots.report import Report, ReportError, RunExistsError, RunFolder, encode_png
from deeproots.report import png as png_module
from deeproots import files
from deeproots.report import folder as folder_module
from deeproots.report import page as writer_module

PIL_Image = pytest.importorskip("PIL.Image")

SIGNATURE = b"\x89PNG\r\n\x1a\n"
DATA_URI = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def _open_png(data: bytes):
    assert data[:8] == SIGNATURE
    image = PIL_Image.open(io.BytesIO(data))
    image.load()  # decodes every pixel: catches a corrupt stream, not just a bad header
    return image


def _full_report() -> tuple[Report, dict]:
    report = Report("MNIST <MLP> & friends", seed=1234)
    report.text("# Setup\nTrained a **small** MLP on `mnist`.\n\n- one <script>alert(1)</script>\n- two")
    report.params({"lr": 1e-3, "batch_size": 128, "optimizer": "adam"})
    report.table(
        [["MLP", 0.981, "LeCun et al. <1998>"], ["ours & co", np.float32(0.9812), "this run"]],
        columns=["model", "accuracy", "citation"],
        caption="Published vs ours",
    )
    grey = (np.arange(6 * 8 * 10) % 251).reshape(6, 8, 10).astype(np.uint8)
    report.image_grid(grey, labels=[f"d{i}" for i in range(6)], columns=3, caption="Samples (grey)", name="samples")
    rgb = np.random.default_rng(0).random((4, 5, 7, 3))
    report.image_grid(rgb, columns=4, caption="Samples (rgb)", scale=1)
    report.figure(encode_png(np.full((3, 4), 200, np.uint8)), caption="Raw PNG bytes", name="raw")
    steps = np.arange(50)
    report.line_chart(
        {"train": (steps, np.exp(-steps / 10)), "val": np.exp(-steps / 12) + 0.05},
        xlabel="step", ylabel="loss", caption="Loss curves", name="loss",
    )
    report.confusion_matrix([[5, 1], [2, 7]], labels=["cat", "<dog>"], caption="Confusion on test")
    metrics = {"test_accuracy": 0.9812, "test_loss": 0.061, "per_class": [0.97, 0.99], "epochs": np.int64(3)}
    report.metrics(metrics)
    return report, metrics


def test_full_report_writes_html_pngs_and_metrics(tmp_path):
    report, metrics = _full_report()
    run = RunFolder.create(tmp_path / "runs", "mnist-mlp", timestamp="2026-01-02_03-04-05")
    report_path = report.write(run, wall_time_s=12.5)

    assert report_path == tmp_path / "runs" / "mnist-mlp" / "2026-01-02_03-04-05" / "report.html"
    files = sorted(p.name for p in run.path.iterdir())
    assert files == sorted(["report.html", "metrics.json", "samples.png", "figure-02.png", "raw.png", "loss.png"])
    assert not [p for p in run.path.iterdir() if p.name.startswith(".")]  # no temporary files left

    page = report_path.read_text("utf-8")
    # Self-contained: no external resources.
    assert not re.search(r'(src|href)="(?!data:)', page)
    assert "<script" not in page and "<link" not in page
    # Every caption and escaped text.
    for caption in ["Published vs ours", "Samples (grey)", "Samples (rgb)", "Raw PNG bytes", "Loss curves",
                    "Confusion on test"]:
        assert caption in page
    assert "MNIST &lt;MLP&gt; &amp; friends" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<strong>small</strong>" in page and "<code>mnist</code>" in page
    assert "<td>LeCun et al. &lt;1998&gt;</td>" in page and "<td>ours &amp; co</td>" in page
    assert '<td class="num">0.9812</td>' in page
    assert "&lt;dog&gt;" in page and "accuracy 0.8" in page  # (5 + 7) / 15

    # Embedded images decode to valid PNGs, identical to the files, with the right sizes.
    embedded = [base64.b64decode(m) for m in DATA_URI.findall(page)]
    assert len(embedded) == 4
    on_disk = [(run.path / name).read_bytes() for name in report.figure_files]
    assert embedded == on_disk
    sizes = [_open_png(data).size for data in embedded]
    # grey grid: 6 images 8x10 scaled x7 (ceil(64/10)), 3 columns x 2 rows, 2 px padding, label strip.
    label_h = png_module.LABEL_HEIGHT
    assert sizes[0] == (2 + 3 * (70 + 2), 2 + 2 * (56 + label_h + 2))
    assert _open_png(embedded[0]).mode == "L"
    assert sizes[1] == (2 + 4 * (7 + 2), 2 + 1 * (5 + 2))
    assert _open_png(embedded[1]).mode == "RGB"
    assert sizes[2] == (4, 3)
    assert sizes[3][0] > 100 and sizes[3][1] > 100  # the matplotlib chart

    # metrics.json round-trips and is plain JSON.
    record = json.loads((run.path / "metrics.json").read_text("utf-8"))
    assert record["metrics"] == {**metrics, "epochs": 3}
    assert record["params"] == {"lr": 1e-3, "batch_size": 128, "optimizer": "adam"}
    assert record["seed"] == 1234 and record["wall_time_s"] == 12.5
    assert record["experiment"] == "mnist-mlp" and record["timestamp"] == "2026-01-02_03-04-05"
    assert record["versions"]["python"] == f"{sys.version_info.major}.{sys.version_info.minor}.{sys.version_info.micro}"
    assert record["versions"]["numpy"] == np.__version__
    assert record["files"]["figures"] == report.figure_files
    assert json.loads(json.dumps(record)) == record


def test_metrics_json_is_strict_json(tmp_path):
    report = Report("nan", seed=None).params({"seed": 7}).metrics({"loss": float("nan"), "best": np.float64(np.inf)})
    report.write(RunFolder.create(tmp_path, "x", "t"))
    text = (tmp_path / "x" / "t" / "metrics.json").read_text()
    assert "NaN" not in text and "Infinity" not in text
    record = json.loads(text)
    assert record["metrics"] == {"loss": None, "best": None}
    assert record["seed"] == 7  # taken from params when not given


def test_run_folder_refuses_to_overwrite(tmp_path):
    first = RunFolder.create(tmp_path, "exp", timestamp="t1")
    (first.path / "keep.txt").write_text("mine")
    with pytest.raises(RunExistsError) as raised:
        RunFolder.create(tmp_path, "exp", timestamp="t1")
    message = str(raised.value)
    assert str(first.path) in message and "\n" not in message
    assert isinstance(raised.value, FileExistsError) and isinstance(raised.value, DeeprootsError)
    assert (first.path / "keep.txt").read_text() == "mine"


def test_same_second_runs_get_a_suffix(tmp_path, monkeypatch):
    class FrozenClock:
        @staticmethod
        def now():
            from datetime import datetime
            return datetime(2026, 5, 6, 7, 8, 9)

    monkeypatch.setattr(folder_module, "datetime", FrozenClock)
    names = [RunFolder.create(tmp_path, "exp").timestamp for _ in range(3)]
    assert names == ["2026-05-06_07-08-09", "2026-05-06_07-08-09-2", "2026-05-06_07-08-09-3"]


def test_resume_and_rewrite(tmp_path):
    run = RunFolder.create(tmp_path, "exp", "t")
    Report("one").metrics({"a": 1}).write(run)
    resumed = RunFolder.resume(run.path)
    assert resumed == run
    Report("two").metrics({"a": 2}).write(str(run.path))
    assert json.loads((run.path / "metrics.json").read_text())["metrics"] == {"a": 2}
    with pytest.raises(ReportError, match="no run folder"):
        RunFolder.resume(tmp_path / "missing")


@pytest.mark.parametrize("bad", ["", "..", "a/b", "a\\b"])
def test_bad_names_are_refused(tmp_path, bad):
    with pytest.raises(ReportError):
        RunFolder.create(tmp_path, bad)


def test_interrupted_write_leaves_previous_report_whole(tmp_path, monkeypatch):
    run = RunFolder.create(tmp_path, "exp", "t")
    Report("old").text("old text").write(run)
    old = (run.path / "report.html").read_bytes()

    real_fdopen = writer_module.os.fdopen

    def failing_fdopen(fd, mode):
        handle = real_fdopen(fd, mode)
        original_write = handle.write

        def write(data):
            original_write(data[: len(data) // 2])
            raise KeyboardInterrupt

        handle.write = write
        return handle

    monkeypatch.setattr(writer_module.os, "fdopen", failing_fdopen)
    with pytest.raises(KeyboardInterrupt):
        Report("new").text("new text").write(run)
    assert (run.path / "report.html").read_bytes() == old
    assert sorted(p.name for p in run.path.iterdir()) == ["metrics.json", "report.html"]


def test_without_matplotlib_or_pillow(tmp_path, monkeypatch):
    monkeypatch.setattr(writer_module, "_matplotlib_figure_class", lambda: None)
    monkeypatch.setattr(png_module, "_pillow", lambda: None)
    report = Report("bare")
    report.line_chart({"loss": [3.0, 2.0, 1.0]}, xlabel="step", ylabel="loss", caption="Loss")
    report.image_grid(np.zeros((2, 4, 4)), labels=["a<b", "c"], scale=1)
    page = report.write(RunFolder.create(tmp_path, "e", "t")).read_text()
    assert "matplotlib is not installed" in page and "Loss" in page
    assert "<li>a&lt;b</li>" in page  # labels fall back to the HTML
    (grid,) = [base64.b64decode(m) for m in DATA_URI.findall(page)]
    assert _open_png(grid).size == (2 + 2 * (4 + 2), 2 + 4 + 2)


def test_encode_png_pixels_round_trip():
    rng = np.random.default_rng(1)
    for shape in [(1, 1), (7, 5), (9, 4, 3)]:
        pixels = rng.integers(0, 256, shape, dtype=np.uint8)
        data = encode_png(pixels)
        assert np.array_equal(np.asarray(_open_png(data)), pixels)
        # The stream is also valid zlib from our own side.
        assert zlib.decompress(data[data.index(b"IDAT") + 4 : data.index(b"IEND") - 8])


def test_image_grid_accepts_channel_first_and_signed_floats():
    data, _ = png_module.render_grid(np.linspace(-1, 1, 2 * 3 * 4 * 4).reshape(2, 3, 4, 4), scale=1)
    image = _open_png(data)
    assert image.mode == "RGB" and image.size == (2 + 2 * 6, 2 + 6)
    pixels = np.asarray(image)
    assert pixels[2:6, 2:6].min() == 0 and pixels[2:6, 8:12].max() == 255


def test_input_errors():
    report = Report("errors")
    with pytest.raises(ReportError, match="not a PNG"):
        report.figure(b"GIF89a...")
    with pytest.raises(ReportError, match="3 cells for 2 columns"):
        report.table([[1, 2, 3]], columns=["a", "b"])
    with pytest.raises(ReportError, match="square"):
        report.confusion_matrix(np.ones((2, 3)))
    with pytest.raises(ValueError, match="labels"):
        report.image_grid(np.zeros((3, 4, 4)), labels=["a"])


def test_import_does_not_import_matplotlib_or_torch():
    code = (
        "import sys, deeproots.report, deeproots.report.page, deeproots.report.png\n"
        "r = deeproots.report.Report('t'); r.text('x'); r.table([[1]]); r.metrics({'a': 1})\n"
        "import numpy as np; r.image_grid(np.zeros((2, 3, 3))); r.confusion_matrix([[1, 0], [0, 1]])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'torch'))\n"
        "print(bad)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_written_files_get_the_usual_mode(tmp_path):
    import os

    run = RunFolder.create(tmp_path, "exp", "t")
    Report("mode").figure(encode_png(np.zeros((2, 2), np.uint8))).write(run)
    mask = files._UMASK
    for path in run.path.iterdir():
        assert path.stat().st_mode & 0o777 == 0o666 & ~mask
    assert os.access(run.path / "report.html", os.R_OK)
