from enum import StrEnum


class BpmSource(StrEnum):
    ANALYSIS = "analysis"
    CLIENT = "client"
    MANUAL = "manual"

    def __str__(self) -> str:
        return str(self.value)
