"""Per-user playlists: ordered, dense, 0-based positions."""
