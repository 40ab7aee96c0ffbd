"""Every setting read from the environment, in one place (a leaf module every stage may import).

Why one model: eight ``TZQA_*`` variables were read in six modules, each with its own default and
parsing. Here each is declared once with its type, default and meaning; ``settings()`` reads the
environment on every call, so a notebook or a test that changes a variable is seen at once.

========================  ===========================================================================
``TZQA_CORPUS``           the corpus folder (default: ``corpus/`` of the checkout)
``TZQA_INDEX``            the index root (default: ``index/`` of the checkout)
``TZQA_MODEL``            a sentence-transformers model folder instead of the bundled MiniLM
``TZQA_ENCODER``          what encodes queries: ``onnx`` (default), ``torch`` or ``onnx-int8``
``TZQA_ONNX_CACHE``       where the ONNX export lives (default: ``<index root>/onnx-cache``)
``TZQA_MODEL_CACHE``      where the adapter-merged model lives (default: ``<index root>/model-cache``)
``TZQA_ADAPTER``          ``off`` serves the plain model, without the pack's encoder adapter
``TZQA_PACK``             a domain pack folder instead of the one shipped
========================  ===========================================================================
"""
from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

_OFF = {"0", "off", "false", "no", "none"}


class Settings(BaseSettings):
    """The environment's settings, typed; unset ones are None (each user knows its own default)."""

    model_config = SettingsConfigDict(env_prefix="TZQA_", extra="ignore", frozen=True)

    corpus: Path | None = None
    index: Path | None = None
    model: str | None = None
    encoder: str = "onnx"
    onnx_cache: Path | None = None
    model_cache: Path | None = None
    adapter: str = "on"
    pack: Path | None = None

    @property
    def adapter_on(self) -> bool:
        return self.adapter.strip().lower() not in _OFF


def settings() -> Settings:
    """The settings as the environment says now (read on each call: cheap, and never stale)."""
    return Settings()
