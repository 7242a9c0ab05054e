"""Counting: statistics, related articles, open data and charts, as pure functions over the model."""
