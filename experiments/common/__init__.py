"""Shared by every room: paths, config schema, CLI errors, atomic writes, provenance, figure style."""
