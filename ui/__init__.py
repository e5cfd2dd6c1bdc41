"""hep-repro ui layer."""
