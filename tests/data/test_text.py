"""The shipped Tiny Shakespeare: the text the char-gpt checks train on, verified by its sha256."""
from __future__ import annotations

import shutil

import pytest

from deeproots.data import text


def test_tiny_shakespeare_is_the_published_corpus():
    corpus = text.tiny_shakespeare()
    # The figures of shared/data/text/README.md, independent of the loader: 1,115,394
    # characters, 65 distinct, the char-rnn file's first line.
    assert len(corpus) == 1_115_394
    assert len(set(corpus)) == 65
    assert corpus.startswith("First Citizen:\nBefore we proceed any further, hear me speak.")


def test_a_damaged_copy_is_refused_with_the_expected_digest(tmp_path, monkeypatch):
    damaged = tmp_path / "tinyshakespeare.txt"
    shutil.copyfile(text.TINY_SHAKESPEARE, damaged)
    with damaged.open("ab") as handle:
        handle.write(b"!")
    monkeypatch.setattr(text, "TINY_SHAKESPEARE", damaged)
    text.tiny_shakespeare.cache_clear()
    try:
        with pytest.raises(ValueError, match=text.TINY_SHAKESPEARE_SHA256):
            text.tiny_shakespeare()
    finally:
        text.tiny_shakespeare.cache_clear()


def test_the_attribution_ships_beside_the_text():
    readme = (text.TEXT_DIR / "README.md").read_text(encoding="utf-8")
    assert "public domain" in readme and "char-rnn" in readme and text.TINY_SHAKESPEARE_SHA256 in readme
