"""Plays recorded from finished runs, and the listening stats read from them."""
