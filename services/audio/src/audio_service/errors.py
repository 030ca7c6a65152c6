"""The audio service's errors: each code is listed at the gateway's /problems page."""

from cadence_shared.errors import Conflict, InvalidInput, NotFound, TooLarge, UnsupportedType


class AudioItemNotFound(NotFound):
    code = "audio_item_not_found"
    title = "Audio item not found"
    description = "No audio item with this id belongs to the caller."


class AnalysisInProgress(Conflict):
    code = "audio_analysis_in_progress"
    title = "The analysis is still running"
    description = "The item is queued or being analysed: wait for it to finish, then run it again."


class NotAnalysed(Conflict):
    code = "audio_not_analysed"
    title = "The item has no analysis yet"
    description = (
        "Its analysis is queued, running or failed: wait for it to succeed (or run it again)."
    )


class TrackLinkAmbiguous(InvalidInput):
    code = "audio_track_link_ambiguous"
    title = "Two track links"
    description = "Link the upload to a catalog track by apple_music_id or by isrc, not both."


# --- analysis: why a file cannot be analysed, in words a producer can act on -------------------


class AudioEmpty(InvalidInput):
    code = "audio_empty"
    title = "The file has no audio"
    description = "The file is empty (0 bytes) or holds no audio frames: export it again."


class AudioUnsupported(UnsupportedType):
    code = "audio_unsupported_format"
    title = "Unsupported audio format"
    description = (
        "The bytes are not WAV, AIFF, FLAC, OGG (Vorbis or Opus) or MP3, whatever the file's "
        "name says: export it in one of these formats."
    )


class AudioCorrupt(InvalidInput):
    code = "audio_corrupt"
    title = "The audio file is damaged"
    description = (
        "The file starts like an audio file but its data cannot be decoded (truncated or "
        "damaged): export or copy it again."
    )


class AudioSilent(InvalidInput):
    code = "audio_silent"
    title = "The audio is silent"
    description = "Every sample is silent (below -70 LUFS, the loudness gate): nothing to analyse."


class AudioTooLong(TooLarge):
    code = "audio_too_long"
    title = "The audio is too long"
    description = "Files up to 15 minutes are analysed: trim the file or split it."
