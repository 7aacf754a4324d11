"""Near-duplicates across processes: a MinHash index per labelling, kept in step by the items' ids.

Each process (a web server, a job worker) keeps its own index of the recent items' signatures and, before
every lookup, adds the items stored since it last looked (by any process): an index never misses a copy
another worker stored a moment ago, and building it costs one query over the recent items once.
"""

from __future__ import annotations

import base64
import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from accord.core.access import SYSTEM_USER
from accord.core.derived import Labels
from accord.monitoring.models import Item

WINDOW_DAYS = 30  # a copy republished later than this is a new item (and may join the same story)
LATE_MARGIN = datetime.timedelta(minutes=2)  # items received this long before a look are looked at again


@dataclass
class LabelledIndexes:
    """The indexes of one process, one per labelling, and the last item id they hold."""

    by_labels: dict[tuple, object] = field(default_factory=dict)
    last_id: int = 0
    built_at: datetime.datetime | None = None
    looked_at: datetime.datetime = field(default_factory=timezone.now)
    indexed: set[int] = field(default_factory=set)


_STATE = LabelledIndexes()


def labels_key(labels: Labels) -> tuple:
    return (int(labels.classification), str(labels.releasability), labels.release_to)


def index_for(labels: Labels) -> object:
    """The near-duplicate index of one labelling (made empty on first use)."""
    from accord.monitoring.text.dedup import NearDuplicates

    key = labels_key(labels)
    if key not in _STATE.by_labels:
        _STATE.by_labels[key] = NearDuplicates()
    return _STATE.by_labels[key]


def catch_up() -> None:
    """Add the items stored since the last look (the recent window on the first), and any committed
    late: a batch holds its items' ids for as long as it takes, while other batches commit higher ids,
    so the items received shortly before the last look are looked at again (adding one twice is
    harmless)."""
    from accord.monitoring.text.dedup import signature_from_bytes

    items = Item.objects.restrict(SYSTEM_USER).filter(status=Item.Status.PROCESSED).exclude(signature="")
    now = timezone.now()
    if _STATE.built_at is None:
        items = items.filter(received_at__gte=now - datetime.timedelta(days=WINDOW_DAYS))
        _STATE.built_at = now
        new = Q(id__gt=_STATE.last_id)
    else:
        late = (
            set(
                items.filter(id__lte=_STATE.last_id, received_at__gte=_STATE.looked_at - LATE_MARGIN)
                .order_by()
                .values_list("id", flat=True)
            )
            - _STATE.indexed
        )
        new = Q(id__gt=_STATE.last_id) | Q(id__in=late)
    _STATE.looked_at = now
    rows = items.filter(new).order_by("id")
    for pk, signature, classification, releasability, release_to in rows.values_list(
        "id", "signature", "classification", "releasability", "release_to"
    ).iterator(chunk_size=2000):
        labels = Labels(classification, releasability, release_to)
        index_for(labels).add(pk, signature_from_bytes(base64.b64decode(signature)))
        _STATE.indexed.add(pk)
        _STATE.last_id = max(_STATE.last_id, pk)


def remember(labels: Labels, pk: int, signature: bytes) -> None:
    """Index an item this process just stored (a later item of its batch may copy it); the catch-up
    adding it again later changes nothing."""
    from accord.monitoring.text.dedup import signature_from_bytes

    index_for(labels).add(pk, signature_from_bytes(signature))
    _STATE.indexed.add(pk)


def nearest_key(labels: Labels, signature: bytes, *, catch_up_first: bool = True) -> tuple[int | None, float]:
    """The id of the stored item of these labels whose text this signature nearly repeats, and how
    alike they are (a batch catches up once before its first item and :func:`remember` s its own)."""
    from accord.monitoring.text.dedup import signature_from_bytes

    if catch_up_first:
        catch_up()
    index = index_for(labels)
    sketch = signature_from_bytes(signature)
    found = index.find(sketch)
    if found is None:
        return None, 0.0
    return int(found), round(index.similarity(sketch, found), 4)


def nearest(labels: Labels, signature: bytes) -> tuple[Item | None, float]:
    """The stored item of these labels whose text this signature nearly repeats, and how alike."""
    pk, similarity = nearest_key(labels, signature)
    if pk is None:
        return None, 0.0
    return Item.objects.restrict(SYSTEM_USER).filter(pk=pk).first(), similarity


def forget() -> None:
    """Drop this process's indexes (tests; after a restore)."""
    _STATE.by_labels.clear()
    _STATE.last_id = 0
    _STATE.built_at = None
    _STATE.indexed.clear()
