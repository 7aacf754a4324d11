"""What a text is about: entities, threat categories and figures, each with the words that made it.

Pure of the database except :mod:`lexicon` and :mod:`knowledge`, which read the charter and the forces
data once and hand plain objects to the rest.
"""
