"""Foods, diet plans, food logs and the day view."""
