from enum import StrEnum


class HeightUnit(StrEnum):
    CM = "cm"
    IN = "in"

    def __str__(self) -> str:
        return str(self.value)
