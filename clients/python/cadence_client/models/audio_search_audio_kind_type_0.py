from enum import StrEnum


class AudioSearchAudioKindType0(StrEnum):
    LOOP = "loop"
    ONE_SHOT = "one-shot"

    def __str__(self) -> str:
        return str(self.value)
