"""Cadence fitness service: nutrition, workouts, body metrics and progress."""
