"""Requests for assistance: who may ask on what basis (:mod:`.eligibility`), the writes
(:mod:`.services`) and what a request shows as of a date (:mod:`.presenters`)."""
