"""Reading a fetch's texts on every core: the reading (extraction, language, person names removed,
fingerprints) runs in reader processes while the job worker stores the batch before.

Reading is most of an item's cost and needs no database: a reader is given the deliveries, its
source's language and the lexicon in force, and returns each one's clean text or the reason it cannot
be read. The job worker keeps what needs the database and an order — copies, stories, the records —
so batches are stored exactly as if they had been read in the worker itself.

The readers are started once per worker process (``spawn``: they share no lock, thread or connection
with it) and kept; a fetch of a few items is read in the worker, where a round trip would cost more
than the reading. A reader that dies takes nothing with it: its deliveries are read again here.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext

if TYPE_CHECKING:  # a reader process imports this module before Django is set up: no models here
    from accord.monitoring.intake import Cleaned, Delivery

logger = logging.getLogger(__name__)
POOL_MIN = 8  # fewer deliveries than this are read in the worker itself

_POOL: dict[str, Any] = {"executor": None, "size": 0, "pid": 0}


@dataclass(frozen=True)
class Refusal:
    """Why a text cannot be read, in a form that crosses processes (a text error rebuilt from it)."""

    code: str
    template: Any
    params: dict[str, Any]

    def as_error(self) -> Exception:
        from accord.monitoring.text.errors import TextError

        return TextError(self.code, self.template, **self.params)


class InternalError(Exception):
    """A fault of Accord's own on one item: the item fails with it, the operator's log has the rest."""

    code = "internal"

    def __str__(self) -> str:
        return gettext(
            "Accord could not take this item in because of an internal error; "
            "the operator's log has the details."
        )


@dataclass(frozen=True)
class Fault:
    """A delivery whose reading met a fault of Accord's own (logged with its traceback where it
    happened): stored failed as ``internal``, and the rest of the batch goes on."""

    def as_error(self) -> Exception:
        return InternalError()


def read_one(delivery: Delivery, source_language: str, lexicon: Any) -> Cleaned | Refusal | Fault:
    """One delivery read, or the reason it cannot be (a fault of ours on one text stops no other)."""
    from accord.monitoring.intake import clean_text
    from accord.monitoring.text.errors import TextError

    try:
        return clean_text(delivery, source_language, lexicon)
    except TextError as error:
        return Refusal(error.code, error.template, dict(error.params))
    except Exception:
        logger.exception("monitoring: delivery %r could not be read", delivery.external_id[:120])
        return Fault()


Result = Any  # Cleaned | Refusal | Fault (Cleaned is imported only once Django is set up)


def read_chunk(deliveries: Sequence[Delivery], source_language: str, lexicon: Any) -> list[Result]:
    """A reader's task: its share of a batch, read in order."""
    return [read_one(delivery, source_language, lexicon) for delivery in deliveries]


PARENT_CHECK_SECONDS = 1.0


def start_reader(parent: int) -> None:
    """Set a reader process up: Django's settings and translations (messages), nothing else; and a
    watch that ends it when the worker that started it is gone (killed, it cannot say so)."""
    import django

    django.setup()
    threading.Thread(target=end_with_parent, args=(parent,), name="reader-parent-watch", daemon=True).start()


def end_with_parent(parent: int) -> None:
    """End this reader as soon as its parent is no longer its parent (an idle reader of a killed
    worker would otherwise wait for work forever)."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


def executor(size: int) -> ProcessPoolExecutor:
    """This process's readers (started on first use, and again after a fork or a change of size)."""
    current = _POOL["executor"]
    if current is not None and _POOL["size"] == size and _POOL["pid"] == os.getpid():
        return current
    if current is not None and _POOL["pid"] == os.getpid():
        current.shutdown(wait=False, cancel_futures=True)
    context = multiprocessing.get_context("spawn")
    _POOL.update(
        executor=ProcessPoolExecutor(
            max_workers=size, mp_context=context, initializer=start_reader, initargs=(os.getpid(),)
        ),
        size=size,
        pid=os.getpid(),
    )
    return _POOL["executor"]


def stop_readers(only: ProcessPoolExecutor | None = None) -> None:
    """Stop this process's readers (at exit; tests), or only ``only`` if those are still the
    readers in use (a broken pool is dropped without stopping the new one that replaced it)."""
    current = _POOL["executor"]
    if only is not None and current is not only:
        only.shutdown(wait=False, cancel_futures=True)
        return
    if current is not None and _POOL["pid"] == os.getpid():
        current.shutdown(wait=only is None, cancel_futures=True)
    _POOL.update(executor=None, size=0, pid=0)


atexit.register(stop_readers)


class BatchReading:
    """A batch being read: in the readers when the caller is a job worker (``parallel``: a web server
    keeps no reader processes) and the batch is large enough, else here when asked for."""

    def __init__(
        self, deliveries: Sequence[Delivery], source_language: str, lexicon: Any, *, parallel: bool = False
    ) -> None:
        self.deliveries = list(deliveries)
        self.source_language = source_language
        self.lexicon = lexicon
        self.futures: list[Future] = []
        self.pool: ProcessPoolExecutor | None = None
        size = settings.MONITORING_READERS
        if parallel and size > 1 and len(self.deliveries) >= POOL_MIN:
            self.futures = self.submit(size)

    def submit(self, size: int) -> list[Future]:
        """The batch in ``size`` shares, one task each (the lexicon sent once per share)."""
        share = -(-len(self.deliveries) // size)
        try:
            pool = self.pool = executor(size)
            return [
                pool.submit(
                    read_chunk, self.deliveries[start : start + share], self.source_language, self.lexicon
                )
                for start in range(0, len(self.deliveries), share)
            ]
        except (BrokenProcessPool, OSError, RuntimeError):
            logger.warning("monitoring: the readers could not start; reading in the worker", exc_info=True)
            stop_readers(self.pool)
            return []

    def results(self) -> list[Result]:
        """Each delivery read, in order (read here if the readers failed)."""
        if self.futures:
            try:
                return [result for future in self.futures for result in future.result()]
            except Exception:  # a reader died, the pool was stopped, a result would not cross
                logger.warning(
                    "monitoring: the readers failed; the batch is read in the worker", exc_info=True
                )
                stop_readers(self.pool)
        return read_chunk(self.deliveries, self.source_language, self.lexicon)
