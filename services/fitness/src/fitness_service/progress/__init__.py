"""Body metrics and the progress series: weight, adherence, volume."""
