from enum import StrEnum


class AudioSearchAudioModeType0(StrEnum):
    MAJOR = "major"
    MINOR = "minor"

    def __str__(self) -> str:
        return str(self.value)
