"""Text corpora shipped with deeproots (see README.md here for sources and licences)."""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path

TEXT_DIR = Path(__file__).parent
TINY_SHAKESPEARE = TEXT_DIR / "tinyshakespeare.txt"
TINY_SHAKESPEARE_SHA256 = "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed"


@functools.cache
def tiny_shakespeare() -> str:
    """Tiny Shakespeare (1,115,394 characters, 65 distinct), its sha256 verified."""
    raw = TINY_SHAKESPEARE.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != TINY_SHAKESPEARE_SHA256:
        raise ValueError(f"{TINY_SHAKESPEARE} is damaged: sha256 {digest}, expected {TINY_SHAKESPEARE_SHA256}")
    return raw.decode("utf-8")
