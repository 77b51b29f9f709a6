"""`plaza import-resources` (the documented name); the code is in import_resources.py."""

from plaza.library.management.commands.import_resources import Command

__all__ = ["Command"]
