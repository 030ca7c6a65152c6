from enum import StrEnum


class EnergyUnit(StrEnum):
    KCAL = "kcal"
    KJ = "kj"

    def __str__(self) -> str:
        return str(self.value)
