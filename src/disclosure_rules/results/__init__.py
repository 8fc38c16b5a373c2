"""The result of a check: findings and summaries, reading stored results back, comparing two."""
