"""Tempo match: the tracks whose BPM (or its double or half) fits a running cadence."""
