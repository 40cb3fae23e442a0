"""The web UI and its JSON API (``newsgraph serve``); needs the ``[web]`` extra."""

from __future__ import annotations

from .api import create_app, serve

__all__ = ["create_app", "serve"]
