"""Real EEG in, :class:`Recording` out: EDF/EDF+ files, the public corpora's seizure lists, filters.

- EDF and EDF+: Kemp et al. (1992), "A simple format for exchange of digitized polygraphic
  recordings", Electroencephalogr. Clin. Neurophysiol. 82(5):391-393; Kemp & Olivan (2003),
  "European data format 'plus' (EDF+)", Clin. Neurophysiol. 114(9):1755-1761. Read with pyEDFlib.
- CHB-MIT Scalp EEG Database: Shoeb (2009), PhD thesis, MIT; Goldberger et al. (2000), PhysioNet,
  Circulation 101(23). Seizures are listed per file in ``chbXX-summary.txt``.
- Siena Scalp EEG Database: Detti (2020), PhysioNet, https://doi.org/10.13026/5d4a-j060; Detti,
  Vatti & Zabalo Manrique de Lara (2020), Processes 8(7):846. Seizures are listed as clock times
  in ``Seizures-list-PNxx.txt``.

Amplitudes are returned in microvolts whatever the file's unit; times in seconds from the start.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import numpy as np
from scipy import signal

from deeproots.errors import DeeprootsError
from deeproots.research.eeg.recording import Event, Recording

DATA_DIR = Path(__file__).parent / "data"
SIENA_EXCERPT = DATA_DIR / "siena_pn00_1_f8_64hz.csv"
SIENA_SOURCE = ("Siena Scalp EEG Database, recording PN00-1, channel F8, every 8th sample of 512 Hz (64 Hz). "
                "Detti (2020), PhysioNet, https://doi.org/10.13026/5d4a-j060, CC BY 4.0; Detti, Vatti & Zabalo "
                "Manrique de Lara (2020), Processes 8(7):846; Goldberger et al. (2000), Circulation 101(23); "
                "64 Hz extract by Datseris & Parlitz, NonlinearDynamicsTextbook (MIT licence)")

SEIZURE_PATTERN = r"\b(seiz\w*|sz|ictal)\b"
"""Annotation texts that mean a seizure (case-insensitive): "Seizure", "sz", "ictal" - but not
"preictal" or "interictal"."""
_UNITS = {"uv": 1.0, "µv": 1.0, "μv": 1.0, "": 1.0, "mv": 1e3, "v": 1e6, "nv": 1e-3}
_OTHER_KINDS = {"blink": "eye-blink", "eye": "eye-blink", "muscle": "muscle", "emg": "muscle", "chew": "muscle",
                "pop": "electrode-pop", "electrode": "electrode-pop", "flat": "flat", "spike": "spike"}


# --- EDF ---------------------------------------------------------------------------------------

def read_edf(path: str | Path, channels: Sequence[str] | None = None, *, fs: float | None = None,
             seizure_pattern: str | Callable[[str], bool] = SEIZURE_PATTERN) -> Recording:
    """Read an EDF/EDF+ file: ``channels`` by name (case-insensitive, "EEG " prefix optional; default:
    every channel in volts), in µV; EDF+ annotations become seizures when ``seizure_pattern`` (a
    regex or a predicate on the text) matches, other events otherwise. Channels sampled at different
    rates are resampled to ``fs`` (required then); ``fs`` also resamples a uniform file."""
    import pyedflib

    path = Path(path)
    _check_edf_header(path)
    try:
        reader = pyedflib.EdfReader(str(path))
    except OSError as error:
        raise DeeprootsError(f"cannot read {path}: {_pyedflib_reason(error)}; re-download or re-export "
                             f"it as EDF/EDF+") from None
    try:
        labels = [label.strip() for label in reader.getSignalLabels()]
        units = [reader.getPhysicalDimension(i).strip() for i in range(len(labels))]
        rates = np.asarray(reader.getSampleFrequencies(), dtype=float)
        picked = _pick_channels(path, labels, units, channels)
        signals = [reader.readSignal(i) * _UNITS[_unit_key(units[i])] for i in picked]
        onsets, durations, texts = reader.readAnnotations()
    except OSError as error:
        raise DeeprootsError(f"cannot read {path}: {_pyedflib_reason(error)}") from None
    finally:
        reader.close()
    rate = _common_rate(path, [labels[i] for i in picked], rates[picked], fs)
    signals = [_resample_1d(x, rates[i], rate) for x, i in zip(signals, picked)]
    n = min(len(x) for x in signals)
    seizures, events = annotation_events(onsets, durations, texts, seizure_pattern)
    return Recording(data=np.vstack([x[:n] for x in signals]).astype(np.float64), fs=rate,
                     channels=tuple(_short_name(labels[i]) for i in picked), seizures=seizures, events=events,
                     source=str(path))


def annotation_events(onsets: Iterable[float], durations: Iterable[float], texts: Iterable[str],
                      seizure_pattern: str | Callable[[str], bool] = SEIZURE_PATTERN
                      ) -> tuple[tuple[Event, ...], tuple[Event, ...]]:
    """(seizures, other events) from EDF+ annotations. A seizure marked by two instants ("Seizure
    start", then "Seizure end") becomes one Event; an instant without duration stays zero-length."""
    is_seizure = seizure_pattern if callable(seizure_pattern) else \
        re.compile(seizure_pattern, re.IGNORECASE).search
    seizures, events, open_start = [], [], None
    for onset, duration, text in sorted(zip(onsets, durations, texts), key=lambda a: float(a[0])):
        onset, duration, text = float(onset), max(float(duration), 0.0), str(text).strip()
        if not is_seizure(text):
            lowered = text.lower()
            kind = next((k for word, k in _OTHER_KINDS.items() if word in lowered), lowered or "event")
            events.append(Event(onset, onset + duration, kind))
        elif duration == 0 and re.search(r"\b(start|onset|begin)", text, re.IGNORECASE):
            open_start = onset
        elif duration == 0 and open_start is not None and re.search(r"\b(end|offset|stop)", text, re.IGNORECASE):
            seizures.append(Event(open_start, onset, "seizure"))
            open_start = None
        else:
            seizures.append(Event(onset, onset + duration, "seizure"))
    if open_start is not None:
        seizures.append(Event(open_start, open_start, "seizure"))
    return tuple(sorted(seizures, key=lambda e: e.start)), tuple(events)


def _check_edf_header(path: Path) -> None:
    """Missing, non-EDF and truncated files, caught before pyEDFlib (whose messages are cryptic)."""
    if not path.is_file():
        raise DeeprootsError(f"{path}: no such file; check the path (EDF files end in .edf)")
    size = path.stat().st_size
    with path.open("rb") as file:
        head = file.read(256)
        if len(head) < 256 or head[:8] not in (b"0       ", b"\xffBIOSEMI"):
            raise DeeprootsError(f"{path} is not an EDF file (its header does not start with the EDF version "
                                 f"'0'); pass an .edf recording")
        try:
            header_bytes, n_records, n_signals = int(head[184:192]), int(head[236:244]), int(head[252:256])
            file.seek(256 + 216 * n_signals)
            per_record = [int(file.read(8)) for _ in range(n_signals)]
        except ValueError:
            raise DeeprootsError(f"{path} has a corrupt EDF header (a number field is unreadable); "
                                 f"re-download or re-export the file") from None
    expected = header_bytes + n_records * sum(per_record) * (3 if head[0] == 0xFF else 2)
    if n_records > 0 and size < expected:
        raise DeeprootsError(f"{path} is truncated: the header announces {expected} bytes but the file has "
                             f"{size}; re-download it")


def _pyedflib_reason(error: OSError) -> str:
    return " ".join(str(error).split(":", 1)[-1].split()) or type(error).__name__


def _unit_key(unit: str) -> str:
    return unit.strip().lower().replace("\u00b5", "µ")


def _short_name(label: str) -> str:
    return re.sub(r"^EEG\s+", "", label.strip(), flags=re.IGNORECASE)


def _pick_channels(path: Path, labels: list[str], units: list[str], wanted: Sequence[str] | None) -> list[int]:
    available = ", ".join(f"{label} [{unit or '?'}]" for label, unit in zip(labels, units))
    if wanted is None:
        picked = [i for i, unit in enumerate(units) if _unit_key(unit) in _UNITS]
        if not picked:
            raise DeeprootsError(f"{path} has no channel in volts; available: {available}")
        return picked
    if isinstance(wanted, str):
        wanted = [wanted]
    picked = []
    for name in wanted:
        key = name.strip().lower()
        match = next((i for i, label in enumerate(labels)
                      if key in (label.lower(), _short_name(label).lower())), None)
        if match is None:
            raise DeeprootsError(f"{path} has no channel {name!r}; available: {available}")
        if _unit_key(units[match]) not in _UNITS:
            raise DeeprootsError(f"channel {name!r} of {path} is in {units[match]!r}, not volts; "
                                 f"pick EEG channels (available: {available})")
        picked.append(match)
    return picked


def _common_rate(path: Path, names: list[str], rates: np.ndarray, fs: float | None) -> float:
    if fs is not None:
        if not fs > 0:
            raise DeeprootsError(f"fs must be a positive rate in Hz (got {fs})")
        return float(fs)
    if np.ptp(rates) > 0:
        listing = ", ".join(f"{name} {rate:g} Hz" for name, rate in zip(names, rates))
        raise DeeprootsError(f"the channels of {path} have different sampling rates ({listing}); pass fs=... "
                             f"to resample them to one rate, or select channels sharing a rate")
    return float(rates[0])


def _ratio(fs_from: float, fs_to: float) -> tuple[int, int]:
    ratio = Fraction(fs_to / fs_from).limit_denominator(1000)
    if abs(float(ratio) - fs_to / fs_from) > 1e-9 * fs_to / fs_from:
        raise DeeprootsError(f"cannot resample {fs_from:g} Hz to {fs_to:g} Hz with a small integer ratio; "
                             f"pick a rate like {fs_from / 2:g} or {fs_from * 2:g} Hz")
    return ratio.numerator, ratio.denominator


def _resample_1d(x: np.ndarray, fs_from: float, fs_to: float) -> np.ndarray:
    if fs_from == fs_to:
        return x
    up, down = _ratio(fs_from, fs_to)
    return signal.resample_poly(x, up, down)


# --- the corpora's seizure lists ---------------------------------------------------------------

def parse_chbmit_summary(path: str | Path) -> dict[str, list[Event]]:
    """{EDF file name: seizures} from a CHB-MIT ``chbXX-summary.txt`` (every listed file, with or
    without seizures). Accepts "Seizure Start Time: 2996 seconds" and "Seizure 1 Start Time: ..."."""
    path, text = _read_text(path)
    files: dict[str, list[Event]] = {}
    expected: dict[str, int] = {}
    current, start = None, None
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if match := re.match(r"File Name:\s*(\S+)", line, re.IGNORECASE):
            current, start = match.group(1), None
            files[current] = []
        elif match := re.match(r"Number of Seizures in File:\s*(\d+)", line, re.IGNORECASE):
            expected[current] = int(match.group(1))
        elif match := re.match(r"Seizure\s*\d*\s*(Start|End) Time:\s*([\d.]+)", line, re.IGNORECASE):
            if current is None:
                raise DeeprootsError(f"{path} line {number}: a seizure time before any 'File Name:' line")
            if match.group(1).lower() == "start":
                start = float(match.group(2))
            elif start is None:
                raise DeeprootsError(f"{path} line {number}: a seizure end without a start")
            else:
                files[current].append(Event(start, float(match.group(2)), "seizure"))
                start = None
    for name, count in expected.items():
        if name is not None and len(files[name]) != count:
            raise DeeprootsError(f"{path}: {name} announces {count} seizure(s) but lists {len(files[name])}; "
                                 f"check the file is a complete chbXX-summary.txt")
    if not files:
        raise DeeprootsError(f"{path} lists no 'File Name:' block; is it a CHB-MIT chbXX-summary.txt?")
    return files


def parse_siena_list(path: str | Path) -> dict[str, list[Event]]:
    """{EDF file name: seizures} from a Siena ``Seizures-list-PNxx.txt``: clock times (19.58.36 or
    19:58:36) become seconds from "Registration start time", wrapping past midnight."""
    path, text = _read_text(path)
    files: dict[str, list[Event]] = {}
    registration: dict[str, int] = {}
    current, last_registration, start = None, None, None
    for number, line in enumerate(text.splitlines(), 1):
        key, _, value = line.partition(":")
        key = " ".join(key.lower().split())
        if key == "file name":
            current, start = value.strip(), None
            files.setdefault(current, [])
        elif key == "registration start time":
            last_registration = registration[current] = _clock(path, number, value)
        elif key in ("seizure start time", "start time", "seizure end time", "end time"):
            origin = registration.get(current, last_registration)
            if current is None or origin is None:
                raise DeeprootsError(f"{path} line {number}: a seizure time before 'File name:' and "
                                     f"'Registration start time:'")
            seconds = (_clock(path, number, value) - origin) % 86400
            if "start" in key:
                start = seconds
            elif start is None:
                raise DeeprootsError(f"{path} line {number}: a seizure end without a start")
            else:
                files[current].append(Event(float(start), float(start + (seconds - start) % 86400), "seizure"))
                start = None
    if not files:
        raise DeeprootsError(f"{path} lists no 'File name:' line; is it a Siena Seizures-list-PNxx.txt?")
    return files


def _clock(path: Path, number: int, value: str) -> int:
    match = re.search(r"(\d{1,2})[.:](\d{1,2})[.:](\d{1,2})", re.sub(r"\s+", "", value))
    if not match:
        raise DeeprootsError(f"{path} line {number}: {value.strip()!r} is not a time of day like 19.58.36")
    hours, minutes, seconds = map(int, match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _read_text(path: str | Path) -> tuple[Path, str]:
    path = Path(path)
    if not path.is_file():
        raise DeeprootsError(f"{path}: no such annotation file; check the path")
    return path, path.read_text(encoding="utf-8", errors="replace")


def seizure_list(path: str | Path) -> dict[str, list[Event]]:
    """Either kind of list, told apart by its content."""
    text = _read_text(path)[1]
    return parse_siena_list(path) if re.search(r"registration start time", text, re.IGNORECASE) \
        else parse_chbmit_summary(path)


def _lookup(files: dict[str, list[Event]], record: str, listing: Path) -> list[Event]:
    """The seizures of ``record``, tolerating the Siena lists' typos ("PNO6-1.edf", "PN01.edf" for PN01-1)."""
    def key(name: str, loose: bool) -> str:
        stem = Path(name.strip()).stem.lower()
        return re.sub(r"-1?$", "", re.sub(r"^pno", "pn0", stem)) if loose else stem
    for loose in (False, True):
        found = [events for name, events in files.items() if key(name, loose) == key(record, loose)]
        if found:
            return found[0]
    raise DeeprootsError(f"{record} is not listed in {listing} (it lists {', '.join(files)}); pass record=... "
                         f"with the listed name, or the list of this recording's patient")


# --- one entry point ---------------------------------------------------------------------------

def load(path: str | Path, channels: Sequence[str] | None = None, annotations: str | Path | None = None, *,
         fs: float | None = None, record: str | None = None,
         seizure_pattern: str | Callable[[str], bool] = SEIZURE_PATTERN) -> Recording:
    """A recording from ``.edf`` (see :func:`read_edf`) or ``.csv`` (one column per channel, no header,
    µV, sampled at ``fs``, required), with the seizures that ``annotations`` (a CHB-MIT summary or a
    Siena list) gives for ``record`` (default: the file's name) added to those in the file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".edf":
        recording = read_edf(path, channels, fs=fs, seizure_pattern=seizure_pattern)
    elif suffix == ".csv":
        recording = _read_csv(path, channels, fs)
    else:
        raise DeeprootsError(f"{path}: unknown file type {suffix or '(none)'!r}; pass an .edf or a .csv file")
    if annotations is None:
        return recording
    listed = _lookup(seizure_list(annotations), record or path.name, Path(annotations))
    seizures = tuple(sorted(set(recording.seizures) | set(listed), key=lambda e: (e.start, e.end)))
    return replace(recording, seizures=seizures, source=f"{recording.source}; seizures from {annotations}")


def _read_csv(path: Path, channels: Sequence[str] | None, fs: float | None) -> Recording:
    if fs is None or not fs > 0:
        raise DeeprootsError(f"{path}: a CSV file has no sampling rate; pass fs=... (in Hz)")
    if not path.is_file():
        raise DeeprootsError(f"{path}: no such file; check the path")
    try:
        data = np.loadtxt(path, delimiter=",", dtype=np.float64, ndmin=2).T
    except ValueError as error:
        raise DeeprootsError(f"{path} is not a table of numbers ({' '.join(str(error).split())[:80]}); "
                             f"expected one column per channel, no header") from None
    names = [channels] if isinstance(channels, str) else list(channels or [])
    if not names:
        names = ["EEG"] if len(data) == 1 else [f"ch{i}" for i in range(len(data))]
    if len(names) != len(data):
        raise DeeprootsError(f"{path} has {len(data)} column(s) but {len(names)} channel name(s) were given")
    return Recording(data=data, fs=float(fs), channels=tuple(names), source=str(path))


def siena_excerpt() -> Recording:
    """The shipped real excerpt: Siena PN00-1, F8, 64 Hz, 2,625 s, one seizure 1143-1213 s (see data/README.md)."""
    data = np.loadtxt(SIENA_EXCERPT, dtype=np.float64)[np.newaxis]
    return Recording(data=data, fs=64.0, channels=("F8",), seizures=(Event(1143.0, 1213.0, "seizure"),),
                     source=SIENA_SOURCE)


# --- preprocessing -----------------------------------------------------------------------------

def select(recording: Recording, channels: Sequence[str]) -> Recording:
    """Only ``channels`` (case-insensitive), in that order."""
    if isinstance(channels, str):
        channels = [channels]
    lowered = [name.lower() for name in recording.channels]
    missing = [name for name in channels if name.lower() not in lowered]
    if missing:
        raise DeeprootsError(f"no channel {', '.join(map(repr, missing))} in the recording; available: "
                             f"{', '.join(recording.channels)}")
    rows = [lowered.index(name.lower()) for name in channels]
    return replace(recording, data=recording.data[rows].copy(),
                   channels=tuple(recording.channels[row] for row in rows))


def bandpass(recording: Recording, low: float | None, high: float | None, order: int = 4) -> Recording:
    """Zero-phase Butterworth band-pass (forward-backward, so the effective order is 2 x ``order``);
    ``low=None`` gives a low-pass, ``high=None`` a high-pass."""
    nyquist = recording.fs / 2
    if (low is None and high is None) or (low is not None and not 0 < low < nyquist) or \
            (high is not None and not 0 < high < nyquist) or (low is not None and high is not None and low >= high):
        raise DeeprootsError(f"band-pass edges must satisfy 0 < low < high < fs/2 = {nyquist:g} Hz "
                             f"(got low={low}, high={high})")
    edges, kind = ([low, high], "bandpass") if low and high else ((low, "highpass") if low else (high, "lowpass"))
    sos = signal.butter(order, edges, btype=kind, fs=recording.fs, output="sos")
    return _filtered(recording, lambda x: signal.sosfiltfilt(sos, x, axis=1))


def notch(recording: Recording, freq: float = 50.0, quality: float = 30.0) -> Recording:
    """Zero-phase IIR notch at the mains frequency (50 Hz in Europe, 60 Hz in the Americas)."""
    if not 0 < freq < recording.fs / 2:
        raise DeeprootsError(f"the notch frequency must lie in (0, fs/2 = {recording.fs / 2:g} Hz); got {freq}")
    b, a = signal.iirnotch(freq, quality, fs=recording.fs)
    return _filtered(recording, lambda x: signal.filtfilt(b, a, x, axis=1))


def _filtered(recording: Recording, apply: Callable[[np.ndarray], np.ndarray]) -> Recording:
    try:
        return replace(recording, data=apply(recording.data))
    except ValueError:
        raise DeeprootsError(f"the recording ({recording.data.shape[1]} samples) is too short for this filter; "
                             f"use a longer recording or a lower order") from None


def resample(recording: Recording, fs: float) -> Recording:
    """Polyphase resampling (with its anti-alias filter) to ``fs``; events keep their times."""
    if not fs > 0:
        raise DeeprootsError(f"fs must be a positive rate in Hz (got {fs})")
    if fs == recording.fs:
        return replace(recording, data=recording.data.copy())
    up, down = _ratio(recording.fs, fs)
    return replace(recording, data=signal.resample_poly(recording.data, up, down, axis=1),
                   fs=recording.fs * up / down)
