"""hep-repro corpus layer."""
