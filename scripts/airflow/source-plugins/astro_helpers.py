"""Shared constants that an Astronomer project keeps next to its DAGs; the target lacks this module."""
OWNER_TEAM = "data-platform"
