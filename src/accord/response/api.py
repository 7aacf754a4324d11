"""The response app's API (mounted at ``/api/v1/response/``); each subject has its own router module."""

from ninja import Router

router = Router(tags=["response"])
