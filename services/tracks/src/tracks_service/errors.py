"""The tracks service's errors: each code is listed at the gateway's /problems page."""

from cadence_shared.errors import Conflict, InvalidInput, NotFound


class TrackNotFound(NotFound):
    code = "track_not_found"
    title = "Track not found"
    description = "No track has this id."


class PlaylistNotFound(NotFound):
    code = "playlist_not_found"
    title = "Playlist not found"
    description = "No playlist with this id belongs to the caller."


class TrackNotInPlaylist(NotFound):
    code = "track_not_in_playlist"
    title = "Track not in playlist"
    description = "The playlist does not hold this track."


class TrackAlreadyInPlaylist(Conflict):
    code = "track_already_in_playlist"
    title = "Track already in playlist"
    description = "The playlist already holds this track; a track appears once per playlist."


class PositionOutOfRange(InvalidInput):
    code = "position_out_of_range"
    title = "Position out of range"
    description = "The position is past the end of the playlist."
