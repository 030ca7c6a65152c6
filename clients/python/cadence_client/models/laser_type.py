from enum import StrEnum


class LaserType(StrEnum):
    CO2 = "co2"
    DIODE = "diode"
    FIBER = "fiber"

    def __str__(self) -> str:
        return str(self.value)
