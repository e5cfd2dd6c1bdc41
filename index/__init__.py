"""hep-repro index layer."""
