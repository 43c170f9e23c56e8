"""The trainer: compile / fit / evaluate / predict."""
