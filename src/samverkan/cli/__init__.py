"""The ``samverkan`` command: every subcommand, on top of every stage."""

from samverkan.cli.app import main

__all__ = ["main"]
