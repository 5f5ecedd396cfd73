"""Files `tracker init` copies into a new data root (package data)."""
