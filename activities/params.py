"""Moved to ``activities.engine.params``: ``activities.models`` still imports these two from here.

(Left for the core-app change, which edits ``activities/models.py``: it can import the engine's and drop this.)
"""

from activities.engine.params import ParamError, parse

__all__ = ["ParamError", "parse"]
