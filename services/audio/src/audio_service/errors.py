"""The audio service's errors: each code is listed at the gateway's /problems page."""

from cadence_shared.errors import InvalidInput, NotFound, TooLarge, UnsupportedType


class ItemNotFound(NotFound):
    code = "audio_item_not_found"
    title = "Item not found"
    description = "No item with this id belongs to the caller."


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
