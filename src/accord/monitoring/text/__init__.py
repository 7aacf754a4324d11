"""From what a source delivers to a clean text: extraction, language, normalisation, fingerprints.

- :mod:`.errors`: :class:`~.errors.TextError`, every refusal of this package (a stable ``code`` and a
  message saying what was wrong and what to do);
- :mod:`.limits`: the sizes taken in, checked before parsing (``read_limited``, ``read_file_limited``);
- :mod:`.decode`: bytes to text (BOM, UTF-8, declared charset, cp1251 / KOI8-R / cp1252); binary refused;
- :mod:`.extract`: an article from an HTML page (trafilatura), a text file or a feed entry's HTML;
- :mod:`.feeds`: RSS and Atom from their bytes; ``fetch`` for http(s) and file addresses;
- :mod:`.normalise`: one spelling of quotes, dashes, spaces, numbers and paragraphs;
- :mod:`.language`: the language, offline; English and Russian read, others refused by name;
- :mod:`.dedup`: exact keys, MinHash signatures (as bytes) and the near-duplicate index;
- :mod:`.pipeline`: all of it for one item (``prepare``, ``prepare_entry``).

Pure Python: no database, nothing fetched except by ``feeds.fetch`` when asked.
"""
