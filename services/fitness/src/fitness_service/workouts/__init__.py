"""Programs, workout sessions and personal records."""
