"""The catalog: tracks shared by every user, keyed by Apple Music id, with their BPM."""
